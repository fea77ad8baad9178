import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { ApiKeyStore } from '../../services/auth/apiKeys';
import type { ProactiveMessenger } from '../proactive/proactiveMessenger';
import { requireRole } from './apiAuth';
import { sendError, sendValidationError } from './errors';

const messageBody = z.strictObject({
  channelId: z.enum(['msteams', 'directline', 'webchat'], { message: 'expected msteams, directline or webchat' }),
  accountId: z.string({ message: 'expected the account id on that channel' }).min(1).max(200),
  text: z.string({ message: 'expected the message text' }).trim().min(1, 'expected the message text').max(4_000),
});

/** POST /api/agent/messages: an agent writes to a person in their last conversation on Teams or Web Chat. */
export function registerProactiveRoutes(server: Server, keys: ApiKeyStore, messenger: ProactiveMessenger): void {
  server.post('/api/agent/messages', requireRole(keys, ['agent', 'admin']), async (req: Request, res: Response) => {
    const body = messageBody.safeParse(req.body);
    if (!body.success) return sendValidationError(res, body.error);
    const sent = await messenger.sendText(body.data.channelId, body.data.accountId, body.data.text);
    if (!sent)
      return sendError(res, 404, { code: 'NoConversation', message: 'the bot has no conversation with that account to write into' });
    res.send(202, { sent: true });
  });
}
