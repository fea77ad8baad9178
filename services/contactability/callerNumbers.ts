import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { DateTime } from 'luxon';
import type { CallPurpose } from './callAttempts';
import type { ContactabilityReason } from './reasons';

export type CallType = 'commercial' | 'service';

/** A number agents dial from, as a rule set names it (services/availability/ruleSet.ts `callerNumbers`). */
interface CallerNumberEntry {
  callType: CallType;
  country: string;
  number: string;
}

/**
 * Spain's Ley 10/2025 (servicios de atención a la clientela), amending the LGTel: commercial calls must come
 * from a dedicated, identifiable numbering range, distinct from customer service's, and operators block the
 * ones that do not. The obligation applies from 28 December 2026, a date of Spanish law, so midnight in
 * Madrid (23:00 UTC, winter time), whatever zone the process or the agent is in.
 *
 * The range: the Secretaría de Estado de Telecomunicaciones put to public hearing (4 February 2026) the
 * attribution of nine-digit numbers beginning 400 to commercial calls (customer service keeps short numbers,
 * 800/900 and geographic numbers). Should the final resolution differ, this pattern is the one line to change.
 */
export const SPANISH_COMMERCIAL_CALLER_RULE = {
  country: 'ES',
  citation: 'Ley 10/2025, de servicios de atención a la clientela',
  appliesFrom: DateTime.fromObject({ year: 2026, month: 12, day: 28 }, { zone: 'Europe/Madrid' }).toJSDate(),
  range: /^\+34400\d{6}$/,
  rangeName: '+34 400 xxx xxx',
} as const;

/** Sales calls (acquisition, upsell) are commercial; a service call is the customer service's. */
export function callTypeOf(purpose: CallPurpose): CallType {
  return purpose === 'service' ? 'service' : 'commercial';
}

/** Why a rule set may not name this number for this call type and country, or null. */
export function callerNumberProblem(entry: CallerNumberEntry): string | null {
  const rule = SPANISH_COMMERCIAL_CALLER_RULE;
  if (entry.callType === 'commercial' && entry.country === rule.country && !rule.range.test(entry.number))
    return `a commercial caller number for ${rule.country} must be in the range reserved for commercial calls (${rule.rangeName}; ${rule.citation})`;
  return null;
}

/** The number to dial from for this call type to a number of this country; one the law would refuse never counts. */
export function callerNumberFor(entries: readonly CallerNumberEntry[], callType: CallType, country: string | undefined): string | null {
  const entry = entries.find((e) => e.callType === callType && e.country === country && callerNumberProblem(e) === null);
  return entry?.number ?? null;
}

export interface CallerNumberChoice {
  callType: CallType;
  /** The called person's country (ISO 3166), from their number; null when the number names none. */
  country: string | null;
  /** The number to dial from, or null: the rule set names none the law allows for this call type and country. */
  number: string | null;
}

/** What an agent sees before calling this person for this purpose: the call type, their country, the number to dial from. */
export function callerNumberChoice(entries: readonly CallerNumberEntry[], purpose: CallPurpose, phoneE164: string): CallerNumberChoice {
  const callType = callTypeOf(purpose);
  const country = parsePhoneNumberFromString(phoneE164)?.country ?? null;
  return { callType, country, number: country ? callerNumberFor(entries, callType, country) : null };
}

/**
 * Ley 10/2025: from its date, a commercial call to a Spanish number with no commercial caller number for
 * Spain in the applicable rule set is refused. Not time-bound: configuring the number is what lifts it.
 */
export function callerNumberReason(query: {
  callType: CallType;
  country: string | undefined;
  callerNumber: string | null;
  ruleSetId: string | null;
  now: Date;
}): ContactabilityReason | null {
  const rule = SPANISH_COMMERCIAL_CALLER_RULE;
  if (query.callType !== 'commercial' || query.country !== rule.country || query.callerNumber !== null) return null;
  if (query.now < rule.appliesFrom) return null;
  return {
    code: 'caller_number_not_allowed',
    message: `from 28 December 2026 (Spanish time) commercial calls to Spain must come from the range reserved for them (${rule.rangeName}; ${rule.citation}), and ${query.ruleSetId === null ? 'no rule set' : `rule set "${query.ruleSetId}"`} names no commercial caller number for ES`,
  };
}
