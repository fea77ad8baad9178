import type { Collection } from 'mongodb';
import type { BotStateDocument } from '../store/database';

/** botbuilder's key for a conversation's state, `<channel>/conversations/<conversation id>/…`; users' keys stay. */
const CONVERSATION_KEY = /^[^/]+\/conversations\//;

/**
 * Deletes the state of conversations nobody has written to since `before`: where a dialog stood, the flags
 * and the activity ids of a conversation long over. What the person is (profile, bookings, consent,
 * timeline) lives elsewhere and stays; a person who comes back starts a fresh dialog and is known as
 * before. Keeping only live conversations is what the store owes the people in it, and it keeps the
 * collection every turn reads and writes the size of the traffic rather than of history.
 */
export async function forgetIdleConversations(states: Collection<BotStateDocument>, before: Date): Promise<number> {
  const { deletedCount } = await states.deleteMany({ _id: { $regex: CONVERSATION_KEY }, updatedAt: { $lt: before } });
  return deletedCount;
}
