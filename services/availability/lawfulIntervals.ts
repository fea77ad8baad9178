import { weekdayOf } from './calendarDay';
import { type MinuteRange, intersectMinuteRanges, toMinuteRanges } from './clockTime';
import { isPublicHoliday } from './holidayCalendar';
import type { LawfulWindow } from './lawfulWindow';
import { type Interval, intersectAll, mergeIntervals } from './ranges';
import type { StricterWindow } from './stricterWindows';
import type { Weekday } from './weekdays';
import { ZoneClock } from './zoneClock';

/** Lawful hours of one weekday, narrowed by the admin's stricter windows for the jurisdiction. */
function allowedMinutes(window: LawfulWindow, stricter: readonly StricterWindow[], weekday: Weekday): MinuteRange[] {
  const lawful = toMinuteRanges(window.dailyRanges[weekday]);
  const narrowing = stricter.filter((s) => s.jurisdiction === window.jurisdiction && (s.weekdays?.includes(weekday) ?? true));
  if (narrowing.length === 0) return lawful;
  // Intersect, never replace: even a stricter window that slipped past validation cannot widen the law.
  return intersectMinuteRanges(lawful, toMinuteRanges(narrowing));
}

function lawfulInZone(window: LawfulWindow, stricter: readonly StricterWindow[], zone: string, fromUtc: number, toUtc: number): Interval[] {
  const clock = new ZoneClock(zone);
  const byWeekday = new Map<Weekday, MinuteRange[]>();
  const out: Interval[] = [];
  for (let day = clock.dayOf(fromUtc); day <= clock.dayOf(toUtc); day++) {
    // Holidays are judged on the person's own calendar day, in their zone.
    if (window.holidayCalendar !== null && isPublicHoliday(window.holidayCalendar, day)) continue;
    const weekday = weekdayOf(day);
    let minutes = byWeekday.get(weekday);
    if (minutes === undefined) {
      minutes = allowedMinutes(window, stricter, weekday);
      byWeekday.set(weekday, minutes);
    }
    for (const range of minutes) out.push([clock.instantOf(day, range.start), clock.instantOf(day, range.end)]);
  }
  return mergeIntervals(out);
}

/**
 * Instants in [fromUtc, toUtc] when calling is lawful. With several candidate zones only the
 * instants lawful in every one of them remain (the strictest reading); with none, nothing.
 */
export function lawfulIntervals(window: LawfulWindow, stricter: readonly StricterWindow[], fromUtc: number, toUtc: number): Interval[] {
  return intersectAll(window.candidateZones.map((zone) => lawfulInZone(window, stricter, zone, fromUtc, toUtc)));
}
