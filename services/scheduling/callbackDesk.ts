import { lawfulWindowFor, type LawfulWindow } from '../availability/lawfulWindow';
import { parseRuleSet, type RuleSet } from '../availability/ruleSet';
import type { RuleSetStore } from '../availability/ruleSetStore';
import type { BookingService } from '../booking/bookingService';
import { callbackView, type CallbackView } from '../booking/callback';
import { maySeeCallback, type Assurance, type ChannelAccountRef } from '../identity/assurance';
import { displayZoneOf, lawfulWindowOf } from '../people/personZone';
import type { PeopleStore } from '../people/peopleStore';
import type { PersonDocument } from '../people/person';
import { normalisePhone, numberProvenBy } from '../people/phone';
import { slotsForWish } from './slotsForWish';
import type { Language } from '../language/language';

/** What the conversation sees of a person: never the whole record. */
export interface DeskPerson {
  id: string;
  phoneE164: string;
  /** The zone we render times in: the stated one, or the first candidate of the number's. */
  timeZone: string;
  /** More than one when the number alone cannot tell (a Spanish mobile, a US number) and nobody said. */
  zoneCandidates: string[];
  zoneKnown: boolean;
  existingCustomer: boolean;
  /** The language we last spoke with them in, if we know it (a message we start, such as a reminder, uses it). */
  language: Language | null;
  /** How sure we are that the account writing is this person; a claimed identity sees only what it booked itself. */
  assurance: Assurance;
  /** The account this view was read for. */
  account: ChannelAccountRef;
}

export type DeskCallback = CallbackView;

export type DeskBookingOutcome =
  | { ok: true; callback: DeskCallback }
  | {
      ok: false;
      /** held_elsewhere: the person has a callback this (claimed) account may not see; verifying shows it. */
      reason: 'taken' | 'not_offered' | 'already_booked' | 'held_elsewhere';
      alternatives: Array<{ startUtc: Date }>;
      existing?: DeskCallback;
    };

export type DeskWish = { kind: 'asap' } | { kind: 'near'; target: Date; from?: Date; to?: Date };

const DAY = 86_400_000;

/**
 * The scheduling conversation's single door into the domain: people, their lawful window, the team's
 * rule set and the booking service. Which rule set applies and how a wish becomes a search range are
 * decided here, not in the dialogs.
 */
export class CallbackDesk {
  constructor(
    private readonly people: PeopleStore,
    private readonly bookings: BookingService,
    private readonly ruleSets: RuleSetStore,
    private readonly ruleSetId: string,
    private readonly clock: () => Date,
  ) {}

  normalisePhone(input: string, defaultCountry: string): { ok: true; e164: string } | { ok: false } {
    const result = normalisePhone(input, defaultCountry);
    return result.ok ? { ok: true, e164: result.e164 } : { ok: false };
  }

  async personForAccount(account: ChannelAccountRef): Promise<DeskPerson | null> {
    const link = await this.people.accountLink(account);
    if (link) return this.view(link.person, link.assurance, account);
    // WhatsApp tells us the number: the person need not type it.
    const phoneE164 = numberProvenBy(account);
    return phoneE164 ? this.identify({ account, phoneE164, language: 'es' }) : null;
  }

  /** The number the person gave: a claim, unless the channel itself proves it (WhatsApp). */
  async identify(input: {
    account: ChannelAccountRef;
    phoneE164: string;
    language: Language;
    statedTimeZone?: string;
  }): Promise<DeskPerson> {
    const { account } = input;
    const person = await this.people.findOrCreateByPhone(input.phoneE164, {
      provenance: { source: 'bot', campaign: null, collectedAt: this.clock(), detail: null },
      language: input.language,
      ...(input.statedTimeZone && isStatedZoneUsable(input.phoneE164, input.statedTimeZone) ? { timeZone: input.statedTimeZone } : {}),
    });
    const provenByChannel = numberProvenBy(account) === person.phoneE164;
    if (provenByChannel)
      await this.people.linkChannelAccount(account.channelId, account.accountId, person._id, 'verified', 'whatsapp_number');
    else await this.people.linkChannelAccount(account.channelId, account.accountId, person._id, 'claimed');
    // Typing one's own number again on an account already verified for it keeps it verified.
    const link = await this.people.accountLink(account);
    return this.view(person, link?.person._id === person._id ? link.assurance : 'claimed', account);
  }

  async setTimeZone(person: DeskPerson, timeZone: string): Promise<DeskPerson> {
    return this.view(await this.people.update(person.id, { timeZone }), person.assurance, person.account);
  }

  /** The person's active callback, if this identity may see it: a claimed one sees only what it booked itself. */
  async activeCallback(person: DeskPerson): Promise<DeskCallback | null> {
    const callback = await this.bookings.activeFor(person.id);
    return callback && maySeeCallback(person, callback.bookedBy) ? callbackView(callback) : null;
  }

  /** The person's missed call, if this identity may see it and its apology still stands. */
  async missedCallback(person: DeskPerson): Promise<DeskCallback | null> {
    const callback = await this.bookings.lastMissedFor(person.id);
    return callback && maySeeCallback(person, callback.bookedBy) ? callbackView(callback) : null;
  }

  /** A new time chosen after we missed a call: booked as the repair of that miss (a plain booking if it is gone). */
  async bookRepair(person: DeskPerson, slotStartUtc: Date, missedId: string): Promise<DeskBookingOutcome> {
    const missed = await this.missedCallback(person);
    return this.book(person, slotStartUtc, missed?.id === missedId ? missedId : undefined);
  }

  async slotsFor(person: DeskPerson, wish: DeskWish, limit: number): Promise<Array<{ startUtc: Date }>> {
    const { ruleSet, record } = await this.context(person);
    const now = this.clock();
    const horizon = new Date(now.getTime() + ruleSet.horizonDays * DAY);
    if (wish.kind === 'asap') {
      return this.bookings.offer({ ruleSet, person: record, range: { fromUtc: now, toUtc: horizon }, limit, now });
    }
    // From the wished day on, where the search rule looks (a week before too, used only past the horizon).
    const from = new Date(Math.max(now.getTime(), wish.target.getTime() - 7 * DAY));
    const free = await this.bookings.offer({ ruleSet, person: record, range: { fromUtc: from, toUtc: horizon }, limit: Infinity, now });
    return slotsForWish(free, wish, person.timeZone, limit);
  }

  async whyUnavailable(person: DeskPerson, instant: Date) {
    const { ruleSet, lawfulWindow } = await this.context(person);
    return this.bookings.explainUnavailable({ ruleSet, lawfulWindow, instantUtc: instant, now: this.clock() });
  }

  async book(person: DeskPerson, slotStartUtc: Date, repairOf?: string): Promise<DeskBookingOutcome> {
    const { ruleSet, record } = await this.context(person);
    const bookedBy = { channelId: person.account.channelId, accountId: person.account.accountId, assurance: person.assurance };
    const booking = { ruleSet, person: record, slotStartUtc, channelId: bookedBy.channelId, bookedBy, now: this.clock() };
    const result = repairOf ? await this.bookings.bookRepair({ ...booking, repairOf }) : await this.bookings.book(booking);
    if (!result.ok && result.reason === 'already_booked' && result.existing && !maySeeCallback(person, result.existing.bookedBy)) {
      return { ok: false, reason: 'held_elsewhere', alternatives: [] };
    }
    return this.outcome(result);
  }

  async reschedule(person: DeskPerson, callbackId: string, slotStartUtc: Date): Promise<DeskBookingOutcome> {
    if (!(await this.mayTouch(person, callbackId))) return { ok: false, reason: 'held_elsewhere', alternatives: [] };
    const { ruleSet, record } = await this.context(person);
    return this.outcome(await this.bookings.reschedule({ callbackId, ruleSet, person: record, slotStartUtc, now: this.clock() }));
  }

  async cancel(person: DeskPerson, callbackId: string, reason: string): Promise<DeskCallback | null> {
    if (!(await this.mayTouch(person, callbackId))) return null;
    const cancelled = await this.bookings.cancel({ callbackId, reason, now: this.clock() });
    return cancelled ? callbackView(cancelled) : null;
  }

  private async mayTouch(person: DeskPerson, callbackId: string): Promise<boolean> {
    const active = await this.bookings.activeFor(person.id);
    return active !== null && active._id === callbackId && maySeeCallback(person, active.bookedBy);
  }

  private outcome(result: Awaited<ReturnType<BookingService['book']>>): DeskBookingOutcome {
    if (result.ok) return { ok: true, callback: callbackView(result.callback) };
    return {
      ok: false,
      reason: result.reason,
      alternatives: result.alternatives.map((slot) => ({ startUtc: slot.startUtc })),
      ...(result.existing ? { existing: callbackView(result.existing) } : {}),
    };
  }

  private async context(person: DeskPerson): Promise<{ ruleSet: RuleSet; record: PersonDocument; lawfulWindow: LawfulWindow }> {
    const [stored, record] = await Promise.all([this.ruleSets.current(this.ruleSetId), this.people.get(person.id)]);
    if (!stored) throw new Error(`rule set "${this.ruleSetId}" does not exist`);
    if (!record) throw new Error(`person ${person.id} does not exist`);
    return { ruleSet: parseRuleSet(stored.ruleSet), record, lawfulWindow: lawfulWindowOf(record) };
  }

  private view(person: PersonDocument, assurance: Assurance, account: ChannelAccountRef): DeskPerson {
    const window = lawfulWindowOf(person);
    const zoneKnown = person.timeZone !== null || !window.zoneAmbiguous;
    return {
      id: person._id,
      phoneE164: person.phoneE164,
      timeZone: displayZoneOf(person),
      zoneCandidates: [...window.candidateZones],
      zoneKnown,
      existingCustomer: person.existingCustomer,
      language: person.language,
      assurance,
      account,
    };
  }
}

/** A browser's zone is only trusted if it is one the number can ring in (a Madrid laptop, a Canary phone…). */
function isStatedZoneUsable(phoneE164: string, zone: string): boolean {
  return lawfulWindowFor({ phoneE164 }).candidateZones.includes(zone);
}
