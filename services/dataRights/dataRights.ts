import type { Db } from 'mongodb';
import type { BookingService } from '../booking/bookingService';
import type { ConsentLedger, ConsentState } from '../consent/ledger';
import type { PeopleStore } from '../people/peopleStore';
import type { PersonDocument, Provenance } from '../people/person';
import { COLLECTIONS } from '../store/database';

export interface OptOutReceipt {
  personId: string | null;
  cancelled: Array<{ id: string; startUtc: Date; timeZone: string }>;
  at: Date;
}

export interface ErasureReceipt {
  personId: string;
  removed: Record<string, number>;
  suppressionKept: true;
}

/** Botbuilder keeps user state under "<channelId>/users/<userId>"; erasure and export must reach it too. */
function userStateKey(channelId: string, accountId: string): string {
  return `${channelId}/users/${accountId}`;
}

/**
 * The person's rights over their data and over being contacted: object (opt out), learn where we got
 * their number, get a copy, be erased. Every write that confirms something to the person is durable
 * before the confirmation is sent.
 */
export class DataRights {
  constructor(
    private readonly db: Db,
    private readonly people: PeopleStore,
    private readonly ledger: ConsentLedger,
    private readonly bookings: BookingService,
  ) {}

  /**
   * Stop all contact. The withdrawal (or, for a number we hold no record of, the suppression) is written
   * first; then every pending callback of the person is cancelled, whichever channel booked it.
   */
  async optOut(input: { person: PersonDocument | null; phoneE164: string | null; channelId: string; personWords: string; wording: string; at: Date }): Promise<OptOutReceipt> {
    const { person, at } = input;
    if (person) {
      await this.ledger.optOutEverywhere({ personId: person._id, channelId: input.channelId, personWords: input.personWords, wording: input.wording, source: 'bot', at });
      await this.ledger.suppress(person.phoneE164, 'opted_out', at);
      const cancelled = await this.bookings.cancelAllForPerson(person._id, 'the person opted out of all contact', at);
      return { personId: person._id, cancelled: cancelled.map((c) => ({ id: c._id, startUtc: c.startUtc, timeZone: c.prospectTimeZone })), at };
    }
    if (input.phoneE164) await this.ledger.suppress(input.phoneE164, 'opted_out', at);
    return { personId: null, cancelled: [], at };
  }

  /** The person asks to be contacted again: a new grant, and their number leaves the suppression list. */
  async optIn(input: { person: PersonDocument; channelId: string; personWords: string; wording: string; at: Date }): Promise<void> {
    await this.ledger.record({ personId: input.person._id, event: 'granted', scope: 'callbacks', channelId: input.channelId, wording: input.wording, personWords: input.personWords, source: 'bot', at: input.at });
    await this.ledger.liftSuppression(input.person.phoneE164);
  }

  provenanceOf(person: PersonDocument): Provenance {
    return person.provenance;
  }

  /** Everything we hold about the person, as plain JSON. */
  async exportPerson(personId: string): Promise<Record<string, unknown> | null> {
    const person = await this.people.get(personId);
    if (!person) return null;
    const accounts = await this.people.channelAccountsOf(personId);
    const [callbacks, consentEvents, callAttempts, consentState] = await Promise.all([
      this.db.collection(COLLECTIONS.callbacks.name).find({ personId }).toArray(),
      this.db.collection(COLLECTIONS.consentEvents.name).find({ personId }).sort({ at: 1 }).toArray(),
      this.db.collection(COLLECTIONS.callAttempts.name).find({ personId }).sort({ at: 1 }).toArray(),
      this.ledger.stateOf(personId),
    ]);
    const stateDocuments = await this.db
      .collection<{ _id: string; state: string }>(COLLECTIONS.botState.name)
      .find({ _id: { $in: accounts.map((a) => userStateKey(a.channelId, a.accountId)) } })
      .toArray();
    return {
      exportedAt: new Date().toISOString(),
      person,
      channelAccounts: accounts,
      callbacks,
      consent: { current: consentState satisfies ConsentState, events: consentEvents },
      callAttempts,
      conversationMemory: stateDocuments.map((d) => ({ key: d._id, state: JSON.parse(d.state) as unknown })),
    };
  }

  /**
   * Erases the person and everything linked to them. The suppression entry (a salted hash of the number)
   * is written first, so a crash half-way can never leave an erased person callable again.
   */
  async erasePerson(personId: string, at: Date): Promise<ErasureReceipt | null> {
    const person = await this.people.get(personId);
    if (!person) return null;
    await this.ledger.suppress(person.phoneE164, 'erased', at);
    const accounts = await this.people.channelAccountsOf(personId);
    const removed: Record<string, number> = {};
    const remove = async (name: string, filter: Record<string, unknown>) => {
      removed[name] = (await this.db.collection(name).deleteMany(filter)).deletedCount;
    };
    await remove(COLLECTIONS.callbacks.name, { personId });
    await remove(COLLECTIONS.consentEvents.name, { personId });
    await remove(COLLECTIONS.callAttempts.name, { personId });
    // Transcripts and summaries belong to the person too (written by the hand-off features when they land).
    await remove('transcripts', { personId });
    await remove('summaries', { personId });
    await remove(COLLECTIONS.botState.name, { _id: { $in: accounts.map((a) => userStateKey(a.channelId, a.accountId)) } });
    await remove(COLLECTIONS.channelAccounts.name, { personId });
    await remove(COLLECTIONS.people.name, { _id: personId });
    return { personId, removed, suppressionKept: true };
  }
}
