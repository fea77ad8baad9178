import type { TurnContext } from 'botbuilder';
import type { EntryPoint } from '../services/teams/team';

const TURN_ENTRY = Symbol.for('callbackBot.turnEntry');

/** Set by the bot before the dialogs run: where this conversation came in (what routing to a team asks first). */
export function setTurnEntry(context: TurnContext, entry: EntryPoint): void {
  context.turnState.set(TURN_ENTRY, entry);
}

/** The turn's entry point; none known when the bot did not say. */
export function turnEntry(context: TurnContext): EntryPoint {
  return context.turnState.get<EntryPoint | undefined>(TURN_ENTRY) ?? { channel: 'other' };
}
