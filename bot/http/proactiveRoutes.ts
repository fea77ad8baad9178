import { z } from 'zod';
import type { ProactiveMessenger } from '../proactive/proactiveMessenger';
import { ApiError } from './errors';
import { defineRoute, type RouteDefinition } from './route';

export const proactiveMessageBody = z.strictObject({
  channelId: z.enum(['msteams', 'directline', 'webchat'], { message: 'expected msteams, directline or webchat' }),
  accountId: z.string({ message: 'expected the account id on that channel' }).min(1).max(200),
  text: z.string({ message: 'expected the message text' }).trim().min(1, 'expected the message text').max(4_000),
});

/** POST /api/agent/messages: an agent writes to a person in their last conversation on Teams or Web Chat. */
export function proactiveRoutes(messenger: ProactiveMessenger): RouteDefinition[] {
  return [
    defineRoute(
      {
        method: 'post',
        path: '/api/agent/messages',
        summary: 'Write to a person in their last conversation with the bot (Teams, Web Chat)',
        tags: ['agent'],
        auth: ['agent', 'admin'],
        body: proactiveMessageBody,
        examples: { body: { channelId: 'msteams', accountId: '29:1a2b3c', text: 'Hola Ana, te llamo a las 16:00 como quedamos.' } },
        responses: {
          202: { description: 'written into the conversation', schema: z.object({ sent: z.literal(true) }), example: { sent: true } },
          404: { description: 'the bot has no conversation with that account to write into' },
          502: { description: 'the channel refused the message (nothing was written); try again later' },
        },
      },
      async ({ body, res }) => {
        const sent = await messenger.sendText(body.channelId, body.accountId, body.text).catch(() => {
          throw new ApiError({ code: 'ChannelFailed', message: 'the channel refused the message; try again later' });
        });
        if (!sent) throw new ApiError({ code: 'NoConversation', message: 'the bot has no conversation with that account to write into' });
        res.send(202, { sent: true });
      },
    ),
  ];
}
