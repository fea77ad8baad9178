import { lawfulWindowFor, type LawfulWindow } from '../availability/lawfulWindow';
import { parseRuleSet, type RuleSet } from '../availability/ruleSet';
import type { RuleSetStore } from '../availability/ruleSetStore';
import type { BookingService } from '../booking/bookingService';
import { callbackView, type CallbackView } from '../booking/callback';
import { displayZoneOf, lawfulWindowOf } from '../people/personZone';
import type { PeopleStore } from '../people/peopleStore';
import type { PersonDocument } from '../people/person';
import { normalisePhone } from '../people/peopleStore';

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
}

export type DeskCallback = CallbackView;

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

  async personForAccount(channelId: string, accountId: string): Promise<DeskPerson | null> {
    const person = await this.people.personForChannelAccount(channelId, accountId);
    if (person) return this.view(person);
    // WhatsApp tells us the number: the person need not type it.
    const phone = channelId === 'whatsapp' ? normalisePhone(accountId.startsWith('+') ? accountId : `+${accountId}`) : null;
    if (!phone?.ok) return null;
    return this.identify({ channelId, accountId, phoneE164: phone.e164, language: 'es' });
  }

  async identify(input: {
    channelId: string;
    accountId: string;
    phoneE164: string;
    language: 'es' | 'en';
    statedTimeZone?: string;
  }): Promise<DeskPerson> {
    const person = await this.people.findOrCreateByPhone(input.phoneE164, {
      provenance: { source: 'bot', campaign: null, collectedAt: this.clock(), detail: null },
      language: input.language,
      ...(input.statedTimeZone && isStatedZoneUsable(input.phoneE164, input.statedTimeZone) ? { timeZone: input.statedTimeZone } : {}),
    });
    await this.people.linkChannelAccount(input.channelId, input.accountId, person._id);
    return this.view(person);
  }

  async setTimeZone(personId: string, timeZone: string): Promise<DeskPerson> {
    return this.view(await this.people.update(personId, { timeZone }));
  }

  async activeCallback(personId: string): Promise<DeskCallback | null> {
    const callback = await this.bookings.activeFor(personId);
    return callback ? callbackView(callback) : null;
  }

  async slotsFor(person: DeskPerson, wish: DeskWish, limit: number): Promise<Array<{ startUtc: Date }>> {
    const { ruleSet, record } = await this.context(person);
    const now = this.clock();
    const horizon = new Date(now.getTime() + ruleSet.horizonDays * DAY);
    if (wish.kind === 'asap') {
      return this.bookings.offer({ ruleSet, person: record, range: { fromUtc: now, toUtc: horizon }, limit, now });
    }
    if (wish.from && wish.to) {
      const inside = await this.bookings.offer({ ruleSet, person: record, range: { fromUtc: wish.from, toUtc: wish.to }, limit, now });
      if (inside.length >= limit) return inside;
    }
    // Nothing (or too little) where they asked: the nearest lawful times on either side, within a week.
    const from = new Date(Math.max(now.getTime(), wish.target.getTime() - 7 * DAY));
    const to = new Date(Math.min(horizon.getTime(), wish.target.getTime() + 7 * DAY));
    return this.bookings.offer({ ruleSet, person: record, range: { fromUtc: from, toUtc: to }, near: wish.target, limit, now });
  }

  async whyUnavailable(person: DeskPerson, instant: Date) {
    const { ruleSet, lawfulWindow } = await this.context(person);
    return this.bookings.explainUnavailable({ ruleSet, lawfulWindow, instantUtc: instant, now: this.clock() });
  }

  async book(person: DeskPerson, slotStartUtc: Date, channelId: string) {
    const { ruleSet, record } = await this.context(person);
    return this.outcome(await this.bookings.book({ ruleSet, person: record, slotStartUtc, channelId, now: this.clock() }));
  }

  async reschedule(person: DeskPerson, callbackId: string, slotStartUtc: Date) {
    const { ruleSet, record } = await this.context(person);
    return this.outcome(await this.bookings.reschedule({ callbackId, ruleSet, person: record, slotStartUtc, now: this.clock() }));
  }

  async cancel(callbackId: string, reason: string): Promise<DeskCallback | null> {
    const cancelled = await this.bookings.cancel({ callbackId, reason, now: this.clock() });
    return cancelled ? callbackView(cancelled) : null;
  }

  private outcome(result: Awaited<ReturnType<BookingService['book']>>) {
    if (result.ok) {
      return {
        ok: true as const,
        callback: callbackView(result.callback),
      };
    }
    return {
      ok: false as const,
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

  private view(person: PersonDocument): DeskPerson {
    const window = lawfulWindowOf(person);
    const zoneKnown = person.timeZone !== null || !window.zoneAmbiguous;
    return {
      id: person._id,
      phoneE164: person.phoneE164,
      timeZone: displayZoneOf(person),
      zoneCandidates: [...window.candidateZones],
      zoneKnown,
      existingCustomer: person.existingCustomer,
    };
  }
}

/** A browser's zone is only trusted if it is one the number can ring in (a Madrid laptop, a Canary phone…). */
function isStatedZoneUsable(phoneE164: string, zone: string): boolean {
  return lawfulWindowFor({ phoneE164 }).candidateZones.includes(zone);
}
