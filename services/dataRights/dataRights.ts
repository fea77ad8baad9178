import type { Db } from 'mongodb';
import type { BookingService } from '../booking/bookingService';
import type { CallbackView } from '../booking/callback';
import { concernsCalls, type ConsentEventDocument, type ConsentLedger, type ConsentScope, type ConsentSource } from '../consent/ledger';
import type { Assurance, BookedBy } from '../identity/assurance';
import type { PeopleStore } from '../people/peopleStore';
import type { PersonDocument, Provenance } from '../people/person';
import { collectPersonalData, deletePersonalData } from './personalData';

export interface OptOutReceipt {
  personId: string | null;
  cancelled: Array<CallbackView & { bookedBy?: BookedBy }>;
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

export interface ConsentInput {
  phoneE164: string;
  event: 'granted' | 'withdrawn';
  scope: ConsentScope;
  wording: string;
  personWords: string | null;
  channelId: string | null;
  source: ConsentSource;
  /** Chat only: the identity that spoke. */
  assurance?: Assurance;
  at: Date;
  /** Why the person's callbacks are cancelled by a withdrawal, as their history will say; else by source. */
  cancelReason?: string;
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
   * Honoured whoever asks: stopping calls to a number is always safe.
   */
  async optOut(input: {
    person: PersonDocument | null;
    phoneE164: string | null;
    channelId: string;
    personWords: string;
    wording: string;
    assurance: Assurance;
    at: Date;
  }): Promise<OptOutReceipt> {
    const { person, at } = input;
    if (!person) {
      if (input.phoneE164) await this.ledger.suppress(input.phoneE164, 'opted_out', at);
      return { personId: null, cancelled: [], at };
    }
    const { cancelled } = await this.applyConsent({
      phoneE164: person.phoneE164,
      event: 'withdrawn',
      scope: 'all',
      wording: input.wording,
      personWords: input.personWords,
      channelId: input.channelId,
      source: 'bot',
      assurance: input.assurance,
      at,
    });
    return { personId: person._id, cancelled, at };
  }

  /** The person asks to be contacted again: a new grant, and their number leaves the suppression list. */
  async optIn(input: { person: PersonDocument; channelId: string; personWords: string; wording: string; at: Date }): Promise<void> {
    await this.recordConsent({
      phoneE164: input.person.phoneE164,
      event: 'granted',
      scope: 'callbacks',
      wording: input.wording,
      personWords: input.personWords,
      channelId: input.channelId,
      source: 'bot',
      assurance: 'verified',
      at: input.at,
    });
  }

  /**
   * The one door for a consent event, from chat, the admin API or an import, and what follows from it. A
   * withdrawal of calls suppresses the number and cancels pending callbacks; a new grant of calls lifts the
   * suppression, even one left by an erasure (the person has come back and said yes) — but only from our staff
   * or from the verified person: a number merely typed in a chat must not undo someone's opt-out.
   */
  async recordConsent(input: ConsentInput): Promise<ConsentReceipt> {
    return (await this.applyConsent(input)).receipt;
  }

  private async applyConsent(input: ConsentInput): Promise<{ receipt: ConsentReceipt; cancelled: OptOutReceipt['cancelled'] }> {
    const { phoneE164, at, assurance, cancelReason, ...event } = input;
    const provenance = {
      source: input.source === 'import' ? ('import' as const) : input.source === 'bot' ? ('bot' as const) : ('admin' as const),
      campaign: null,
      collectedAt: at,
      detail: input.source === 'bot' ? null : 'consent recorded by our staff',
    };
    const { person, created } = await this.people.upsertByPhone(phoneE164, {}, { provenance });
    const recorded = await this.ledger.record({ ...event, ...(assurance ? { assurance } : {}), personId: person._id, at });
    let cancelled: OptOutReceipt['cancelled'] = [];
    if (concernsCalls(input.scope) && input.event === 'withdrawn') {
      await this.ledger.suppress(phoneE164, 'opted_out', at);
      const reason =
        cancelReason ?? (input.source === 'bot' ? 'the person opted out of all contact' : 'consent to calls withdrawn (admin API)');
      cancelled = (await this.bookings.cancelAllForPerson(person._id, reason, at)).map((c) => ({
        id: c._id,
        startUtc: c.startUtc,
        timeZone: c.prospectTimeZone,
        ...(c.bookedBy ? { bookedBy: c.bookedBy } : {}),
      }));
    } else if (concernsCalls(input.scope) && (input.source !== 'bot' || assurance === 'verified')) {
      await this.ledger.liftSuppression(phoneE164);
    }
    return { receipt: { personId: person._id, personCreated: created, event: recorded, cancelledCallbacks: cancelled.length }, cancelled };
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
