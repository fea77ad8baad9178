import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { DateTime } from 'luxon';
import type { Language } from './language';

/** "jueves 26 de noviembre a las 16:00" / "Thursday 26 November at 4:00 PM", in the person's zone. */
export function formatCallbackTime(instant: Date, timeZone: string, language: Language): string {
  const local = DateTime.fromJSDate(instant, { zone: timeZone }).setLocale(language === 'es' ? 'es-ES' : 'en-US');
  return language === 'es'
    ? `${local.toFormat("cccc d 'de' LLLL")} a las ${local.toFormat('HH:mm')}`
    : `${local.toFormat('cccc d LLLL')} at ${local.toFormat('h:mm a')}`;
}

/** A button-sized label: "jue 26 nov, 16:00" / "Thu 26 Nov, 4:00 PM". */
export function formatSlotLabel(instant: Date, timeZone: string, language: Language): string {
  const local = DateTime.fromJSDate(instant, { zone: timeZone }).setLocale(language === 'es' ? 'es-ES' : 'en-US');
  return language === 'es'
    ? `${local.toFormat('ccc d LLL').replace(/\./g, '')}, ${local.toFormat('HH:mm')}`
    : `${local.toFormat('ccc d LLL')}, ${local.toFormat('h:mm a')}`;
}

/** "+34 612 34 56 78": the number as people read it back. */
export function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
