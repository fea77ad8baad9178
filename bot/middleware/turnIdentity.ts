import type { Middleware, TurnContext } from 'botbuilder';
import { setTurnAccount } from '../../dialogs/turnAccount';
import type { Logger } from '../../services/observability/logger';
import { channelAccountOf } from '../identity/channelAccount';

/**
 * Tells the dialogs which account this turn speaks for and whether the channel vouched for it. A WhatsApp
 * activity is only ever produced by our own adapter after the webhook's signature check: one that arrives
 * any other way is somebody pretending to be a phone number, and is dropped.
 */
export class TurnIdentity implements Middleware {
  constructor(private readonly logger: Logger) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const account = channelAccountOf(context);
    // Proactive turns (continueConversation: an event we make ourselves, from a stored reference) speak for nobody.
    const proactive = context.activity.type === 'event';
    if (account.channelId === 'whatsapp' && !account.vouched && !proactive) {
      this.logger.warn({ channel: account.channelId }, 'refused a WhatsApp activity that did not come through the signed webhook');
      return;
    }
    setTurnAccount(context, account);
    await next();
  }
}
