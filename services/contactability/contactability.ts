import { MongoError } from 'mongodb';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { lawfulWindowOf } from '../people/personZone';
import type { RuleSetStore } from '../availability/ruleSetStore';
import type { BookingService } from '../booking/bookingService';
import type { ConsentLedger } from '../consent/ledger';
import type { PeopleStore } from '../people/peopleStore';
import type { PersonDocument } from '../people/person';
import type { CallAttempts, CallPurpose } from './callAttempts';
import { EXCLUSION_LISTS, exclusionListsFor, ExclusionLists, listFreshness } from './exclusionLists';
import { callerNumberFor, callerNumberReason, callTypeOf } from './callerNumbers';
import { capWindowStart, frequencyCap } from './frequencyCap';
import { lawfulTimeReason, nextLawfulInstant } from './lawfulNow';
import { marketingBasisReasons } from './legalBasis';
import { type ContactabilityAnswer, type ContactabilityReason, onlyTimeBound, refused } from './reasons';

export type { ContactabilityAnswer, ContactabilityReason } from './reasons';

export interface ContactabilityOptions {
  /** Frequency cap: at most `maxAttempts` calls in `perDays` days. */
  maxAttempts: number;
  perDays: number;
  /** A marketing call without consent is refused when the relevant exclusion list is older than this. */
  exclusionListMaxAgeDays: number;
}

export const DEFAULT_CONTACTABILITY_OPTIONS: ContactabilityOptions = { maxAttempts: 3, perDays: 7, exclusionListMaxAgeDays: 30 };

export interface ContactabilityQuery {
  phoneE164: string;
  purpose: CallPurpose;
  now: Date;
  /** The agent declares an upsell offers a product similar to one the customer has (Spanish legitimate interest). */
  similarProduct?: boolean;
  /** The rule set whose caller numbers apply: the callback's, when the call is one; else the default rule set. */
  ruleSetId?: string;
}

/** Where the caller numbers come from: the rule sets, and the one that applies when the query names none. */
export interface CallerNumberSource {
  ruleSets: Pick<RuleSetStore, 'current'>;
  defaultRuleSetId: string;
}

/**
 * May we call this number now, for this purpose? Every reason that says no is listed, not just the first.
 * Fails closed: when the database cannot answer, the answer is no.
 */
export interface ContactabilityDependencies {
  people: Pick<PeopleStore, 'getByPhone'>;
  ledger: ConsentLedger;
  bookings: Pick<BookingService, 'activeFor'>;
  attempts: CallAttempts;
  exclusions: ExclusionLists;
  options?: Partial<ContactabilityOptions>;
  /** Open problems on the person's timeline (services/handoff/problems.ts): no sales call until resolved. */
  problems?: { hasOpenProblem(personId: string): Promise<boolean> };
  /** Without it no rule set names a caller number (tests of other rules). */
  callerNumbers?: CallerNumberSource;
}

export class Contactability {
  private readonly options: ContactabilityOptions;
  private readonly people: ContactabilityDependencies['people'];
  private readonly ledger: ConsentLedger;
  private readonly bookings: ContactabilityDependencies['bookings'];
  private readonly attempts: CallAttempts;
  private readonly exclusions: ExclusionLists;
  private readonly problems: ContactabilityDependencies['problems'];
  private readonly callerNumbers: ContactabilityDependencies['callerNumbers'];

  constructor(deps: ContactabilityDependencies) {
    ({
      people: this.people,
      ledger: this.ledger,
      bookings: this.bookings,
      attempts: this.attempts,
      exclusions: this.exclusions,
      problems: this.problems,
      callerNumbers: this.callerNumbers,
    } = deps);
    this.options = { ...DEFAULT_CONTACTABILITY_OPTIONS, ...deps.options };
    if (!(this.options.maxAttempts >= 1 && this.options.perDays > 0))
      throw new RangeError('the frequency cap needs maxAttempts ≥ 1 and perDays > 0');
  }

  async check(query: ContactabilityQuery): Promise<ContactabilityAnswer> {
    const parsed = parsePhoneNumberFromString(query.phoneE164);
    if (!parsed?.isValid() || parsed.number !== query.phoneE164)
      return refused('invalid_number', `${query.phoneE164} is not a valid number in E.164`);
    try {
      return await this.evaluate(query, parsed.country);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      if (error instanceof MongoError)
        return refused('database_unavailable', `could not read the records (${detail}); not calling is the safe answer`);
      return refused('check_failed', `the check could not be completed (${detail}); not calling is the safe answer`);
    }
  }

  private async evaluate(query: ContactabilityQuery, country: string | undefined): Promise<ContactabilityAnswer> {
    const { phoneE164, purpose, now } = query;
    const reasons: ContactabilityReason[] = [];
    const person = await this.people.getByPhone(phoneE164);

    // Checked by hashed number, so an erased person (no record left) who opted out stays uncallable.
    if (await this.ledger.isSuppressed(phoneE164))
      reasons.push({ code: 'suppressed', message: 'the number is on our suppression list (opted out or erased)' });
    const consent = person ? (await this.ledger.stateOf(person._id)).callbacks : null;
    // RGPD art. 21 (objection) and LGTel art. 66.1.b: after a withdrawal, no call of any purpose.
    if (consent?.status === 'withdrawn')
      reasons.push({
        code: 'opted_out',
        message: `the person withdrew consent to calls on ${consent.at?.toISOString() ?? 'an unknown date'}`,
      });
    const consentedToUs = consent?.status === 'granted';

    // Friendly fire: an existing customer is never called with an acquisition pitch.
    if (purpose === 'acquisition' && person?.existingCustomer) {
      reasons.push({
        code: 'existing_customer_acquisition',
        message: 'existing customers are not called with acquisition offers; use service or upsell',
      });
    }
    // Seed 003: a person waiting for a fault to be fixed is not pitched to; service calls still go through.
    if (purpose !== 'service' && person && (await this.problems?.hasOpenProblem(person._id))) {
      reasons.push({ code: 'open_problem', message: 'the person has an open problem on their timeline; resolve it before any sales call' });
    }
    if (purpose === 'service' && !(await this.hasServiceRelationship(person))) {
      reasons.push({
        code: 'no_service_relationship',
        message: 'a service call needs an existing customer or a callback the person booked',
      });
    }
    if (purpose !== 'service' && !consentedToUs) reasons.push(...(await this.exclusionReasons(phoneE164, country, now)));
    reasons.push(...marketingBasisReasons({ country, purpose, consentedToUs, person, similarProduct: query.similarProduct ?? false, now }));

    const window = lawfulWindowOf(person ?? { phoneE164, timeZone: null, region: null });
    const timeReason = lawfulTimeReason(window, now);
    if (timeReason) reasons.push(timeReason);

    const counted = await this.attempts.since(phoneE164, capWindowStart(now, this.options));
    const cap = frequencyCap(
      counted.map((attempt) => attempt.at),
      this.options,
    );
    if (cap.capped) {
      reasons.push({
        code: 'frequency_cap',
        message: `${counted.length} attempts in the last ${this.options.perDays} days (at most ${this.options.maxAttempts}); lifts at ${cap.clearsAt.toISOString()}`,
      });
    }

    const ruleSetId = query.ruleSetId ?? this.callerNumbers?.defaultRuleSetId ?? null;
    const callType = callTypeOf(purpose);
    const callerNumber = callerNumberFor(await this.callerNumbersOf(ruleSetId), callType, country);
    const callerReason = callerNumberReason({ callType, country, callerNumber, ruleSetId, now });
    if (callerReason) reasons.push(callerReason);

    const notBefore = cap.capped && cap.clearsAt > now ? cap.clearsAt : now;
    const next = onlyTimeBound(reasons) ? nextLawfulInstant(window, notBefore) : null;
    return { allowed: reasons.length === 0, reasons, nextAllowedAt: next?.toISOString() ?? null, callerNumber };
  }

  private async callerNumbersOf(ruleSetId: string | null) {
    if (!this.callerNumbers || ruleSetId === null) return [];
    return (await this.callerNumbers.ruleSets.current(ruleSetId))?.ruleSet.callerNumbers ?? [];
  }

  private async hasServiceRelationship(person: PersonDocument | null): Promise<boolean> {
    if (!person) return false;
    return person.existingCustomer || (await this.bookings.activeFor(person._id)) !== null;
  }

  /** LOPDGDD art. 23.4 / 47 CFR 64.1200(c)(2): screen the country's lists, and refuse when a list is out of date. */
  private async exclusionReasons(phoneE164: string, country: string | undefined, now: Date): Promise<ContactabilityReason[]> {
    const reasons: ContactabilityReason[] = [];
    const maxAge = this.options.exclusionListMaxAgeDays;
    for (const id of exclusionListsFor(country)) {
      const list = await this.exclusions.listDocument(id);
      const { ageDays, stale } = listFreshness(list?.refreshedAt ?? null, now, maxAge);
      if (list === null || stale) {
        const state = ageDays === null ? 'was never imported' : `was last refreshed ${Math.floor(ageDays)} days ago`;
        reasons.push({
          code: `exclusion_list_stale:${id}`,
          message: `${EXCLUSION_LISTS[id].name} ${state} (at most ${maxAge} days allowed)`,
        });
      } else if (await this.exclusions.isListed(list, phoneE164)) {
        reasons.push({ code: `exclusion_list:${id}`, message: `the number is on ${EXCLUSION_LISTS[id].name}` });
      }
    }
    return reasons;
  }
}
