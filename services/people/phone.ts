import { CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

export type PhoneCheck = { ok: true; e164: string; country: string } | { ok: false; reason: 'invalid' | 'not_a_number' };

/** A phone number as people type it ("612 34 56 78", "0034 612…", "+1 (212) 555-0100"), as E.164, or why not. */
export function normalisePhone(input: string, defaultCountry?: string): PhoneCheck {
  const cleaned = input.trim().replace(/^00/, '+');
  if (!/\d/.test(cleaned) || /[a-z]{3,}/i.test(cleaned)) return { ok: false, reason: 'not_a_number' };
  const parsed = parsePhoneNumberFromString(cleaned, { defaultCountry: defaultCountry as CountryCode | undefined, extract: false });
  if (!parsed || !parsed.isValid()) return { ok: false, reason: 'invalid' };
  return { ok: true, e164: parsed.number, country: parsed.country ?? 'ZZ' };
}
