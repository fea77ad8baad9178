import { checkStricterWindows, ruleSetSchema } from '../../../services/availability/ruleSet';

const valid = {
  id: 'madrid-sales',
  name: 'Madrid sales',
  timeZone: 'Europe/Madrid',
  weeklyHours: {
    mon: [
      { start: '09:00', end: '14:00' },
      { start: '15:30', end: '20:00' },
    ],
  },
  dateOverrides: { '2026-12-24': { hours: [{ start: '09:00', end: '13:00' }] }, '2026-12-31': { closed: true } },
  holidays: { country: 'ES', region: 'MD', add: ['2026-05-15'], remove: [] },
  slotMinutes: 30,
  intervalMinutes: 15,
  bufferMinutes: 5,
  minNoticeMinutes: 60,
  horizonDays: 14,
  capacity: { default: 3, ranges: [{ weekdays: ['mon'], start: '09:00', end: '12:00', capacity: 5 }] },
  stricterWindows: [{ jurisdiction: 'ES', weekdays: ['mon', 'tue'], start: '10:00', end: '20:00' }],
};

/** "path: message" lines, so a failing expectation reads like the admin's error list. */
function issues(input: unknown): string[] {
  const result = ruleSetSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('RuleSet schema', () => {
  it('accepts a complete rule set and fills optional lists', () => {
    expect(issues(valid)).toEqual([]);
    const parsed = ruleSetSchema.parse({ ...valid, dateOverrides: undefined, stricterWindows: undefined });
    expect(parsed.dateOverrides).toEqual({});
    expect(parsed.weeklyHours.sun).toEqual([]);
  });

  it('names overlapping and inverted ranges by path', () => {
    expect(
      issues({
        ...valid,
        weeklyHours: {
          mon: [
            { start: '09:00', end: '14:00' },
            { start: '13:00', end: '20:00' },
          ],
          tue: [{ start: '18:00', end: '09:00' }],
        },
      }),
    ).toEqual(['weeklyHours.mon.1: overlaps range 0 of the same day', 'weeklyHours.tue.0.end: end 09:00 is not after start 18:00']);
  });

  it('rejects unknown zones and fixed offsets rather than guessing a place', () => {
    expect(issues({ ...valid, timeZone: 'Europe/Atlantis' })).toEqual([
      'timeZone: expected an IANA time zone like "Europe/Madrid", not an offset',
    ]);
    expect(issues({ ...valid, timeZone: '+01:00' })).toEqual(['timeZone: expected an IANA time zone like "Europe/Madrid", not an offset']);
  });

  it('rejects a capacity below zero and overlapping capacity ranges', () => {
    expect(issues({ ...valid, capacity: { default: -1 } })).toEqual(['capacity.default: Too small: expected number to be >=0']);
    expect(
      issues({
        ...valid,
        capacity: {
          default: 1,
          ranges: [
            { start: '09:00', end: '12:00', capacity: 2 },
            { weekdays: ['fri'], start: '11:00', end: '13:00', capacity: 4 },
            { weekdays: ['sat'], start: '08:00', end: '09:00', capacity: -2 },
          ],
        },
      }),
    ).toEqual([
      'capacity.ranges.2.capacity: Too small: expected number to be >=0',
      'capacity.ranges.1: overlaps capacity range 0 on a shared weekday',
    ]);
  });

  it('checks dates, overrides, holiday calendars and the slug', () => {
    expect(
      issues({
        ...valid,
        id: 'Madrid Sales',
        dateOverrides: { '2026-02-30': { closed: true } },
        holidays: { country: 'ES', region: 'XX', add: ['26-01-01'] },
      }),
    ).toEqual([
      'id: expected a slug like "madrid-sales"',
      'dateOverrides.2026-02-30: expected a real calendar date "YYYY-MM-DD"',
      'holidays.add.0: expected a real calendar date "YYYY-MM-DD"',
      'holidays.region: no holiday calendar for region ES-XX',
    ]);
  });

  it('refuses a stricter window that widens the law, naming the rule', () => {
    expect(
      issues({
        ...valid,
        stricterWindows: [
          { jurisdiction: 'ES', start: '08:00', end: '20:00' },
          { jurisdiction: 'ES', weekdays: ['sat'], start: '10:00', end: '14:00' },
          { jurisdiction: 'US', start: '08:00', end: '21:30' },
        ],
      }),
    ).toEqual([
      'stricterWindows.0.start: ES: TRLGDCU art. 96.2 allows 09:00–21:00 Monday–Friday; 08:00 is earlier',
      'stricterWindows.1.weekdays: ES: TRLGDCU art. 96.2 allows 09:00–21:00 Monday–Friday; Saturday is not a calling day',
      'stricterWindows.2.end: US: 47 CFR 64.1200(c)(1) allows 08:00–21:00 every day; 21:30 is later',
    ]);
  });
});

describe('checkStricterWindows', () => {
  it('accepts narrowing, and applies the default policy to countries without a row', () => {
    expect(checkStricterWindows([{ jurisdiction: 'ES', start: '10:00', end: '20:00' }])).toEqual([]);
    expect(checkStricterWindows([{ jurisdiction: 'FR', weekdays: ['mon'], start: '09:00', end: '20:30' }])).toEqual([
      {
        index: 0,
        field: 'end',
        message: 'FR: default policy (no country rule on file) allows 09:00–20:00 Monday–Friday; 20:30 is later',
      },
    ]);
  });
});
