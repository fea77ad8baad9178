import { DateTime } from 'luxon';
import { parseSlotChoice, parseWhen, WhenRequest } from '../../../services/scheduling/when';

function show(request: WhenRequest | null, zone: string): string | null {
  if (!request) return null;
  const local = (d: Date) => DateTime.fromJSDate(d, { zone }).toISO({ suppressMilliseconds: true });
  if (request.kind === 'asap') return 'asap';
  if (request.kind === 'at') return `at ${local(request.startUtc)}`;
  return `range ${local(request.fromUtc)} – ${local(request.toUtc)}${request.label ? ` (${request.label})` : ''}`;
}

// Tuesday 24 November 2026, 11:15 in Madrid.
const MADRID_NOW = new Date('2026-11-24T10:15:00Z');
// Tuesday 24 November 2026, 05:15 in New York.
const NEW_YORK_NOW = new Date('2026-11-24T10:15:00Z');

describe('parseWhen in Spanish, Europe/Madrid, Tuesday 24 Nov 2026 11:15', () => {
  const options = { locale: 'es' as const, timeZone: 'Europe/Madrid', now: MADRID_NOW };
  it.each([
    ['mañana por la tarde', 'range 2026-11-25T15:00:00+01:00 – 2026-11-25T20:00:00+01:00 (afternoon)'],
    ['el jueves después de comer', 'range 2026-11-26T15:00:00+01:00 – 2026-11-26T18:00:00+01:00 (afterLunch)'],
    ['a partir de las 6', 'range 2026-11-24T18:00:00+01:00 – 2026-11-24T21:00:00+01:00'],
    ['el viernes por la mañana', 'range 2026-11-27T09:00:00+01:00 – 2026-11-27T13:00:00+01:00 (morning)'],
    ['esta noche', 'range 2026-11-24T19:00:00+01:00 – 2026-11-24T22:00:00+01:00 (evening)'],
    ['mañana a las 10', 'at 2026-11-25T10:00:00+01:00'],
    ['a las 6', 'at 2026-11-24T18:00:00+01:00'],
    ['16:30', 'at 2026-11-24T16:30:00+01:00'],
    ['a las 10', 'at 2026-11-25T10:00:00+01:00'],
    ['dentro de dos horas', 'at 2026-11-24T13:15:00+01:00'],
    ['mejor el viernes', 'range 2026-11-27T08:00:00+01:00 – 2026-11-27T21:00:00+01:00'],
    ['por la tarde', 'range 2026-11-24T15:00:00+01:00 – 2026-11-24T20:00:00+01:00 (afternoon)'],
    ['llámame ya', 'asap'],
    ['ahora', 'asap'],
    ['lo antes posible', 'asap'],
    ['hola', null],
    ['no sé', null],
  ])('%p → %p', (text, expected) => {
    expect(show(parseWhen(text, options), options.timeZone)).toBe(expected);
  });

  it('reads "mañana por la tarde" asked at 23:45 as the next afternoon', () => {
    const late = { ...options, now: new Date('2026-11-24T22:45:00Z') };
    expect(show(parseWhen('llámame mañana por la tarde', late), late.timeZone)).toBe('range 2026-11-25T15:00:00+01:00 – 2026-11-25T20:00:00+01:00 (afternoon)');
  });

  it('starts a day part already under way from now', () => {
    expect(show(parseWhen('esta mañana', options), options.timeZone)).toBe('range 2026-11-24T11:15:00+01:00 – 2026-11-24T13:00:00+01:00 (morning)');
  });

  it('keeps 10:00 local across the spring-forward weekend', () => {
    const dstWeek = { ...options, now: new Date('2027-03-25T09:00:00Z') };
    expect(show(parseWhen('el domingo a las 10', dstWeek), dstWeek.timeZone)).toBe('at 2027-03-28T10:00:00+02:00');
  });

  it('reads an ambiguous 2:30 on the spring-forward day as the afternoon', () => {
    const dstDay = { ...options, now: new Date('2027-03-27T09:00:00Z') };
    expect(show(parseWhen('mañana a las 2:30', dstDay), dstDay.timeZone)).toBe('at 2027-03-28T14:30:00+02:00');
  });
});

describe('parseWhen in English, America/New_York, Tuesday 24 Nov 2026 05:15', () => {
  const options = { locale: 'en' as const, timeZone: 'America/New_York', now: NEW_YORK_NOW };
  it.each([
    ['in two hours', 'at 2026-11-24T07:15:00-05:00'],
    ['call me now', 'asap'],
    ['as soon as possible', 'asap'],
    ['next Monday at 9:30am', 'at 2026-11-30T09:30:00-05:00'],
    ['tomorrow at noon', 'at 2026-11-25T12:00:00-05:00'],
    ['tomorrow afternoon', 'range 2026-11-25T15:00:00-05:00 – 2026-11-25T20:00:00-05:00 (afternoon)'],
    ['after 5', 'range 2026-11-24T17:00:00-05:00 – 2026-11-24T21:00:00-05:00'],
    ['Friday morning', 'range 2026-11-27T09:00:00-05:00 – 2026-11-27T13:00:00-05:00 (morning)'],
    ['asap', 'asap'],
    ['thanks', null],
  ])('%p → %p', (text, expected) => {
    expect(show(parseWhen(text, options), options.timeZone)).toBe(expected);
  });

  it('moves a time in the skipped hour forward (2:30am on 14 March 2027 does not exist in New York)', () => {
    const eve = { ...options, now: new Date('2027-03-13T15:00:00Z') };
    expect(show(parseWhen('tomorrow at 2:30am', eve), eve.timeZone)).toBe('at 2027-03-14T03:30:00-04:00');
  });
});

describe('parseSlotChoice', () => {
  const offered = [
    { startUtc: new Date('2026-11-25T09:00:00Z') }, // 10:00 Madrid
    { startUtc: new Date('2026-11-25T15:30:00Z') }, // 16:30 Madrid
    { startUtc: new Date('2026-11-26T09:00:00Z') }, // 10:00 Madrid, next day
  ];
  const es = { locale: 'es' as const, timeZone: 'Europe/Madrid' };
  it.each([
    ['la primera', 0],
    ['La segunda', 1],
    ['el tercero', 2],
    ['2', 1],
    ['opción 3', 2],
    ['la última', 2],
    ['16:30', 1],
    ['a las 4 y media', 1],
    ['4:30pm', 1],
    ['the second one', 1],
    ['a las 10', null],
    ['no sé', null],
    ['5', null],
  ])('%p → %p', (text, expected) => {
    expect(parseSlotChoice(text, offered, es)).toBe(expected);
  });
});
