import { type DayNumber, dayNumberFromIsoDate, isoDateOf, weekdayOf } from './calendarDay';
import { type MinuteRange, toMinuteRanges } from './clockTime';
import { isPublicHoliday } from './holidayCalendar';
import type { Interval } from './ranges';
import type { RuleSet } from './ruleSet';
import type { ZoneClock } from './zoneClock';

/** One opening of the team on one local day: the UTC instants and the wall-clock grid anchor. */
export interface TeamRange {
  readonly day: DayNumber;
  readonly minutes: MinuteRange;
  readonly utc: Interval;
}

function teamHolidayTest(ruleSet: RuleSet): (day: DayNumber) => boolean {
  const calendar = ruleSet.holidays;
  if (calendar === undefined) return () => false;
  const added = new Set(calendar.add.map(dayNumberFromIsoDate));
  const removed = new Set(calendar.remove.map(dayNumberFromIsoDate));
  const ref = calendar.region === undefined ? { country: calendar.country } : { country: calendar.country, region: calendar.region };
  return (day) => added.has(day) || (!removed.has(day) && isPublicHoliday(ref, day));
}

/** Whether the team's holidays close this team-local day: a date override (open or closed) says otherwise. */
export function isTeamHoliday(ruleSet: RuleSet, day: DayNumber): boolean {
  return ruleSet.dateOverrides[isoDateOf(day)] === undefined && teamHolidayTest(ruleSet)(day);
}

/**
 * Hours of one team-local day. A date override is the most specific statement an admin
 * makes, so it wins over both the weekly hours and a holiday (to open on a holiday).
 */
function hoursOn(ruleSet: RuleSet, day: DayNumber, isHoliday: (day: DayNumber) => boolean): MinuteRange[] {
  const override = ruleSet.dateOverrides[isoDateOf(day)];
  if (override !== undefined) return 'closed' in override ? [] : toMinuteRanges(override.hours);
  if (isHoliday(day)) return [];
  return toMinuteRanges(ruleSet.weeklyHours[weekdayOf(day)]);
}

/**
 * The team's openings touching [fromUtc, toUtc), built day by day in the team's zone so that
 * "09:00" stays 09:00 on the days clocks change, then converted to instants.
 */
export function teamRanges(ruleSet: RuleSet, clock: ZoneClock, fromUtc: number, toUtc: number): TeamRange[] {
  const isHoliday = teamHolidayTest(ruleSet);
  const out: TeamRange[] = [];
  for (let day = clock.dayOf(fromUtc); day <= clock.dayOf(toUtc); day++) {
    for (const minutes of hoursOn(ruleSet, day, isHoliday)) {
      const start = clock.instantOf(day, minutes.start);
      const end = clock.instantOf(day, minutes.end);
      if (start < end && end > fromUtc && start < toUtc) out.push({ day, minutes, utc: [start, end] });
    }
  }
  return out;
}
