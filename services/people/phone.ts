import type { ChannelAccountRef } from '../identity/assurance';
import { CountryCode, findPhoneNumbersInText, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';

export type PhoneCheck = { ok: true; e164: string; country: string } | { ok: false; reason: 'invalid' | 'not_a_number' };

/** A phone number as people type it ("612 34 56 78", "0034 612…", "+1 (212) 555-0100"), as E.164, or why not. */
export function normalisePhone(input: string, defaultCountry?: string): PhoneCheck {
  // "0034 …" is how Spain dials abroad: the international prefix, i.e. "+".
  const cleaned = input.trim().replace(/^00(?=\d)/, '+');
  if (!/\d/.test(cleaned)) return { ok: false, reason: 'not_a_number' };
  // An unknown default country must not make "+34…" unreadable: numbers with a prefix need none.
  const country = defaultCountry !== undefined && isKnownCountry(defaultCountry) ? defaultCountry : undefined;
  // A number inside a sentence ("mine is +34 915 55 12 38"): take it, if there is exactly one.
  if (/[a-z]{2,}/i.test(cleaned)) {
    const found = findPhoneNumbersInText(cleaned, country);
    const only = found.length === 1 ? found[0]?.number : undefined;
    return only?.isValid() ? { ok: true, e164: only.number, country: only.country ?? 'ZZ' } : { ok: false, reason: 'not_a_number' };
  }
  const parsed = parsePhoneNumberFromString(cleaned, { defaultCountry: country, extract: false });
  if (!parsed || !parsed.isValid()) return { ok: false, reason: 'invalid' };
  return { ok: true, e164: parsed.number, country: parsed.country ?? 'ZZ' };
}

/** A country libphonenumber has numbering metadata for, e.g. "ES"; "XX" or "es" are not. */
export function isKnownCountry(code: string): code is CountryCode {
  return /^[A-Z]{2}$/.test(code) && isSupportedCountry(code);
}

/**
 * The number an account proves by itself being it: a WhatsApp account the signed webhook vouched for (its id is
 * the number). Every other account proves none; a number typed there is only a claim.
 */
export function numberProvenBy(account: ChannelAccountRef): string | null {
  return account.vouched && account.channelId === 'whatsapp' ? phoneOfWhatsAppAccount(account.accountId) : null;
}

/** A WhatsApp account id is the number without its "+" (Meta's `wa_id`): the one place that reads it as a phone. */
function phoneOfWhatsAppAccount(accountId: string): string | null {
  const phone = normalisePhone(accountId.startsWith('+') ? accountId : `+${accountId}`);
  return phone.ok ? phone.e164 : null;
}
