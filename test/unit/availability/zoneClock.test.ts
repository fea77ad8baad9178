import fc from 'fast-check';
import { DateTime } from 'luxon';
import { dayNumberOf } from '../../../services/availability/calendarDay';
import { ZoneClock } from '../../../services/availability/zoneClock';

const madrid = new ZoneClock('Europe/Madrid');
const iso = (ms: number | null, clock: ZoneClock): string | null => (ms === null ? null : clock.formatIso(ms));

describe('ZoneClock wall-clock conversion', () => {
  it('keeps 09:00 at 09:00 local on both sides of a change', () => {
    expect(iso(madrid.existingInstantOf(dayNumberOf(2026, 3, 28), 9 * 60), madrid)).toBe('2026-03-28T09:00:00.000+01:00');
    expect(iso(madrid.existingInstantOf(dayNumberOf(2026, 3, 29), 9 * 60), madrid)).toBe('2026-03-29T09:00:00.000+02:00');
  });
  it('has no 02:30 on the spring-forward night; a range edge there moves to the jump', () => {
    const day = dayNumberOf(2026, 3, 29);
    expect(madrid.existingInstantOf(day, 150)).toBeNull();
    expect(madrid.formatIso(madrid.instantOf(day, 150))).toBe('2026-03-29T03:00:00.000+02:00');
    expect(new Date(madrid.instantOf(day, 150)).toISOString()).toBe('2026-03-29T01:00:00.000Z');
  });
  it('reads a repeated 02:30 as its first occurrence', () => {
    expect(iso(madrid.existingInstantOf(dayNumberOf(2026, 10, 25), 150), madrid)).toBe('2026-10-25T02:30:00.000+02:00');
  });
  it('formats offsets west of UTC and for UTC itself', () => {
    const ny = new ZoneClock('America/New_York');
    expect(ny.formatIso(Date.parse('2026-11-01T06:30:00Z'))).toBe('2026-11-01T01:30:00.000-05:00');
    expect(new ZoneClock('Etc/UTC').formatIso(Date.parse('2026-01-01T00:00:00Z'))).toBe('2026-01-01T00:00:00.000+00:00');
  });
  it('refuses an unknown zone', () => {
    expect(() => new ZoneClock('Mars/Olympus')).toThrow('unknown IANA time zone');
  });
});

const ZONES = [
  'Europe/Madrid',
  'Atlantic/Canary',
  'America/New_York',
  'America/Phoenix',
  'Pacific/Honolulu',
  'Australia/Adelaide',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
];
const INSTANTS = fc.integer({ min: Date.parse('2025-12-01T00:00:00Z'), max: Date.parse('2028-02-01T00:00:00Z') });

describe('ZoneClock agrees with luxon', () => {
  it('on offsets and ISO text at any instant', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), INSTANTS, (zone, ms) => {
        const expected = DateTime.fromMillis(ms, { zone }).toISO();
        return new ZoneClock(zone).formatIso(ms) === expected;
      }),
      { numRuns: 300 },
    );
  });
  it('on the instant of a wall-clock time, wherever that time exists', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), INSTANTS, fc.integer({ min: 0, max: 1439 }), (zone, ms, minute) => {
        const clock = new ZoneClock(zone);
        const day = clock.dayOf(ms);
        const found = clock.existingInstantOf(day, minute);
        if (found === null) return true;
        const local = DateTime.fromMillis(found, { zone });
        return local.hour * 60 + local.minute === minute && clock.dayOf(found) === day;
      }),
      { numRuns: 300 },
    );
  });
});
