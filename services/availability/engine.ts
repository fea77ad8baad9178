import { BookingIndex, type Booking } from './bookingIndex';
import { CapacityTimeline } from './capacityTimeline';
import { wallClockMs } from './calendarDay';
import { lawfulIntervals } from './lawfulIntervals';
import type { LawfulWindow } from './lawfulWindow';
import { type Interval, findContaining, intersectIntervals, mergeIntervals } from './ranges';
import type { RuleSet } from './ruleSet';
import { type TeamRange, teamRanges } from './teamHours';
import { ZoneClock } from './zoneClock';

export { nearestSlots } from './nearestSlots';
export type { Booking } from './bookingIndex';

/** A time we may offer: lawful for the person, inside the team's hours, with a seat free. */
export interface CallbackSlot {
  readonly startUtc: Date;
  readonly endUtc: Date;
  /** ISO 8601 with offset in the person's display zone (`LawfulWindow.displayZone`). */
  readonly prospectLocalStart: string;
  readonly teamLocalStart: string;
  readonly remainingCapacity: number;
}

export interface FreeSlotsQuery {
  readonly ruleSet: RuleSet;
  readonly lawfulWindow: LawfulWindow;
  readonly bookings: readonly Booking[];
  readonly now: Date;
  /** Slots whose start lies in [fromUtc, toUtc) are considered. */
  readonly range: { readonly fromUtc: Date; readonly toUtc: Date };
}

const MINUTE = 60_000;
const DAY = 86_400_000;

interface Candidate {
  readonly start: number;
  readonly remaining: number;
}

/**
 * Slot starts of one team opening: every intervalMinutes of wall-clock time from the opening's
 * start. When the offset is the same at both ends (nearly always) this is plain arithmetic;
 * across a clock change each wall-clock start is resolved alone, so none falls in the skipped
 * hour and none is produced twice in the repeated one.
 */
function* gridStarts(range: TeamRange, clock: ZoneClock, intervalMinutes: number): Generator<number> {
  const [utcStart, utcEnd] = range.utc;
  const steady =
    clock.offsetAt(utcStart) === clock.offsetAt(utcEnd - 1) && clock.wallClockOf(utcStart) === wallClockMs(range.day, range.minutes.start);
  for (let m = range.minutes.start; m < range.minutes.end; m += intervalMinutes) {
    const start = steady ? utcStart + (m - range.minutes.start) * MINUTE : clock.existingInstantOf(range.day, m);
    if (start !== null) yield start;
  }
}

/** Slot starts the rule set allows from `now`: no earlier than the notice, before the horizon. */
function bookableSpan(ruleSet: RuleSet, now: Date): { earliest: number; latest: number } {
  return {
    earliest: now.getTime() + ruleSet.minNoticeMinutes * MINUTE,
    latest: now.getTime() + ruleSet.horizonDays * DAY,
  };
}

/**
 * Why the schedule has no slot starting at `startUtc`, most fundamental reason first (the law, then the notice and
 * the horizon, then the team's hours and grid); null when a slot of the schedule starts exactly then, so that if it
 * was not offered, its seats were taken. Bookings are not consulted: the same checks as `freeSlots`, one instant.
 */
export type NoSlotReason = 'unlawful' | 'too_soon' | 'beyond_horizon' | 'team_closed' | 'between_slots';

export function whyNoSlotAt(query: Omit<FreeSlotsQuery, 'range' | 'bookings'> & { readonly startUtc: Date }): NoSlotReason | null {
  const { ruleSet, lawfulWindow, now } = query;
  const at = query.startUtc.getTime();
  const slotEnd = at + ruleSet.slotMinutes * MINUTE;
  const lawful = lawfulWindow.displayZone === null ? [] : lawfulIntervals(lawfulWindow, ruleSet.stricterWindows, at - DAY, at + DAY);
  if (findContaining(lawful, at, slotEnd) < 0) return 'unlawful';
  const bookable = bookableSpan(ruleSet, now);
  if (at < bookable.earliest) return 'too_soon';
  if (at >= bookable.latest) return 'beyond_horizon';
  const around = { fromUtc: new Date(at - ruleSet.slotMinutes * MINUTE), toUtc: new Date(slotEnd) };
  const nearby = freeSlots({ ruleSet, lawfulWindow, bookings: [], now, range: around });
  if (nearby.some((slot) => slot.startUtc.getTime() === at)) return null;
  return nearby.some((slot) => slot.startUtc.getTime() <= at && at < slot.endUtc.getTime()) ? 'between_slots' : 'team_closed';
}

/**
 * Free callback slots from `now` on. Pure: the clock is `now`, nothing is read or written.
 * A slot is offered when it starts on a team opening's grid, no earlier than now + notice and
 * before now + horizon and within the requested range; lies wholly inside the team's hours
 * and the lawful window (strictest reading over the person's candidate zones, narrowed by the
 * admin's stricter windows); and still has a seat once the bookings that come within
 * bufferMinutes of it (either side) are counted.
 */
export function freeSlots(query: FreeSlotsQuery): CallbackSlot[] {
  const { ruleSet, lawfulWindow } = query;
  const bookable = bookableSpan(ruleSet, query.now);
  const earliest = Math.max(query.range.fromUtc.getTime(), bookable.earliest);
  const latest = Math.min(query.range.toUtc.getTime(), bookable.latest);
  const slotMs = ruleSet.slotMinutes * MINUTE;
  const bufferMs = ruleSet.bufferMinutes * MINUTE;
  const prospectZone = lawfulWindow.displayZone;
  if (!(earliest < latest) || prospectZone === null) return [];

  const spanEnd = latest + slotMs;
  const teamClock = new ZoneClock(ruleSet.timeZone);
  const openings = teamRanges(ruleSet, teamClock, earliest, spanEnd);
  const lawful = lawfulIntervals(lawfulWindow, ruleSet.stricterWindows, earliest, spanEnd);
  const offer: Interval[] = intersectIntervals(mergeIntervals(openings.map((o) => o.utc)), lawful);
  if (offer.length === 0) return [];

  const capacity = CapacityTimeline.build(ruleSet, teamClock, earliest, spanEnd);
  const booked = BookingIndex.of(query.bookings);
  const found: Candidate[] = [];
  for (const opening of openings) {
    for (const start of gridStarts(opening, teamClock, ruleSet.intervalMinutes)) {
      if (start < earliest || start >= latest) continue;
      const end = start + slotMs;
      if (findContaining(offer, start, end) < 0) continue;
      const remaining = capacity.over(start, end) - booked.countOverlapping(start - bufferMs, end + bufferMs);
      if (remaining > 0) found.push({ start, remaining });
    }
  }

  found.sort((a, b) => a.start - b.start);
  const prospectClock = new ZoneClock(prospectZone);
  const slots: CallbackSlot[] = [];
  let previous = Number.NaN;
  for (const { start, remaining } of found) {
    if (start === previous) continue;
    previous = start;
    slots.push({
      startUtc: new Date(start),
      endUtc: new Date(start + slotMs),
      prospectLocalStart: prospectClock.formatIso(start),
      teamLocalStart: teamClock.formatIso(start),
      remainingCapacity: remaining,
    });
  }
  return slots;
}
