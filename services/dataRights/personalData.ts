import type { Db, Document, Filter } from 'mongodb';
import type { ChannelAccountDocument, PersonDocument } from '../people/person';
import { COLLECTIONS } from '../store/database';

/** Collections other features write about a person (conversation transcripts, hand-off summaries), by personId. */
export const PERSON_OWNED_EXTRA_COLLECTIONS = ['transcripts', 'summaries', 'problems', 'callback_claims'] as const;

/** Botbuilder keeps user state under "<channelId>/users/<userId>"; export and erasure must reach it too. */
export function userStateKey(account: Pick<ChannelAccountDocument, 'channelId' | 'accountId'>): string {
  return `${account.channelId}/users/${account.accountId}`;
}

/** Attempts are recorded by number, with the person when known: an early one may carry no personId. */
interface StoredDocument extends Document {
  _id: string;
}

function attemptsFilter(person: PersonDocument): Filter<StoredDocument> {
  return { $or: [{ personId: person._id }, { phoneE164: person.phoneE164 }] };
}

/** WhatsApp's wa_id is the E.164 number without its "+". */
function whatsAppIdOf(person: PersonDocument): string {
  return person.phoneE164.replace(/^\+/, '');
}

/** Contacts are "<phone number id>:<wa_id>", one per business number. */
function whatsAppContactFilter(waId: string): Filter<StoredDocument> {
  return { _id: { $regex: `^\\d+:${escapeRegExp(waId)}$` } };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** JSON text as stored by the bot; a document that does not parse is shown as the text it is. */
function parsedState(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { unparsedText: text };
  }
}

/** Everything held about the person (RGPD art. 15 access, art. 20 portability), as found in the database. */
export async function collectPersonalData(db: Db, person: PersonDocument, accounts: readonly ChannelAccountDocument[]) {
  const byPerson = { personId: person._id };
  const [callbacks, consentEvents, callAttempts, userStates] = await Promise.all([
    db.collection(COLLECTIONS.callbacks.name).find(byPerson).sort({ createdAt: 1 }).toArray(),
    db.collection(COLLECTIONS.consentEvents.name).find(byPerson).sort({ at: 1, _id: 1 }).toArray(),
    db.collection<StoredDocument>(COLLECTIONS.callAttempts.name).find(attemptsFilter(person)).sort({ at: 1 }).toArray(),
    db
      .collection<{ _id: string; state: string }>(COLLECTIONS.botState.name)
      .find({ _id: { $in: accounts.map(userStateKey) } })
      .toArray(),
  ]);
  const extras: Record<string, Document[]> = {};
  for (const name of PERSON_OWNED_EXTRA_COLLECTIONS) extras[name] = await db.collection(name).find(byPerson).toArray();
  const waId = whatsAppIdOf(person);
  extras.whatsappContacts = await db
    .collection<StoredDocument>(COLLECTIONS.whatsappContacts.name)
    .find(whatsAppContactFilter(waId))
    .toArray();
  extras.whatsappOutbox = await db.collection(COLLECTIONS.whatsappOutbox.name).find({ to: waId }).toArray();
  return {
    callbacks,
    consentEvents,
    callAttempts,
    botUserState: userStates.map((document) => ({ key: document._id, state: parsedState(document.state) })),
    ...extras,
  };
}

/**
 * Deletes everything linked to the person except the suppression, which the caller wrote first. The person
 * document goes last: until then a retry finds them and finishes the job (no transactions to lean on).
 */
export async function deletePersonalData(
  db: Db,
  person: PersonDocument,
  accounts: readonly ChannelAccountDocument[],
): Promise<Record<string, number>> {
  const removed: Record<string, number> = {};
  const remove = async (name: string, filter: Filter<StoredDocument>) => {
    removed[name] = (removed[name] ?? 0) + (await db.collection<StoredDocument>(name).deleteMany(filter)).deletedCount;
  };
  const byPerson = { personId: person._id };
  await remove(COLLECTIONS.callbacks.name, byPerson);
  await remove(COLLECTIONS.consentEvents.name, byPerson);
  await remove(COLLECTIONS.callAttempts.name, attemptsFilter(person));
  for (const name of PERSON_OWNED_EXTRA_COLLECTIONS) await remove(name, byPerson);
  const stateKeys = accounts.map(userStateKey);
  await remove(COLLECTIONS.botState.name, { _id: { $in: stateKeys } });
  // Write claims are "<key>@<eTag>"; a leftover from a crash still names the account (on WhatsApp, the number).
  for (const key of stateKeys) await remove(COLLECTIONS.botStateClaims.name, { _id: { $regex: `^${escapeRegExp(key)}@` } });
  // WhatsApp keeps records by the number itself (its window, a suppression, messages waiting to go), counted
  // only when there were any. Its inbox is not touched: the message asking for erasure is being answered from
  // it, and an answered message keeps nothing but its id.
  const waId = whatsAppIdOf(person);
  for (const [name, filter] of [
    [COLLECTIONS.whatsappContacts.name, whatsAppContactFilter(waId)],
    [COLLECTIONS.whatsappOutbox.name, { to: waId }],
  ] as const) {
    const count = (await db.collection<StoredDocument>(name).deleteMany(filter)).deletedCount;
    if (count > 0) removed[name] = count;
  }
  // Records kept by account (where to write to them later, an open one-time code, notices, the bot's own
  // Direct Line conversations and their activities), counted only when there were any.
  const accountKeys = accounts.map((a) => `${a.channelId}:${a.accountId}`);
  const directLineUsers = accounts.filter((a) => a.channelId === 'directline').map((a) => a.accountId);
  const directLineConversations = (
    await db
      .collection<StoredDocument>(COLLECTIONS.directlineConversations.name)
      .find({ userId: { $in: directLineUsers } }, { projection: { _id: 1 } })
      .toArray()
  ).map((c) => c._id);
  for (const [name, filter] of [
    [COLLECTIONS.conversationReferences.name, { _id: { $in: accountKeys } }],
    [COLLECTIONS.oneTimeCodes.name, { _id: { $in: accountKeys } }],
    [COLLECTIONS.optOutNotices.name, byPerson],
    [COLLECTIONS.directlineActivities.name, { conversationId: { $in: directLineConversations } }],
    [COLLECTIONS.directlineConversations.name, { _id: { $in: directLineConversations } }],
  ] as const) {
    const count = (await db.collection<StoredDocument>(name).deleteMany(filter)).deletedCount;
    if (count > 0) removed[name] = count;
  }
  await remove(COLLECTIONS.channelAccounts.name, byPerson);
  await remove(COLLECTIONS.people.name, { _id: person._id });
  return removed;
}
