import { DateTime } from 'luxon';
import type { PersonDocument } from '../people/person';
import type { CallPurpose } from './callAttempts';
import type { ContactabilityReason } from './reasons';

/** Our policy: legitimate interest in upselling to a customer lapses this many months after the last interaction. */
export const LEGITIMATE_INTEREST_MONTHS = 12;

export interface MarketingBasisQuery {
  /** ISO country of the number (libphonenumber), undefined when it names none. */
  country: string | undefined;
  purpose: CallPurpose;
  /** The person granted us consent to be called (ledger scope "callbacks", or "all"). */
  consentedToUs: boolean;
  person: Pick<PersonDocument, 'existingCustomer' | 'customer'> | null;
  /** The agent declares the offer is for a product similar to one the customer has. */
  similarProduct: boolean;
  now: Date;
}

/**
 * Legitimate interest (RGPD art. 6.1.f) for an upsell call: our existing customer, an offer of a product
 * similar to what they have (LSSI art. 21.2 sets that limit for commercial communications to customers, and
 * we hold calls to it too), and a last interaction no more than 12 months ago.
 */
export function hasLegitimateInterest(person: MarketingBasisQuery['person'], similarProduct: boolean, now: Date): boolean {
  const last = person?.customer?.lastInteractionAt ?? null;
  if (!person?.existingCustomer || !similarProduct || last === null) return false;
  // Calendar months in UTC, so the process zone cannot move the boundary.
  return (
    DateTime.fromJSDate(last, { zone: 'utc' }).plus({ months: LEGITIMATE_INTEREST_MONTHS }) >= DateTime.fromJSDate(now, { zone: 'utc' })
  );
}

/** Why a marketing call (acquisition or upsell) has no legal basis here; none for service calls or with consent. */
export function marketingBasisReasons(query: MarketingBasisQuery): ContactabilityReason[] {
  if (query.purpose === 'service' || query.consentedToUs) return [];
  if (query.country === 'ES') {
    // LGTel (Ley 11/2022) art. 66.1.b: no commercial calls without prior consent or another basis of RGPD
    // art. 6.1; for us the only other basis is legitimate interest in an upsell to our own customer.
    if (query.purpose === 'upsell' && hasLegitimateInterest(query.person, query.similarProduct, query.now)) return [];
    return [{ code: 'no_legal_basis', message: `no consent to us and no legitimate interest: ${whyNoLegitimateInterest(query)}` }];
  }
  // US: without consent a telemarketing call rests on screening the National Do Not Call Registry
  // (47 CFR 64.1200(c)(2)), which the exclusion-list check does.
  if (query.country === 'US') return [];
  // Anywhere else we screen no national register, so consent is the only basis we can show.
  return [{ code: 'no_consent', message: 'a marketing call to this country needs the person’s consent to us, and there is none' }];
}

function whyNoLegitimateInterest(query: MarketingBasisQuery): string {
  if (query.purpose !== 'upsell') return 'an acquisition call needs consent';
  if (!query.person?.existingCustomer) return 'not our customer';
  if (!query.similarProduct) return 'the offer is not declared a similar product (similarProduct=true)';
  const last = query.person.customer?.lastInteractionAt ?? null;
  if (last === null) return 'no last interaction recorded';
  return `last interaction ${last.toISOString().slice(0, 10)}, more than ${LEGITIMATE_INTEREST_MONTHS} months ago`;
}
