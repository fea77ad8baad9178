import type { CallPurpose } from '../contactability/callAttempts';
import { normalisePhone } from '../people/phone';
import type { CallerNumber, RuleSet } from './ruleSet';

export type CallType = CallerNumber['callType'];

/** Sales (acquisition, upsell) are commercial calls under Ley 10/2025; a call about the person's service is not. */
export function callTypeOf(purpose: CallPurpose): CallType {
  return purpose === 'service' ? 'service' : 'commercial';
}

export interface CallerNumberChoice {
  callType: CallType;
  /** The called person's country (ISO 3166), from their number; null when the number names none. */
  country: string | null;
  /** The number to dial from, or null: the rule set names none for this call type and country. */
  number: string | null;
}

/** The number an agent dials from to call this person for this purpose: the rule set's entry for the call type and country. */
export function callerNumberFor(ruleSet: Pick<RuleSet, 'callerNumbers'>, purpose: CallPurpose, phoneE164: string): CallerNumberChoice {
  const callType = callTypeOf(purpose);
  const phone = normalisePhone(phoneE164);
  const country = phone.ok && phone.country !== 'ZZ' ? phone.country : null;
  const entry = country ? ruleSet.callerNumbers.find((n) => n.callType === callType && n.country === country) : undefined;
  return { callType, country, number: entry?.number ?? null };
}
