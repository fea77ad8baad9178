import { z } from 'zod';

const channelAccount = z.object({ id: z.string().min(1, 'expected a non-empty id'), name: z.string().optional() }).passthrough();

/**
 * The fields of a Bot Framework activity we rely on. Anything else passes through untouched:
 * channels add their own (channelData, entities, attachments, value...).
 */
export const inboundActivitySchema = z
  .object({
    type: z.string().min(1, 'expected an activity type such as "message"'),
    channelId: z.string().min(1, 'expected the channel id'),
    serviceUrl: z.string().url('expected the URL replies are sent to'),
    from: channelAccount,
    conversation: channelAccount,
    recipient: channelAccount.optional(),
    locale: z.string().max(20).optional(),
    text: z.string().max(20_000, 'a message text may have at most 20000 characters').optional(),
    deliveryMode: z.enum(['normal', 'notification', 'expectReplies', 'ephemeral']).optional(),
  })
  .passthrough();
