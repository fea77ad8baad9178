import { z } from 'zod';
import { isLoopbackUrl } from '../loopback';

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

/**
 * Anonymous mode (no MicrosoftAppId) answers only on this machine: the Emulator and the Agents Playground run
 * beside the bot and give a loopback serviceUrl. Any other is refused (400 naming serviceUrl) before the turn, so
 * nothing is ever sent to it, now or later through the conversation reference a turn would have stored.
 */
const loopbackServiceUrl = z
  .url({ message: 'expected the URL replies are sent to' })
  .regex(
    /^https?:\/\/(localhost|127\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])|\[::1\])(:([0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?(\/[A-Za-z0-9._~!$&'()*+,;=:@/-]*)?$/,
    'without Bot Framework authentication (MicrosoftAppId) the bot replies only to a serviceUrl on this machine (localhost, 127.0.0.1, [::1])',
  )
  .refine(isLoopbackUrl, 'expected a serviceUrl on this machine');

export const anonymousActivitySchema = inboundActivitySchema.extend({ serviceUrl: loopbackServiceUrl });
