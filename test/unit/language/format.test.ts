import { formatDate, formatDayAtTime, formatDayTime, formatShortDayTime, formatTimeDayMonth } from '../../../services/language/format';
import { inEveryLanguage, type Language, languageFromLocale, LOCALE_TAGS } from '../../../services/language/language';

type Formatter = (instant: Date, zone: string, language: Language) => string;

const FORMATTERS: Record<string, Formatter> = { formatDayAtTime, formatDayTime, formatShortDayTime, formatTimeDayMonth, formatDate };

// Expected strings written by hand from the zone rules, not read back from the code.
const CASES: Array<[string, string, string, Language, string]> = [
  // An ordinary afternoon in Madrid (CET, +01:00), every formatter in both languages: English reads 24-hour, day first.
  ['formatDayAtTime', '2026-11-26T15:00:00Z', 'Europe/Madrid', 'es', 'jueves 26 de noviembre a las 16:00'],
  ['formatDayAtTime', '2026-11-26T15:00:00Z', 'Europe/Madrid', 'en', 'Thursday 26 November at 16:00'],
  ['formatDayTime', '2026-11-26T15:00:00Z', 'Europe/Madrid', 'es', 'jueves 26 de noviembre, 16:00'],
  ['formatDayTime', '2026-11-26T15:00:00Z', 'Europe/Madrid', 'en', 'Thursday 26 November, 16:00'],
  ['formatShortDayTime', '2026-11-26T15:00:00Z', 'Europe/Madrid', 'es', 'jue 26 nov, 16:00'],
  ['formatShortDayTime', '2026-11-26T15:00:00Z', 'Europe/Madrid', 'en', 'Thu 26 Nov, 16:00'],
  ['formatTimeDayMonth', '2026-11-26T15:00:00Z', 'Europe/Madrid', 'es', '16:00 (26/11)'],
  ['formatTimeDayMonth', '2026-11-26T15:00:00Z', 'Europe/Madrid', 'en', '16:00 (26/11)'],
  ['formatDate', '2026-11-26T15:00:00Z', 'Europe/Madrid', 'es', '26 de noviembre de 2026'],
  ['formatDate', '2026-11-26T15:00:00Z', 'Europe/Madrid', 'en', '26 November 2026'],
  // Morning hours keep their leading zero in English too (no "9:05 AM").
  ['formatShortDayTime', '2026-11-26T08:05:00Z', 'Europe/Madrid', 'en', 'Thu 26 Nov, 09:05'],
  // Spring forward, Sunday 29 March 2026 at 01:00 UTC: Madrid jumps 02:00 → 03:00, the Canaries 01:00 → 02:00.
  ['formatShortDayTime', '2026-03-29T00:30:00Z', 'Europe/Madrid', 'es', 'dom 29 mar, 01:30'],
  ['formatShortDayTime', '2026-03-29T01:30:00Z', 'Europe/Madrid', 'es', 'dom 29 mar, 03:30'],
  ['formatDayAtTime', '2026-03-29T01:30:00Z', 'Europe/Madrid', 'en', 'Sunday 29 March at 03:30'],
  ['formatShortDayTime', '2026-03-29T00:30:00Z', 'Atlantic/Canary', 'en', 'Sun 29 Mar, 00:30'],
  ['formatShortDayTime', '2026-03-29T01:30:00Z', 'Atlantic/Canary', 'en', 'Sun 29 Mar, 02:30'],
  ['formatDayAtTime', '2026-03-29T01:30:00Z', 'Atlantic/Canary', 'es', 'domingo 29 de marzo a las 02:30'],
  // Fall back, Sunday 25 October 2026 at 01:00 UTC: the same wall-clock time twice, an hour apart.
  ['formatDayTime', '2026-10-25T00:30:00Z', 'Europe/Madrid', 'es', 'domingo 25 de octubre, 02:30'],
  ['formatDayTime', '2026-10-25T01:30:00Z', 'Europe/Madrid', 'es', 'domingo 25 de octubre, 02:30'],
  ['formatTimeDayMonth', '2026-10-25T00:30:00Z', 'Atlantic/Canary', 'es', '01:30 (25/10)'],
  ['formatTimeDayMonth', '2026-10-25T01:30:00Z', 'Atlantic/Canary', 'es', '01:30 (25/10)'],
  // New York springs forward on Sunday 8 March 2026 at 07:00 UTC (02:00 EST → 03:00 EDT).
  ['formatShortDayTime', '2026-03-08T06:30:00Z', 'America/New_York', 'en', 'Sun 8 Mar, 01:30'],
  ['formatShortDayTime', '2026-03-08T07:30:00Z', 'America/New_York', 'en', 'Sun 8 Mar, 03:30'],
  ['formatDayAtTime', '2026-03-08T07:30:00Z', 'America/New_York', 'es', 'domingo 8 de marzo a las 03:30'],
  // The zone decides the day: 03:00 UTC on the 26th is still the evening of the 25th in New York.
  ['formatDayAtTime', '2026-11-26T03:00:00Z', 'America/New_York', 'en', 'Wednesday 25 November at 22:00'],
  ['formatTimeDayMonth', '2026-11-26T03:00:00Z', 'America/New_York', 'en', '22:00 (25/11)'],
  ['formatDate', '2026-11-26T03:00:00Z', 'America/New_York', 'en', '25 November 2026'],
  ['formatDate', '2026-11-26T03:00:00Z', 'UTC', 'es', '26 de noviembre de 2026'],
];

describe('the one set of date formatters', () => {
  test.each(CASES)('%s(%s, %s, %s) is "%s"', (name, iso, zone, language, expected) => {
    expect(FORMATTERS[name]!(new Date(iso), zone, language)).toBe(expected);
  });
});

describe('the one locale mapping', () => {
  test('English dates are British English, on purpose; Spanish is Spain', () => {
    expect(LOCALE_TAGS).toEqual({ es: 'es-ES', en: 'en-GB' });
  });

  test.each([
    ['es-ES', 'es'],
    ['es_MX', 'es'],
    ['EN-us', 'en'],
    ['en', 'en'],
    ['fr-FR', null],
    ['', null],
    [undefined, null],
  ])('the locale %s speaks %s', (locale, language) => {
    expect(languageFromLocale(locale)).toBe(language);
  });
});

describe('tables of words in every language', () => {
  test('a table with every language is returned as it is', () => {
    const table = { es: { yes: 'sí' }, en: { yes: 'yes' } };
    expect(inEveryLanguage(table)).toBe(table);
  });

  test('a language missing a key, or with a key Spanish lacks, does not typecheck', () => {
    // These lines fail `npm run typecheck` the day the table stops being checked.
    // @ts-expect-error: English lacks "no"
    inEveryLanguage({ es: { yes: 'sí', no: 'no' }, en: { yes: 'yes' } });
    // @ts-expect-error: English has "maybe", which Spanish lacks
    inEveryLanguage({ es: { yes: 'sí' }, en: { yes: 'yes', maybe: 'maybe' } });
    // @ts-expect-error: no English at all
    inEveryLanguage({ es: { yes: 'sí' } });
  });
});
