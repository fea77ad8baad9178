import { freeSlots } from '../../../services/availability/engine';
import { lawfulWindowFor } from '../../../services/availability/lawfulWindow';
import { EVERY_HOUR, madridTeam, prospectStarts, range, teamStarts } from './fixtures';

// Monday 2 March 2026: both Madrid (+01:00) and New York (-05:00) on winter time.
const MONDAY = range('2026-03-01T23:00:00Z', '2026-03-02T23:00:00Z');
const BEFORE = new Date('2026-02-27T12:00:00Z');

describe('freeSlots: Spanish prospects (09:00–21:00 local, weekdays)', () => {
  it('a Madrid landline gets 09:00 to 20:30 starts', () => {
    const slots = freeSlots({
      ruleSet: madridTeam(),
      lawfulWindow: lawfulWindowFor({ phoneE164: '+34912345678' }),
      bookings: [],
      now: BEFORE,
      range: MONDAY,
    });
    expect(slots).toHaveLength(24);
    expect(slots[0]).toEqual({
      startUtc: new Date('2026-03-02T08:00:00Z'),
      endUtc: new Date('2026-03-02T08:30:00Z'),
      prospectLocalStart: '2026-03-02T09:00:00.000+01:00',
      teamLocalStart: '2026-03-02T09:00:00.000+01:00',
      remainingCapacity: 2,
    });
    expect(slots.at(-1)?.prospectLocalStart).toBe('2026-03-02T20:30:00.000+01:00');
  });

  it('a Canary landline is called from 09:00 Atlantic/Canary, which is 10:00 in Madrid', () => {
    const slots = freeSlots({
      ruleSet: madridTeam(),
      lawfulWindow: lawfulWindowFor({ phoneE164: '+34928123456' }),
      bookings: [],
      now: BEFORE,
      range: MONDAY,
    });
    expect(slots[0]).toMatchObject({
      prospectLocalStart: '2026-03-02T09:00:00.000+00:00',
      teamLocalStart: '2026-03-02T10:00:00.000+01:00',
    });
    expect(slots.at(-1)).toMatchObject({
      prospectLocalStart: '2026-03-02T20:30:00.000+00:00',
      teamLocalStart: '2026-03-02T21:30:00.000+01:00',
    });
  });

  it('an ambiguous mobile gets only times lawful in both zones: 10:00–21:00 Madrid', () => {
    const slots = freeSlots({
      ruleSet: madridTeam(),
      lawfulWindow: lawfulWindowFor({ phoneE164: '+34612345678' }),
      bookings: [],
      now: BEFORE,
      range: MONDAY,
    });
    expect(slots[0]?.teamLocalStart).toBe('2026-03-02T10:00:00.000+01:00');
    expect(slots.at(-1)?.teamLocalStart).toBe('2026-03-02T20:30:00.000+01:00');
    expect(slots).toHaveLength(22);
  });

  it('a request at 23:45 gets the next lawful morning, not before now + notice', () => {
    const lawfulWindow = lawfulWindowFor({ phoneE164: '+34912345678' });
    const late = freeSlots({
      ruleSet: madridTeam({ minNoticeMinutes: 30 }),
      lawfulWindow,
      bookings: [],
      now: new Date('2026-03-02T22:45:00Z'),
      range: range('2026-03-02T22:45:00Z', '2026-03-05T00:00:00Z'),
    });
    expect(late[0]?.prospectLocalStart).toBe('2026-03-03T09:00:00.000+01:00');
    const early = freeSlots({
      ruleSet: madridTeam({ minNoticeMinutes: 30 }),
      lawfulWindow,
      bookings: [],
      now: new Date('2026-03-03T07:45:00Z'),
      range: range('2026-03-03T00:00:00Z', '2026-03-04T00:00:00Z'),
    });
    expect(early[0]?.prospectLocalStart).toBe('2026-03-03T09:30:00.000+01:00');
  });

  it('an admin stricter window narrows Spain to 10:00–20:00', () => {
    const ruleSet = madridTeam({ stricterWindows: [{ jurisdiction: 'ES', start: '10:00', end: '20:00' }] });
    const slots = freeSlots({
      ruleSet,
      lawfulWindow: lawfulWindowFor({ phoneE164: '+34912345678' }),
      bookings: [],
      now: BEFORE,
      range: MONDAY,
    });
    expect([slots[0]?.prospectLocalStart, slots.at(-1)?.prospectLocalStart]).toEqual([
      '2026-03-02T10:00:00.000+01:00',
      '2026-03-02T19:30:00.000+01:00',
    ]);
  });
});

describe('freeSlots: holidays', () => {
  const ruleSet = madridTeam();
  const week = range('2026-12-06T23:00:00Z', '2026-12-09T23:00:00Z'); // Mon 7 – Wed 9 December 2026
  const december = new Date('2026-12-01T09:00:00Z');
  const days = (phoneE164: string, region?: string): string[] => [
    ...new Set(
      prospectStarts(
        freeSlots({
          ruleSet,
          lawfulWindow: lawfulWindowFor(region === undefined ? { phoneE164 } : { phoneE164, region }),
          bookings: [],
          now: december,
          range: week,
        }),
      ).map((s) => s.slice(0, 10)),
    ),
  ];

  it('no call anywhere in Spain on the national holiday of 8 December', () => {
    expect(days('+34932345678')).toEqual(['2026-12-07', '2026-12-09']);
  });
  it('no call in Madrid on its regional holiday of 7 December when the region is known', () => {
    expect(days('+34912345678')).toEqual(['2026-12-09']);
    expect(days('+34612345678', 'MD')).toEqual(['2026-12-09']);
    expect(days('+34612345678')).toEqual(['2026-12-07', '2026-12-09']);
  });
  it('team holidays close the team; a date override reopens a day', () => {
    const team = madridTeam({
      holidays: { country: 'ES', region: 'MD', add: ['2026-12-09'] },
      dateOverrides: { '2026-12-07': { hours: [{ start: '12:00', end: '13:00' }] } },
    });
    const slots = freeSlots({
      ruleSet: team,
      lawfulWindow: lawfulWindowFor({ phoneE164: '+34932345678' }),
      bookings: [],
      now: december,
      range: week,
    });
    expect(teamStarts(slots)).toEqual(['2026-12-07T12:00:00.000+01:00', '2026-12-07T12:30:00.000+01:00']);
  });
});

describe('freeSlots: United States prospects (08:00–21:00 local, every day)', () => {
  it('with a stated zone, 08:00 to 20:30 New York time', () => {
    const slots = freeSlots({
      ruleSet: madridTeam({ weeklyHours: EVERY_HOUR }),
      lawfulWindow: lawfulWindowFor({ phoneE164: '+12125550123', statedTimeZone: 'America/New_York' }),
      bookings: [],
      now: BEFORE,
      range: range('2026-03-02T05:00:00Z', '2026-03-03T05:00:00Z'),
    });
    expect([slots[0]?.prospectLocalStart, slots.at(-1)?.prospectLocalStart]).toEqual([
      '2026-03-02T08:00:00.000-05:00',
      '2026-03-02T20:30:00.000-05:00',
    ]);
    expect(slots[0]?.teamLocalStart).toBe('2026-03-02T14:00:00.000+01:00');
  });
  it('without one, only what is lawful from New York to Honolulu: 13:00–21:00 New York', () => {
    const slots = freeSlots({
      ruleSet: madridTeam({ weeklyHours: EVERY_HOUR }),
      lawfulWindow: lawfulWindowFor({ phoneE164: '+12125550123' }),
      bookings: [],
      now: BEFORE,
      range: range('2026-03-02T05:00:00Z', '2026-03-03T05:00:00Z'),
    });
    expect([slots[0]?.prospectLocalStart, slots.at(-1)?.prospectLocalStart]).toEqual([
      '2026-03-02T13:00:00.000-05:00',
      '2026-03-02T20:30:00.000-05:00',
    ]);
  });
  it('across midnight in the team zone: Los Angeles afternoon is the Madrid night', () => {
    const slots = freeSlots({
      ruleSet: madridTeam({ weeklyHours: EVERY_HOUR }),
      lawfulWindow: lawfulWindowFor({ phoneE164: '+14155552671', statedTimeZone: 'America/Los_Angeles' }),
      bookings: [],
      now: new Date('2026-06-01T00:00:00Z'),
      range: range('2026-06-09T21:00:00Z', '2026-06-09T22:30:00Z'),
    });
    expect(slots.map((s) => `${s.teamLocalStart} = ${s.prospectLocalStart}`)).toEqual([
      '2026-06-09T23:00:00.000+02:00 = 2026-06-09T14:00:00.000-07:00',
      '2026-06-09T23:30:00.000+02:00 = 2026-06-09T14:30:00.000-07:00',
      '2026-06-10T00:00:00.000+02:00 = 2026-06-09T15:00:00.000-07:00',
    ]);
  });
  it('a prospect whose zone cannot be known gets nothing', () => {
    expect(
      freeSlots({
        ruleSet: madridTeam({ weeklyHours: EVERY_HOUR }),
        lawfulWindow: lawfulWindowFor({ phoneE164: '+525512345678' }),
        bookings: [],
        now: BEFORE,
        range: MONDAY,
      }),
    ).toEqual([]);
  });
});

describe('freeSlots: horizon, buffer, capacity', () => {
  const lawfulWindow = lawfulWindowFor({ phoneE164: '+34912345678' });
  const wide = range('2026-03-01T00:00:00Z', '2026-03-10T00:00:00Z');

  it('stops at now + horizonDays: a slot starting exactly there is not offered', () => {
    const ruleSet = madridTeam({ horizonDays: 2 });
    const atNine = freeSlots({ ruleSet, lawfulWindow, bookings: [], now: new Date('2026-03-02T08:00:00Z'), range: wide });
    expect([atNine[0]?.teamLocalStart, atNine.at(-1)?.teamLocalStart]).toEqual([
      '2026-03-02T09:00:00.000+01:00',
      '2026-03-03T20:30:00.000+01:00',
    ]);
    const atHalfPast = freeSlots({ ruleSet, lawfulWindow, bookings: [], now: new Date('2026-03-02T08:30:00Z'), range: wide });
    expect(atHalfPast.at(-1)?.teamLocalStart).toBe('2026-03-04T09:00:00.000+01:00');
  });

  it('a booking blocks a seat for bufferMinutes either side', () => {
    const booking = { startUtc: new Date('2026-03-02T09:00:00Z'), endUtc: new Date('2026-03-02T09:30:00Z') }; // 10:00–10:30 Madrid
    const around = range('2026-03-02T08:30:00Z', '2026-03-02T10:30:00Z');
    const seats = (bufferMinutes: number, capacity: number): string[] =>
      freeSlots({
        ruleSet: madridTeam({ bufferMinutes, capacity: { default: capacity } }),
        lawfulWindow,
        bookings: [booking],
        now: BEFORE,
        range: around,
      }).map((s) => `${s.teamLocalStart.slice(11, 16)}:${s.remainingCapacity}`);
    expect(seats(0, 1)).toEqual(['09:30:1', '10:30:1', '11:00:1']);
    expect(seats(10, 1)).toEqual(['11:00:1']);
    expect(seats(10, 2)).toEqual(['09:30:1', '10:00:1', '10:30:1', '11:00:2']);
  });

  it('counts unsorted bookings the same as sorted ones', () => {
    const bookings = [
      { startUtc: new Date('2026-03-02T12:00:00Z'), endUtc: new Date('2026-03-02T12:30:00Z') },
      { startUtc: new Date('2026-03-02T09:00:00Z'), endUtc: new Date('2026-03-02T09:30:00Z') },
      { startUtc: new Date('2026-03-02T09:00:00Z'), endUtc: new Date('2026-03-02T10:00:00Z') },
    ];
    const run = (list: typeof bookings) => freeSlots({ ruleSet: madridTeam(), lawfulWindow, bookings: list, now: BEFORE, range: MONDAY });
    expect(run(bookings)).toEqual(run([...bookings].reverse()));
    expect(teamStarts(run(bookings))).not.toContain('2026-03-02T10:00:00.000+01:00');
  });

  it('capacity follows the time ranges and a call spanning two takes the smaller', () => {
    const ruleSet = madridTeam({
      slotMinutes: 60,
      capacity: {
        default: 1,
        ranges: [
          { weekdays: ['mon'], start: '12:00', end: '14:00', capacity: 3 },
          { start: '18:00', end: '22:00', capacity: 0 },
        ],
      },
    });
    const slots = freeSlots({
      ruleSet,
      lawfulWindow,
      bookings: [],
      now: BEFORE,
      range: range('2026-03-02T10:00:00Z', '2026-03-02T18:00:00Z'),
    });
    expect(slots.map((s) => `${s.teamLocalStart.slice(11, 16)}:${s.remainingCapacity}`)).toEqual([
      '11:00:1',
      '11:30:1',
      '12:00:3',
      '12:30:3',
      '13:00:3',
      '13:30:1',
      '14:00:1',
      '14:30:1',
      '15:00:1',
      '15:30:1',
      '16:00:1',
      '16:30:1',
      '17:00:1',
    ]);
  });

  it('offers only slots starting in the requested range', () => {
    const slots = freeSlots({
      ruleSet: madridTeam(),
      lawfulWindow,
      bookings: [],
      now: BEFORE,
      range: range('2026-03-02T10:15:00Z', '2026-03-02T11:00:00Z'),
    });
    expect(teamStarts(slots)).toEqual(['2026-03-02T11:30:00.000+01:00']);
  });
});
