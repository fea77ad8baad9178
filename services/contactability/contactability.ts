import { DateTime } from 'luxon';
import { lawfulIntervals } from '../availability/lawfulIntervals';
import { lawfulWindowFor, type LawfulWindow } from '../availability/lawfulWindow';
import { isPublicHoliday } from '../availability/holidayCalendar';
import { dayNumberFromIsoDate } from '../availability/calendarDay';
import type { BookingService } from '../booking/bookingService';
import type { ConsentLedger } from '../consent/ledger';
import type { PeopleStore } from '../people/peopleStore';
import type { PersonDocument } from '../people/person';
import type { CallAttempts, CallPurpose } from './callAttempts';
import { EXCLUSION_LISTS, ExclusionListId, ExclusionLists } from './exclusionLists';

export interface ContactabilityReason {
  code: string;
  message: string;
}

export interface ContactabilityAnswer {
  allowed: boolean;
  reasons: ContactabilityReason[];
  /** When the only obstacles are time (the lawful window, the frequency cap): the first instant all are clear. */
  nextAllowedAt: string | null;
}

export interface ContactabilityOptions {
  maxAttempts: number;
  perDays: number;
  /** A marketing call is refused when the relevant exclusion list is older than this. */
  exclusionListMaxAgeDays: number;
}

export const DEFAULT_CONTACTABILITY_OPTIONS: ContactabilityOptions = { maxAttempts: 3, perDays: 7, exclusionListMaxAgeDays: 30 };

const DAY = 86_400_000;
const LEGITIMATE_INTEREST_MONTHS = 12;
// Time-bound reasons clear by themselves; any other reason means "not this person, not for this purpose".
const TIME_BOUND = new Set(['outside_lawful_window', 'lawful_holiday', 'frequency_cap']);

/**
 * May we call this number now, for this purpose? Everything that says no is listed, not just the first.
 * Fails closed: when the database cannot answer, the answer is no.
 */
export class Contactability {
  constructor(
    private readonly people: PeopleStore,
    private readonly ledger: ConsentLedger,
    private readonly bookings: BookingService,
    private readonly attempts: CallAttempts,
    private readonly exclusions: ExclusionLists,
    private readonly options: ContactabilityOptions = DEFAULT_CONTACTABILITY_OPTIONS,
  ) {}

  async check(input: { phoneE164: string; purpose: CallPurpose; now: Date; similarProduct?: boolean }): Promise<ContactabilityAnswer> {
    try {
      return await this.evaluate(input);
    } catch (error) {
      return {
        allowed: false,
        reasons: [{ code: 'database_unavailable', message: `could not check the records (${error instanceof Error ? error.message : String(error)}); not calling is the safe answer` }],
        nextAllowedAt: null,
      };
    }
  }

  private async evaluate({ phoneE164, purpose, now, similarProduct = false }: { phoneE164: string; purpose: CallPurpose; now: Date; similarProduct?: boolean }): Promise<ContactabilityAnswer> {
    const reasons: ContactabilityReason[] = [];
    const person = await this.people.getByPhone(phoneE164);
    const marketing = purpose !== 'service';

    if (await this.ledger.isSuppressed(phoneE164)) reasons.push({ code: 'suppressed', message: 'the number is on our suppression list (opted out or erased)' });
    const consent = person ? (await this.ledger.stateOf(person._id)).callbacks : null;
    if (consent?.status === 'withdrawn') reasons.push({ code: 'opted_out', message: `the person withdrew consent on ${consent.at?.toISOString()}` });
    const consented = consent?.status === 'granted';

    // Friendly fire: an existing customer is never called with an acquisition pitch.
    if (purpose === 'acquisition' && person?.existingCustomer) {
      reasons.push({ code: 'existing_customer_acquisition', message: 'existing customers are not called with acquisition offers' });
    }
    if (purpose === 'service' && !person?.existingCustomer && !(person && (await this.bookings.activeFor(person._id)))) {
      reasons.push({ code: 'no_service_relationship', message: 'a service call needs an existing customer or a callback the person booked' });
    }
    if (marketing && !consented) reasons.push(...(await this.exclusionReasons(phoneE164, now)));
    if (marketing && phoneE164.startsWith('+34') && !consented && !legitimateInterest(person, purpose, similarProduct, now)) {
      // LSSI art. 21 / LGTel art. 66.1.b: marketing calls in Spain need consent, or — for upsell to our own
      // customer of a similar product — legitimate interest (RGPD art. 6.1.f), which we hold for 12 months.
      reasons.push({ code: 'no_legal_basis', message: 'no consent to us, and no recorded legitimate interest (existing customer, similar product, last interaction within 12 months)' });
    }

    const window = lawfulWindowFor({ phoneE164, ...(person?.timeZone ? { statedTimeZone: person.timeZone } : {}), ...(person?.region ? { region: person.region } : {}) });
    if (window.candidateZones.length === 0) reasons.push({ code: 'unknown_zone', message: 'the local time of this number is unknown' });
    const lawfulNow = lawfulIntervals(window, [], now.getTime() - DAY, now.getTime() + 15 * DAY);
    const inWindow = lawfulNow.some(([start, end]) => start <= now.getTime() && now.getTime() < end);
    if (!inWindow && window.candidateZones.length > 0) reasons.push(lawfulReason(window, now));

    const since = new Date(now.getTime() - this.options.perDays * DAY);
    const recent = await this.attempts.since(phoneE164, since);
    let capClearsAt = now.getTime();
    if (recent.length >= this.options.maxAttempts) {
      const oldestCounted = recent[recent.length - this.options.maxAttempts]!;
      capClearsAt = oldestCounted.at.getTime() + this.options.perDays * DAY;
      reasons.push({ code: 'frequency_cap', message: `${recent.length} attempts in the last ${this.options.perDays} days (at most ${this.options.maxAttempts})` });
    }

    const onlyTime = reasons.length > 0 && reasons.every((r) => TIME_BOUND.has(r.code));
    const next = onlyTime ? lawfulNow.find(([start, end]) => end > capClearsAt && Math.max(start, capClearsAt) >= now.getTime()) : undefined;
    return {
      allowed: reasons.length === 0,
      reasons,
      nextAllowedAt: next ? new Date(Math.max(next[0], capClearsAt)).toISOString() : null,
    };
  }

  private async exclusionReasons(phoneE164: string, now: Date): Promise<ContactabilityReason[]> {
    const reasons: ContactabilityReason[] = [];
    const country = phoneE164.startsWith('+34') ? 'ES' : phoneE164.startsWith('+1') ? 'US' : null;
    const relevant = (Object.keys(EXCLUSION_LISTS) as ExclusionListId[]).filter((id) => EXCLUSION_LISTS[id].country === country);
    for (const id of relevant) {
      const list = await this.exclusions.listDocument(id);
      const ageDays = list ? (now.getTime() - list.refreshedAt.getTime()) / DAY : Infinity;
      if (!list || ageDays > this.options.exclusionListMaxAgeDays) {
        reasons.push({ code: `exclusion_list_stale:${id}`, message: `${EXCLUSION_LISTS[id].name} ${list ? `was last refreshed ${Math.floor(ageDays)} days ago` : 'was never imported'} (at most ${this.options.exclusionListMaxAgeDays})` });
      } else if (await this.exclusions.isListed(list, phoneE164)) {
        reasons.push({ code: `exclusion_list:${id}`, message: `the number is on ${EXCLUSION_LISTS[id].name}` });
      }
    }
    return reasons;
  }
}

function legitimateInterest(person: PersonDocument | null, purpose: CallPurpose, similarProduct: boolean, now: Date): boolean {
  const last = person?.customer?.lastInteractionAt;
  if (purpose !== 'upsell' || !person?.existingCustomer || !similarProduct || !last) return false;
  return DateTime.fromJSDate(last).plus({ months: LEGITIMATE_INTEREST_MONTHS }) >= DateTime.fromJSDate(now);
}

function lawfulReason(window: LawfulWindow, now: Date): ContactabilityReason {
  const zone = window.candidateZones[0]!;
  const local = DateTime.fromJSDate(now, { zone });
  if (window.holidayCalendar && isPublicHoliday(window.holidayCalendar, dayNumberFromIsoDate(local.toISODate() ?? ''))) {
    return { code: 'lawful_holiday', message: `${local.toISODate()} is a public holiday where the number is (${window.ruleName})` };
  }
  return { code: 'outside_lawful_window', message: `it is ${local.toFormat('ccc HH:mm')} in ${zone}; ${window.citation}` };
}
