import fc from 'fast-check';
import { DateTime } from 'luxon';
import { type CallbackSlot, freeSlots } from '../../../services/availability/engine';
import { type LawfulWindow, lawfulWindowFor } from '../../../services/availability/lawfulWindow';
import { type RuleSet, parseRuleSet } from '../../../services/availability/ruleSet';
import { isPublicHoliday } from '../../../services/availability/holidayCalendar';
import { dayNumberOf } from '../../../services/availability/calendarDay';
import { WEEKDAYS } from '../../../services/availability/weekdays';

/*
 * The oracle below re-derives every rule with luxon straight from the inputs, minute by
 * minute, without any of the engine's interval machinery.
 */
const MINUTE = 60_000;
const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

const dayHours = fc.array(fc.tuple(fc.integer({ min: 0, max: 47 }), fc.integer({ min: 1, max: 20 })), { maxLength: 2 }).map((pairs) => {
  const out: { start: string; end: string }[] = [];
  let floor = 0;
  for (const [startHalf, lengthHalf] of [...pairs].sort((a, b) => a[0] - b[0])) {
    const start = Math.max(startHalf * 30, floor);
    const end = Math.min(start + lengthHalf * 30, 1440);
    if (start < end) out.push({ start: clock(start), end: clock(end) });
    floor = end;
  }
  return out;
});

const ruleSetArb = fc
  .record({
    timeZone: fc.constantFrom('Europe/Madrid', 'Atlantic/Canary', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo'),
    weeklyHours: fc.record({ mon: dayHours, tue: dayHours, wed: dayHours, thu: dayHours, fri: dayHours, sat: dayHours, sun: dayHours }),
    slotMinutes: fc.constantFrom(15, 30, 45, 60),
    intervalMinutes: fc.constantFrom(15, 20, 30, 60),
    bufferMinutes: fc.constantFrom(0, 5, 15),
    minNoticeMinutes: fc.integer({ min: 0, max: 24 * 60 }),
    horizonDays: fc.integer({ min: 1, max: 9 }),
    capacity: fc.record({
      default: fc.integer({ min: 0, max: 3 }),
      ranges: fc.constantFrom(
        [],
        [{ start: '12:00', end: '15:00', capacity: 1 }],
        [{ weekdays: ['mon' as const, 'fri' as const], start: '10:00', end: '11:00', capacity: 4 }],
      ),
    }),
    holidays: fc.constantFrom(undefined, { country: 'ES', region: 'MD' }, { country: 'US' }),
  })
  .map((parts): RuleSet => parseRuleSet({ id: 'prop', name: 'prop', ...parts }));

const windowArb = fc
  .constantFrom(
    { phoneE164: '+34912345678' },
    { phoneE164: '+34612345678' },
    { phoneE164: '+34928123456' },
    { phoneE164: '+12125550123' },
    { phoneE164: '+14155552671', statedTimeZone: 'America/Los_Angeles' },
    { phoneE164: '+33123456789' },
  )
  .map(lawfulWindowFor);

// 2026 and 2027, so the clock changes of both years are reachable.
const nowArb = fc
  .integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-12-20T00:00:00Z') })
  .map((ms) => Math.floor(ms / MINUTE) * MINUTE);

function minuteOfDay(dt: DateTime): number {
  return dt.hour * 60 + dt.minute;
}

function teamOpenAt(ruleSet: RuleSet, ms: number): boolean {
  const local = DateTime.fromMillis(ms, { zone: ruleSet.timeZone });
  const day = dayNumberOf(local.year, local.month, local.day);
  if (ruleSet.holidays !== undefined && isPublicHoliday(ruleSet.holidays, day)) return false;
  const hours = ruleSet.weeklyHours[WEEKDAYS[local.weekday - 1] ?? 'mon'];
  const m = minuteOfDay(local);
  return hours.some((r) => m >= toMin(r.start) && m < toMin(r.end));
}

function lawfulAt(window: LawfulWindow, ms: number): boolean {
  return window.candidateZones.every((zone) => {
    const local = DateTime.fromMillis(ms, { zone });
    if (window.holidayCalendar !== null && isPublicHoliday(window.holidayCalendar, dayNumberOf(local.year, local.month, local.day)))
      return false;
    const m = minuteOfDay(local);
    return window.dailyRanges[WEEKDAYS[local.weekday - 1] ?? 'mon'].some((r) => m >= toMin(r.start) && m < toMin(r.end));
  });
}

const toMin = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function capacityAt(ruleSet: RuleSet, ms: number): number {
  const local = DateTime.fromMillis(ms, { zone: ruleSet.timeZone });
  const m = minuteOfDay(local);
  const weekday = WEEKDAYS[local.weekday - 1] ?? 'mon';
  const hit = ruleSet.capacity.ranges.find((r) => (r.weekdays?.includes(weekday) ?? true) && m >= toMin(r.start) && m < toMin(r.end));
  return hit?.capacity ?? ruleSet.capacity.default;
}

function checkSlot(
  slot: CallbackSlot,
  ruleSet: RuleSet,
  window: LawfulWindow,
  now: number,
  bookings: readonly { startUtc: Date; endUtc: Date }[],
): string | null {
  const start = slot.startUtc.getTime();
  const end = slot.endUtc.getTime();
  if (end - start !== ruleSet.slotMinutes * MINUTE) return 'wrong length';
  if (start < now + ruleSet.minNoticeMinutes * MINUTE) return 'before notice';
  if (start >= now + ruleSet.horizonDays * 86_400_000) return 'after horizon';
  let capacity = Number.POSITIVE_INFINITY;
  for (let t = start; t < end; t += MINUTE) {
    if (!teamOpenAt(ruleSet, t)) return `team closed at ${new Date(t).toISOString()}`;
    if (!lawfulAt(window, t)) return `unlawful at ${new Date(t).toISOString()}`;
    capacity = Math.min(capacity, capacityAt(ruleSet, t));
  }
  const buffer = ruleSet.bufferMinutes * MINUTE;
  const busy = bookings.filter((b) => b.startUtc.getTime() < end + buffer && b.endUtc.getTime() > start - buffer).length;
  if (slot.remainingCapacity !== capacity - busy) return `remaining ${slot.remainingCapacity}, expected ${capacity - busy}`;
  if (slot.remainingCapacity < 1) return 'no seat left';
  if (slot.prospectLocalStart !== DateTime.fromMillis(start, { zone: window.displayZone ?? 'UTC' }).toISO()) return 'prospect ISO';
  if (slot.teamLocalStart !== DateTime.fromMillis(start, { zone: ruleSet.timeZone }).toISO()) return 'team ISO';
  return null;
}

describe('freeSlots properties', () => {
  let offered = 0;
  afterAll(() => {
    // Guards against a generator so narrow that the property holds vacuously.
    expect(offered).toBeGreaterThan(100);
  });

  it('never offers a slot outside team hours, the lawful window, notice, horizon or capacity; sorted and unique', () => {
    fc.assert(
      fc.property(
        ruleSetArb,
        windowArb,
        nowArb,
        fc.array(fc.tuple(fc.integer({ min: 0, max: 9 * 24 * 4 }), fc.integer({ min: 1, max: 8 })), { maxLength: 40 }),
        (ruleSet, window, now, rawBookings) => {
          const bookings = rawBookings.map(([quarter, length]) => ({
            startUtc: new Date(now + quarter * 15 * MINUTE),
            endUtc: new Date(now + (quarter + length) * 15 * MINUTE),
          }));
          const slots = freeSlots({
            ruleSet,
            lawfulWindow: window,
            bookings,
            now: new Date(now),
            range: { fromUtc: new Date(now - 86_400_000), toUtc: new Date(now + 12 * 86_400_000) },
          });
          for (let i = 1; i < slots.length; i++) {
            if ((slots[i]?.startUtc.getTime() ?? 0) <= (slots[i - 1]?.startUtc.getTime() ?? 0)) return false;
          }
          offered += slots.length;
          for (const slot of slots) {
            const problem = checkSlot(slot, ruleSet, window, now, bookings);
            if (problem !== null) throw new Error(`${slot.teamLocalStart}: ${problem}`);
          }
          return true;
        },
      ),
      { numRuns: 120 },
    );
  });
});
