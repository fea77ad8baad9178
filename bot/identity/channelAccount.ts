import type { TurnContext } from 'botbuilder';
import type { ChannelAccountRef } from '../../services/identity/assurance';

/**
 * How far the channel vouches that `activity.from.id` really is the account writing. Only the channel
 * can say so, never the activity itself: our own adapters mark the turn after checking their own proof
 * (the WhatsApp webhook's signature, the local Direct Line's signed token), and a Bot Connector
 * activity counts once CloudAdapter validated its JWT (anonymous mode validates nothing).
 */
export type VouchedBy = 'whatsapp_signature' | 'directline_token' | 'bot_connector_jwt';

const VOUCHED_BY = Symbol.for('callbackBot.channelVouchedBy');

/** Called by an adapter of ours, after it checked the channel's proof, before the bot runs. */
export function markChannelVouched(context: TurnContext, by: Exclude<VouchedBy, 'bot_connector_jwt'>): void {
  context.turnState.set(VOUCHED_BY, by);
}

export function vouchedBy(context: TurnContext): VouchedBy | null {
  const marked = context.turnState.get<VouchedBy | undefined>(VOUCHED_BY);
  if (marked) return marked;
  const identity = context.turnState.get<{ authenticationType?: unknown } | undefined>(context.adapter.BotIdentityKey);
  const type = identity?.authenticationType;
  // A validated JWT yields `true`; anything else (absent, "anonymous") proves nothing.
  if (type === true) return 'bot_connector_jwt';
  return null;
}

/** The account this turn speaks for, as the services see it. */
export function channelAccountOf(context: TurnContext): ChannelAccountRef {
  const { channelId, from } = context.activity;
  return { channelId, accountId: from.id, vouched: vouchedBy(context) !== null };
}
