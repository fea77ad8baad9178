import { DateTime } from 'luxon';
import { whyNoSlotAt } from '../availability/engine';
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

/**
 * Why a wanted instant is not offered, in the words the bot needs ("no llamamos después de las 21:00"): the
 * engine says which of its checks the instant fails (`whyNoSlotAt`); this only adds what the law's refusal means
 * that day (a rest day, a holiday, the hours that are lawful). Pure, like the engine. Meant for an instant that
 * was not offered; null when there is nothing to explain (between two slot starts of an open hour).
 */
export function explainUnavailable(input: {
  ruleSet: RuleSet;
  lawfulWindow: LawfulWindow;
  instantUtc: Date;
  now: Date;
}): Unavailability | null {
  const { ruleSet, lawfulWindow } = input;
  const reason = whyNoSlotAt({ ruleSet, lawfulWindow, now: input.now, startUtc: input.instantUtc });
  switch (reason) {
    case null:
      // A slot of the schedule starts exactly then and it was not offered: its seats are taken.
      return { kind: 'full' };
    case 'between_slots':
      return null;
    case 'too_soon':
    case 'beyond_horizon':
    case 'team_closed':
      return { kind: reason };
    case 'unlawful':
      return whyUnlawful(lawfulWindow, ruleSet, input.instantUtc);
  }
}

/** Which refusal of the law an unlawful instant meets, on the person's own calendar day: a rest day, a holiday, or the hours. */
export function unlawfulKind(lawfulWindow: LawfulWindow, instant: Date): 'outside_lawful_hours' | 'lawful_rest_day' | 'lawful_holiday' {
  if (lawfulWindow.displayZone === null) return 'outside_lawful_hours';
  const local = DateTime.fromJSDate(instant, { zone: lawfulWindow.displayZone });
  if (lawfulWindow.dailyRanges[weekdayFromIso(local.weekday)].length === 0) return 'lawful_rest_day';
  if (lawfulWindow.holidayCalendar && isPublicHoliday(lawfulWindow.holidayCalendar, dayNumberFromIsoDate(local.toISODate() ?? ''))) {
    return 'lawful_holiday';
  }
  return 'outside_lawful_hours';
}

function whyUnlawful(lawfulWindow: LawfulWindow, ruleSet: RuleSet, instant: Date): Unavailability {
  const kind = unlawfulKind(lawfulWindow, instant);
  if (kind !== 'outside_lawful_hours') return { kind };
  if (lawfulWindow.displayZone === null) return { kind, lawfulLocal: null };
  const local = DateTime.fromJSDate(instant, { zone: lawfulWindow.displayZone });
  return { kind, lawfulLocal: lawfulHoursOfDay(lawfulWindow, ruleSet, local) };
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
