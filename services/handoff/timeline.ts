import { Collection, ObjectId } from 'mongodb';
import { z } from 'zod';

export const TIMELINE_KINDS = ['message', 'booking', 'consent', 'call_attempt', 'outcome', 'problem', 'claim'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/**
 * How sure we were, when the entry was written, that it belongs to the person: `verified` (the channel
 * vouched for the account and the link to the number is verified), `claimed` (the number was only typed, or
 * the turn was not vouched), `unidentified` (no person yet: attached when they are identified), `system`
 * (written by our own services: bookings, consent, calls).
 */
export const ENTRY_ASSURANCES = ['verified', 'claimed', 'unidentified', 'system'] as const;
export type EntryAssurance = (typeof ENTRY_ASSURANCES)[number];

export const CALLBACK_OUTCOMES = [
  'reached',
  'no_answer',
  'busy',
  'voicemail',
  'reschedule',
  'not_interested',
  'wrong_number',
  'converted',
] as const;
export type CallbackOutcome = (typeof CALLBACK_OUTCOMES)[number];

/** One thing in a person's history: a message either way on any channel, or an event our services wrote. */
export interface TimelineEntryDocument {
  /** ObjectId hex: grows with creation, so entries of one instant keep their order. */
  _id: string;
  personId: string | null;
  /** "<channelId>:<account id>" of the account written from or to; null for events of our services. */
  accountKey: string | null;
  conversationId: string | null;
  channelId: string;
  kind: TimelineKind;
  direction: 'inbound' | 'outbound' | 'internal';
  /** What was said or happened, unredacted (redaction applies to logs, not to the person's own record). */
  text: string;
  /** The person's name when the channel gives it (from.name, the Teams profile). */
  name: string | null;
  at: Date;
  assurance: EntryAssurance;
  /** The callback, consent event, call attempt or problem this entry is about. */
  ref: string | null;
  /** The agent who did it, for agent actions. */
  agentId: string | null;
  outcome: CallbackOutcome | null;
  /** The agent's note with an outcome. */
  note: string | null;
}

const nullable = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? null);

/** Entries read back (FerretDB may drop null fields): the shape the code relies on. */
export const timelineEntrySchema = z.object({
  _id: z.string(),
  personId: nullable(z.string()),
  accountKey: nullable(z.string()),
  conversationId: nullable(z.string()),
  channelId: z.string(),
  kind: z.enum(TIMELINE_KINDS),
  direction: z.enum(['inbound', 'outbound', 'internal']),
  text: z.string(),
  name: nullable(z.string()),
  at: z.date(),
  assurance: z.enum(ENTRY_ASSURANCES),
  ref: nullable(z.string()),
  agentId: nullable(z.string()),
  outcome: nullable(z.enum(CALLBACK_OUTCOMES)),
  note: nullable(z.string()),
});

export type NewTimelineEntry = Partial<Omit<TimelineEntryDocument, '_id' | 'kind' | 'text' | 'at' | 'channelId'>> &
  Pick<TimelineEntryDocument, 'kind' | 'text' | 'at' | 'channelId'>;

/** Builds an entry now (its id fixes its place in the order), to be written later in one batch. */
export function timelineEntry(entry: NewTimelineEntry): TimelineEntryDocument {
  return {
    _id: new ObjectId().toHexString(),
    personId: entry.personId ?? null,
    accountKey: entry.accountKey ?? null,
    conversationId: entry.conversationId ?? null,
    channelId: entry.channelId,
    kind: entry.kind,
    direction: entry.direction ?? 'internal',
    text: entry.text,
    name: entry.name ?? null,
    at: entry.at,
    assurance: entry.assurance ?? (entry.personId ? 'system' : 'unidentified'),
    ref: entry.ref ?? null,
    agentId: entry.agentId ?? null,
    outcome: entry.outcome ?? null,
    note: entry.note ?? null,
  };
}

function byOrder(a: TimelineEntryDocument, b: TimelineEntryDocument): number {
  return a.at.getTime() - b.at.getTime() || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);
}

/**
 * The `transcripts` collection: every entry keyed for equality lookups (personId, accountKey,
 * conversationId). Reads of a person's timeline are bounded by the per-person cap (see HandoffSummaries).
 */
export class TimelineStore {
  constructor(private readonly entries: Collection<TimelineEntryDocument>) {}

  async append(...entries: TimelineEntryDocument[]): Promise<void> {
    if (entries.length > 0) await this.entries.insertMany(entries, { ordered: true });
  }

  /** Oldest first. */
  async forPerson(personId: string): Promise<TimelineEntryDocument[]> {
    const documents = await this.entries.find({ personId }).toArray();
    return documents.map((document) => timelineEntrySchema.parse(document)).sort(byOrder);
  }

  async byIds(ids: readonly string[]): Promise<TimelineEntryDocument[]> {
    if (ids.length === 0) return [];
    const documents = await this.entries.find({ _id: { $in: [...ids] } }).toArray();
    return documents.map((document) => timelineEntrySchema.parse(document)).sort(byOrder);
  }

  async idsOf(personId: string): Promise<string[]> {
    const documents = await this.entries.find({ personId }, { projection: { _id: 1 } }).toArray();
    return documents.map((document) => document._id);
  }

  forConversation(conversationId: string): Promise<TimelineEntryDocument[]> {
    return this.entries
      .find({ conversationId })
      .toArray()
      .then((documents) => documents.map((document) => timelineEntrySchema.parse(document)).sort(byOrder));
  }

  /** Entries written before the account was linked to anyone now belong to the person it links to. */
  async attachAccount(accountKey: string, personId: string, assurance: 'verified' | 'claimed'): Promise<TimelineEntryDocument[]> {
    const pending = await this.entries.find({ accountKey, personId: null }).toArray();
    if (pending.length === 0) return [];
    const ids = pending.map((entry) => entry._id);
    await this.entries.updateMany({ _id: { $in: ids }, personId: null }, { $set: { personId, assurance } });
    return pending.map((document) => timelineEntrySchema.parse({ ...document, personId, assurance }));
  }

  /** The account proved the number: what it said while only claiming it stops being kept apart. */
  async promoteAccount(accountKey: string, personId: string): Promise<number> {
    const result = await this.entries.updateMany({ accountKey, personId, assurance: 'claimed' }, { $set: { assurance: 'verified' } });
    return result.modifiedCount;
  }

  /** Removes these entries of the person: folded into the summary (the cap), or written after an erasure. */
  async remove(personId: string, ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    return (await this.entries.deleteMany({ personId, _id: { $in: [...ids] } })).deletedCount;
  }
}
