import { DateTime } from 'luxon';
import { freeSlots } from '../../../services/availability/engine';
import { lawfulWindowFor } from '../../../services/availability/lawfulWindow';
import { parseRuleSet } from '../../../services/availability/ruleSet';
import { parseWhen } from '../../../services/scheduling/when';
import { slotsForWish } from '../../../services/scheduling/slotsForWish';
import { madridSalesRuleSet } from '../../support/ruleSets';
import type { Language } from '../../../services/language/language';

interface Row {
  text: string;
  locale: Language;
  now: string;
  expected: string[];
}

// The Madrid sales team (weekdays 09:00–14:00 and 15:30–20:00, Fridays to 15:00, closed on 31 December,
// Madrid's holidays) calling a Madrid number, whom Spanish law lets us call only on working days.
const MADRID = 'Europe/Madrid';
const PHONE = '+34915551234';
const TUESDAY_24_NOV = '2026-11-24T10:15:00Z'; // 11:15 in Madrid
const MONDAY_21_DEC = '2026-12-21T09:00:00Z';
const MONDAY_28_DEC = '2026-12-28T09:00:00Z';
const DST_WEEK = '2027-03-24T09:00:00Z'; // Sunday 28 March 2027 springs forward

function table(locale: Language, now: string, rows: Array<[string, string[]]>): Row[] {
  return rows.map(([text, expected]) => ({ text, locale, now, expected }));
}

/** Closed days move forward keeping the part of the day; an open day keeps its nearest times. */
const ROWS: Row[] = [
  ...table('es', TUESDAY_24_NOV, [
    // The weekend is closed: Monday afternoon, never Friday morning.
    ['el sábado por la tarde', ['Mon 2026-11-30 15:30+01:00', 'Mon 2026-11-30 16:00+01:00', 'Mon 2026-11-30 16:30+01:00']],
    ['el sábado a las 10', ['Mon 2026-11-30 09:30+01:00', 'Mon 2026-11-30 10:00+01:00', 'Mon 2026-11-30 10:30+01:00']],
    ['el domingo por la mañana', ['Mon 2026-11-30 09:00+01:00', 'Mon 2026-11-30 09:30+01:00', 'Mon 2026-11-30 10:00+01:00']],
    ['el fin de semana', ['Mon 2026-11-30 09:00+01:00', 'Mon 2026-11-30 09:30+01:00', 'Mon 2026-11-30 10:00+01:00']],
    // Friday is open, but not in the afternoon: the afternoon is kept, on Monday.
    ['el viernes por la tarde', ['Mon 2026-11-30 15:30+01:00', 'Mon 2026-11-30 16:00+01:00', 'Mon 2026-11-30 16:30+01:00']],
    // An open day keeps its own nearest times on either side: the lunch break, after hours.
    ['mañana a las 14:30', ['Wed 2026-11-25 13:00+01:00', 'Wed 2026-11-25 13:30+01:00', 'Wed 2026-11-25 15:30+01:00']],
    ['mañana a las 23:45', ['Wed 2026-11-25 18:30+01:00', 'Wed 2026-11-25 19:00+01:00', 'Wed 2026-11-25 19:30+01:00']],
    ['el viernes a las 17', ['Fri 2026-11-27 13:30+01:00', 'Fri 2026-11-27 14:00+01:00', 'Fri 2026-11-27 14:30+01:00']],
    // 8 December is a holiday and the day after is past the 14-day horizon: only then the wish moves back.
    ['el 8 de diciembre a las 10', ['Fri 2026-12-04 13:30+01:00', 'Fri 2026-12-04 14:00+01:00', 'Fri 2026-12-04 14:30+01:00']],
  ]),
  ...table('es', MONDAY_21_DEC, [
    // Christmas (a Friday), then the weekend: Monday at the same time.
    ['el 25 de diciembre a las 10', ['Mon 2026-12-28 09:30+01:00', 'Mon 2026-12-28 10:00+01:00', 'Mon 2026-12-28 10:30+01:00']],
    // Christmas Eve is open until 13:00 only: its afternoon is kept, after Christmas and the weekend.
    ['el 24 de diciembre por la tarde', ['Mon 2026-12-28 15:30+01:00', 'Mon 2026-12-28 16:00+01:00', 'Mon 2026-12-28 16:30+01:00']],
  ]),
  ...table('es', MONDAY_28_DEC, [
    // The team is closed on 31 December, 1 January is a holiday, then the weekend.
    ['el 31 de diciembre por la tarde', ['Mon 2027-01-04 15:30+01:00', 'Mon 2027-01-04 16:00+01:00', 'Mon 2027-01-04 16:30+01:00']],
    ['el 31 de diciembre a las 11', ['Mon 2027-01-04 10:30+01:00', 'Mon 2027-01-04 11:00+01:00', 'Mon 2027-01-04 11:30+01:00']],
  ]),
  // The day moves over the clock change, the time of day does not.
  ...table('es', DST_WEEK, [
    ['el sábado a las 10', ['Mon 2027-03-29 09:30+02:00', 'Mon 2027-03-29 10:00+02:00', 'Mon 2027-03-29 10:30+02:00']],
  ]),
  ...table('en', TUESDAY_24_NOV, [
    ['Saturday afternoon', ['Mon 2026-11-30 15:30+01:00', 'Mon 2026-11-30 16:00+01:00', 'Mon 2026-11-30 16:30+01:00']],
    ['on Saturday at 10', ['Mon 2026-11-30 09:30+01:00', 'Mon 2026-11-30 10:00+01:00', 'Mon 2026-11-30 10:30+01:00']],
    ['Sunday morning', ['Mon 2026-11-30 09:00+01:00', 'Mon 2026-11-30 09:30+01:00', 'Mon 2026-11-30 10:00+01:00']],
    ['Friday afternoon', ['Mon 2026-11-30 15:30+01:00', 'Mon 2026-11-30 16:00+01:00', 'Mon 2026-11-30 16:30+01:00']],
    ['tomorrow at 14:30', ['Wed 2026-11-25 13:00+01:00', 'Wed 2026-11-25 13:30+01:00', 'Wed 2026-11-25 15:30+01:00']],
  ]),
  ...table('en', MONDAY_21_DEC, [
    ['on Christmas day at 10', ['Mon 2026-12-28 09:30+01:00', 'Mon 2026-12-28 10:00+01:00', 'Mon 2026-12-28 10:30+01:00']],
    ['December 24 in the afternoon', ['Mon 2026-12-28 15:30+01:00', 'Mon 2026-12-28 16:00+01:00', 'Mon 2026-12-28 16:30+01:00']],
  ]),
  ...table('en', MONDAY_28_DEC, [
    ["New Year's Eve afternoon", ['Mon 2027-01-04 15:30+01:00', 'Mon 2027-01-04 16:00+01:00', 'Mon 2027-01-04 16:30+01:00']],
    ['on January 1st at 10', ['Mon 2027-01-04 09:30+01:00', 'Mon 2027-01-04 10:00+01:00', 'Mon 2027-01-04 10:30+01:00']],
  ]),
];

describe('slotsForWish: a closed day moves forward, keeping the wished part of the day', () => {
  const ruleSet = parseRuleSet(madridSalesRuleSet());
  const lawfulWindow = lawfulWindowFor({ phoneE164: PHONE, statedTimeZone: MADRID });

  it.each(ROWS)('$locale @ $now: $text', ({ text, locale, now, expected }) => {
    const at = new Date(now);
    const wish = parseWhen(text, { locale, timeZone: MADRID, now: at });
    if (!wish || wish.kind === 'asap') throw new Error(`"${text}" names no time`);
    const free = freeSlots({
      ruleSet,
      lawfulWindow,
      bookings: [],
      now: at,
      range: { fromUtc: at, toUtc: new Date(at.getTime() + ruleSet.horizonDays * 86_400_000) },
    });
    const slots = slotsForWish(
      free,
      wish.kind === 'at' ? { target: wish.startUtc } : { target: wish.fromUtc, from: wish.fromUtc, to: wish.toUtc },
      MADRID,
      3,
    );
    expect(slots.map((slot) => DateTime.fromJSDate(slot.startUtc, { zone: MADRID }).toFormat('ccc yyyy-MM-dd HH:mmZZ'))).toEqual(expected);
  });

  it('fills from the following days when the landing day has fewer free times than asked', () => {
    const at = new Date(TUESDAY_24_NOV);
    const local = (slot: { startUtc: Date }) => DateTime.fromJSDate(slot.startUtc, { zone: MADRID }).toFormat('ccc yyyy-MM-dd HH:mmZZ');
    // Monday afternoon is booked up but for 18:00.
    const mondayAfternoon = (slot: { startUtc: Date }) => local(slot) > 'Mon 2026-11-30 15' && local(slot) < 'Mon 2026-11-30 21';
    const free = freeSlots({
      ruleSet,
      lawfulWindow,
      bookings: [],
      now: at,
      range: { fromUtc: at, toUtc: new Date('2026-12-05T00:00:00Z') },
    }).filter((slot) => !mondayAfternoon(slot) || local(slot) === 'Mon 2026-11-30 18:00+01:00');
    const wish = parseWhen('el sábado por la tarde', { locale: 'es', timeZone: MADRID, now: at });
    if (wish?.kind !== 'range') throw new Error('"el sábado por la tarde" is a range');
    expect(slotsForWish(free, { target: wish.fromUtc, from: wish.fromUtc, to: wish.toUtc }, MADRID, 3).map(local)).toEqual([
      'Mon 2026-11-30 18:00+01:00',
      'Tue 2026-12-01 15:30+01:00',
      'Tue 2026-12-01 16:00+01:00',
    ]);
  });
});
