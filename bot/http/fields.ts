import { z } from 'zod';
import { isIanaZoneName } from '../../services/availability/lawfulWindow';
import { getCountries } from 'libphonenumber-js';
import { isKnownCountry, normalisePhone } from '../../services/people/phone';

/**
 * Fields more than one route reads, each written once: how a phone number, a zone, a country or an instant
 * is accepted at the HTTP boundary, with the message a client sees when it is not.
 */

/**
 * How a phone number may be written at the HTTP boundary: digits, an optional leading "+" (or "00"), and the
 * spaces, dots, dashes, slashes and brackets people type between them. Published as the field's `pattern`;
 * whether the digits are a number in use (libphonenumber's numbering plans) is the `phone` format, which no
 * pattern can say: "0" has the shape and is still refused, with a 400 naming the field.
 */
const PHONE_PATTERN = /^[+(]?[0-9][0-9 ()./-]{0,39}$/;

/** A phone number as text, checked for its shape only (the path of /people/:phone, whose country is in the query). */
export const phoneText = z
  .string({ message: 'expected a phone number' })
  .regex(PHONE_PATTERN, 'expected a phone number of digits, e.g. +34612345678')
  .meta({ format: 'phone', examples: ['+34612345678'] });

const phoneMeta = (country: string) => ({
  description: `a phone number, E.164 or as typed; without a country prefix it is read as ${country}'s`,
  format: 'phone',
  examples: ['+34612345678'],
});

/** A phone number as typed, kept beside its E.164 form (to show it back as the admin wrote it). */
export function typedPhoneField(country: string) {
  return phoneText
    .transform((value, ctx) => {
      const phone = normalisePhone(value, country);
      if (!phone.ok) {
        ctx.addIssue({ code: 'custom', message: 'expected a valid phone number, e.g. +34612345678' });
        return z.NEVER;
      }
      return { typed: value, e164: phone.e164 };
    })
    .meta(phoneMeta(country));
}

/** A phone number as an admin or dialer types it, to E.164; numbers without a prefix are read as `country`'s. */
export function phoneField(country: string) {
  return typedPhoneField(country)
    .transform((phone) => phone.e164)
    .meta(phoneMeta(country));
}

/** The `:phone` of a path such as /api/admin/people/:phone. */
export function phonePathParams(country: string) {
  return z.object({ phone: phoneField(country) });
}

/** The countries phone numbers can be read for, listed: the document says which codes are taken. */
export const countryCodeField = z
  .enum(getCountries().filter(isKnownCountry) as [string, ...string[]], { message: 'expected a country code like "ES"' })
  .meta({ description: 'ISO 3166-1 alpha-2', examples: ['ES'] });

/** `format: time-zone`: a name of the IANA time zone database, which no pattern can say. */
export const ianaZoneField = z
  .string()
  .refine(isIanaZoneName, 'expected an IANA time zone like "Europe/Madrid", not an offset')
  .meta({ format: 'time-zone', examples: ['Europe/Madrid'] });

export const isoInstantField = z.iso
  .datetime({ offset: true, message: 'expected an ISO 8601 instant, e.g. 2026-11-24T09:00:00Z' })
  .transform((text) => new Date(text));

/** A day ("2026-10-01", its start in UTC) or an ISO 8601 instant, as a Date. */
export const dateOrInstantField = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], { message: 'expected a date (YYYY-MM-DD) or an ISO 8601 instant' })
  .transform((text) => new Date(text));

/** Text that is not blank once trimmed (`pattern: \S`, so the document says what `.trim().min(1)` would not). */
export function wordsField(max: number) {
  return z.string().trim().regex(/\S/, 'expected some text').max(max, `at most ${max} characters`);
}

export const slugField = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a slug like "madrid-sales"')
  .max(64, 'at most 64 characters')
  .meta({ examples: ['madrid-sales'] });

/** A "true"/"false" query flag. */
export const queryFlagField = z
  .enum(['true', 'false'], { message: 'expected true or false' })
  .default('false')
  .transform((v) => v === 'true');

/** One of a fixed list of words, with a message that lists them. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { message: `expected one of ${values.join(', ')}` });
}
