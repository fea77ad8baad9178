import type { TurnContext } from 'botbuilder';
import type { ChannelAccountRef } from '../services/identity/assurance';

const TURN_ACCOUNT = Symbol.for('callbackBot.turnAccount');

/** Set by the bot before the dialogs run: the account this turn speaks for, and whether the channel vouched for it. */
export function setTurnAccount(context: TurnContext, account: ChannelAccountRef): void {
  context.turnState.set(TURN_ACCOUNT, account);
}

/** The turn's account; never vouched unless the bot said so. */
export function turnAccount(context: TurnContext): ChannelAccountRef {
  const set = context.turnState.get<ChannelAccountRef | undefined>(TURN_ACCOUNT);
  return set ?? { channelId: context.activity.channelId, accountId: context.activity.from.id, vouched: false };
}
