import type { Db } from 'mongodb';
import type { BookingService } from '../booking/bookingService';
import { callbackView, type CallbackView } from '../booking/callback';
import { concernsCalls, type ConsentEventDocument, type ConsentLedger, type ConsentScope } from '../consent/ledger';
import type { PeopleStore } from '../people/peopleStore';
import type { PersonDocument, Provenance } from '../people/person';
import { collectPersonalData, deletePersonalData } from './personalData';

export interface OptOutReceipt {
  personId: string | null;
  cancelled: CallbackView[];
  at: Date;
}

export interface ErasureReceipt {
  personId: string;
  /** Documents deleted, per collection. */
  removed: Record<string, number>;
  suppressionKept: true;
}

export interface ConsentReceipt {
  personId: string;
  personCreated: boolean;
  event: ConsentEventDocument;
  cancelledCallbacks: number;
}

export type PlainJson = null | boolean | number | string | PlainJson[] | { [key: string]: PlainJson };

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
    private readonly bookings: Pick<BookingService, 'cancelAllForPerson'>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * Stop all contact (RGPD art. 21.2–3). The withdrawal (or, for a number we hold no record of, the suppression)
   * is written first; then every pending callback of the person is cancelled, whichever channel booked it.
   */
  async optOut(input: {
    person: PersonDocument | null;
    phoneE164: string | null;
    channelId: string;
    personWords: string;
    wording: string;
    at: Date;
  }): Promise<OptOutReceipt> {
    const { person, at } = input;
    if (person) {
      await this.ledger.optOutEverywhere({
        personId: person._id,
        channelId: input.channelId,
        personWords: input.personWords,
        wording: input.wording,
        source: 'bot',
        at,
      });
      await this.ledger.suppress(person.phoneE164, 'opted_out', at);
      const cancelled = await this.bookings.cancelAllForPerson(person._id, 'the person opted out of all contact', at);
      return {
        personId: person._id,
        cancelled: cancelled.map(callbackView),
        at,
      };
    }
    if (input.phoneE164) await this.ledger.suppress(input.phoneE164, 'opted_out', at);
    return { personId: null, cancelled: [], at };
  }

  /** The person asks to be contacted again: a new grant, and their number leaves the suppression list. */
  async optIn(input: { person: PersonDocument; channelId: string; personWords: string; wording: string; at: Date }): Promise<void> {
    await this.ledger.record({
      personId: input.person._id,
      event: 'granted',
      scope: 'callbacks',
      channelId: input.channelId,
      wording: input.wording,
      personWords: input.personWords,
      source: 'bot',
      at: input.at,
    });
    await this.ledger.liftSuppression(input.person.phoneE164);
  }

  /**
   * A consent event from the admin API or an import. A withdrawal of calls suppresses the number and cancels
   * pending callbacks, as the person's own opt-out would; a new grant of calls lifts the suppression, even one
   * left by an erasure (the person has come back and said yes).
   */
  async recordConsent(input: {
    phoneE164: string;
    event: 'granted' | 'withdrawn';
    scope: ConsentScope;
    wording: string;
    personWords: string | null;
    channelId: string | null;
    source: 'admin_api' | 'import';
    at: Date;
  }): Promise<ConsentReceipt> {
    const { phoneE164, at, ...event } = input;
    const provenance = {
      source: input.source === 'import' ? ('import' as const) : ('admin' as const),
      campaign: null,
      collectedAt: at,
      detail: 'consent recorded by our staff',
    };
    const { person, created } = await this.people.upsertByPhone(phoneE164, {}, { provenance });
    const recorded = await this.ledger.record({ ...event, personId: person._id, at });
    let cancelledCallbacks = 0;
    if (concernsCalls(input.scope) && input.event === 'withdrawn') {
      await this.ledger.suppress(phoneE164, 'opted_out', at);
      cancelledCallbacks = (await this.bookings.cancelAllForPerson(person._id, 'consent to calls withdrawn (admin API)', at)).length;
    } else if (concernsCalls(input.scope)) {
      await this.ledger.liftSuppression(phoneE164);
    }
    return { personId: person._id, personCreated: created, event: recorded, cancelledCallbacks };
  }

  /** Where we got the person's details: the truthful answer to "¿de dónde habéis sacado mis datos?" (RGPD art. 14.2.f, 15.1.g). */
  async provenanceOf(personId: string): Promise<Provenance | null> {
    return (await this.people.get(personId))?.provenance ?? null;
  }

  /** Everything we hold about the person, as plain JSON (RGPD art. 15 and 20). */
  async exportPerson(personId: string): Promise<{ [key: string]: PlainJson } | null> {
    const person = await this.people.get(personId);
    if (!person) return null;
    const accounts = await this.people.channelAccountsOf(personId);
    const { consentEvents, ...held } = await collectPersonalData(this.db, person, accounts);
    const exported = {
      exportedAt: this.clock(),
      person,
      channelAccounts: accounts,
      ...held,
      consent: { current: await this.ledger.stateOf(personId), events: consentEvents },
      suppressed: await this.ledger.isSuppressed(person.phoneE164),
    };
    // Dates become ISO text and ObjectIds hex: what the person receives is plain JSON.
    return JSON.parse(JSON.stringify(exported)) as { [key: string]: PlainJson };
  }

  /**
   * Erases the person and everything linked to them (RGPD art. 17). The suppression entry (a salted hash of
   * the number) is written first, so a crash half-way can never leave an erased person callable again; it is
   * what we keep, to honour the objection (RGPD art. 17.3.b, 21.3), and only a new grant of calls lifts it.
   */
  async erasePerson(personId: string, at: Date): Promise<ErasureReceipt | null> {
    const person = await this.people.get(personId);
    if (!person) return null;
    await this.ledger.suppress(person.phoneE164, 'erased', at);
    const accounts = await this.people.channelAccountsOf(personId);
    return { personId, removed: await deletePersonalData(this.db, person, accounts), suppressionKept: true };
  }
}
