import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** "+34 612 34 56 78": the number as people read it back. Dates and times: services/language/format.ts. */
export function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
