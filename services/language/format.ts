import { DateTime } from 'luxon';
import { type Language, LOCALE_TAGS } from './language';

/*
 * Every date and time shown to people, in one place, so that chat, cards, summaries and messages read alike.
 * Instants are UTC; each formatter is given the zone to show them in (the person's, the team's).
 */

function local(instant: Date, zone: string, language: Language): DateTime {
  return DateTime.fromJSDate(instant, { zone }).setLocale(LOCALE_TAGS[language]);
}

/** A sentence's time: "jueves 26 de noviembre a las 16:00" / "Thursday 26 November at 16:00". */
export function formatDayAtTime(instant: Date, zone: string, language: Language): string {
  const at = local(instant, zone, language);
  return language === 'es'
    ? `${at.toFormat("cccc d 'de' LLLL")} a las ${at.toFormat('HH:mm')}`
    : `${at.toFormat('cccc d LLLL')} at ${at.toFormat('HH:mm')}`;
}

/** A listed time: "jueves 26 de noviembre, 16:00" / "Thursday 26 November, 16:00". */
export function formatDayTime(instant: Date, zone: string, language: Language): string {
  return local(instant, zone, language).toFormat(language === 'es' ? "cccc d 'de' LLLL, HH:mm" : 'cccc d LLLL, HH:mm');
}

/** A button- or card-sized time: "jue 26 nov, 16:00" / "Thu 26 Nov, 16:00" (abbreviation dots dropped). */
export function formatShortDayTime(instant: Date, zone: string, language: Language): string {
  const at = local(instant, zone, language);
  return `${at.toFormat('ccc d LLL').replace(/\./g, '')}, ${at.toFormat('HH:mm')}`;
}

/** A time with its day and month in figures, for a one-line notice: "16:00 (26/11)" in either language. */
export function formatTimeDayMonth(instant: Date, zone: string, language: Language): string {
  return local(instant, zone, language).toFormat('HH:mm (d/L)');
}

/** A calendar date: "26 de noviembre de 2026" / "26 November 2026". */
export function formatDate(instant: Date, zone: string, language: Language): string {
  return local(instant, zone, language).toFormat(language === 'es' ? "d 'de' LLLL 'de' yyyy" : 'd LLLL yyyy');
}
