import { DateTime } from 'luxon';
import { freeSlots } from '../availability/engine';
import { lawfulIntervals } from '../availability/lawfulIntervals';
import type { LawfulWindow } from '../availability/lawfulWindow';
import { dayNumberFromIsoDate } from '../availability/calendarDay';
import { isPublicHoliday } from '../availability/holidayCalendar';
import type { RuleSet } from '../availability/ruleSet';
import { weekdayFromIso } from '../availability/weekdays';

export type Unavailability =
  | { kind: 'outside_lawful_hours'; lawfulLocal: string | null }
  | { kind: 'lawful_rest_day' }
  | { kind: 'lawful_holiday' }
  | { kind: 'team_closed' }
  | { kind: 'too_soon' }
  | { kind: 'beyond_horizon' }
  | { kind: 'full' };

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * Why a wanted instant is not offered, most fundamental reason first, so the bot can say it plainly
 * ("no llamamos después de las 21:00"). Pure, like the engine. Meant for an instant that was not offered;
 * null when there is nothing to explain (it is bookable, or merely between two slot starts).
 */
export function explainUnavailable(input: {
  ruleSet: RuleSet;
  lawfulWindow: LawfulWindow;
  instantUtc: Date;
  now: Date;
}): Unavailability | null {
  const { ruleSet, lawfulWindow, now } = input;
  const at = input.instantUtc.getTime();
  const zone = lawfulWindow.candidateZones[0];
  if (zone === undefined) return { kind: 'outside_lawful_hours', lawfulLocal: null };

  const local = DateTime.fromMillis(at, { zone });
  const weekday = weekdayFromIso(local.weekday);
  const ranges = lawfulWindow.dailyRanges[weekday];
  const slotEnd = at + ruleSet.slotMinutes * MINUTE;
  const lawful = lawfulIntervals(lawfulWindow, ruleSet.stricterWindows, at - DAY, at + DAY);
  if (!lawful.some(([start, end]) => start <= at && slotEnd <= end)) {
    if (ranges.length === 0) return { kind: 'lawful_rest_day' };
    if (lawfulWindow.holidayCalendar && isPublicHoliday(lawfulWindow.holidayCalendar, dayNumberFromIsoDate(local.toISODate() ?? ''))) {
      return { kind: 'lawful_holiday' };
    }
    return { kind: 'outside_lawful_hours', lawfulLocal: lawfulHoursOfDay(lawfulWindow, ruleSet, local) };
  }
  if (at < now.getTime() + ruleSet.minNoticeMinutes * MINUTE) return { kind: 'too_soon' };
  if (at >= now.getTime() + ruleSet.horizonDays * DAY) return { kind: 'beyond_horizon' };

  const slotsNearby = freeSlots({
    ruleSet,
    lawfulWindow,
    bookings: [],
    now,
    range: { fromUtc: new Date(at - ruleSet.slotMinutes * MINUTE), toUtc: new Date(slotEnd) },
  });
  // A slot starting exactly then, free of bookings, that was not offered: its seats are taken.
  if (slotsNearby.some((slot) => slot.startUtc.getTime() === at)) return { kind: 'full' };
  // Inside an opening but between slot starts: nothing to explain, the nearest slots say it all.
  if (slotsNearby.some((slot) => slot.startUtc.getTime() <= at && at < slot.endUtc.getTime())) return null;
  return { kind: 'team_closed' };
}

/**
 * That day's lawful hours on the person's clock, as they may actually be called: where the zone is
 * ambiguous (a Spanish mobile, peninsula or Canaries) and where the admin narrowed the law, that is less
 * than the statute's window, and the bot must not promise "from 09:00" when it means 10:00.
 */
function lawfulHoursOfDay(lawfulWindow: LawfulWindow, ruleSet: RuleSet, local: DateTime): string | null {
  const dayStart = local.startOf('day');
  const dayEnd = dayStart.plus({ days: 1 });
  const clock = (ms: number) => (ms >= dayEnd.toMillis() ? '24:00' : DateTime.fromMillis(ms, { zone: local.zone }).toFormat('HH:mm'));
  const hours = lawfulIntervals(lawfulWindow, ruleSet.stricterWindows, dayStart.toMillis(), dayEnd.toMillis())
    .map(([start, end]): [number, number] => [Math.max(start, dayStart.toMillis()), Math.min(end, dayEnd.toMillis())])
    .filter(([start, end]) => start < end)
    .map(([start, end]) => `${clock(start)}–${clock(end)}`);
  return hours.length > 0 ? hours.join(', ') : null;
}
