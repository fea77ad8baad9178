export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const WEEKDAY_NAMES: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/** ISO weekday number (Monday = 1 … Sunday = 7), as luxon's `weekday`. */
export function weekdayFromIso(isoWeekday: number): Weekday {
  const day = WEEKDAYS[isoWeekday - 1];
  if (day === undefined) throw new RangeError(`not an ISO weekday: ${isoWeekday}`);
  return day;
}

export function weekdayName(day: Weekday): string {
  return WEEKDAY_NAMES[day];
}

/** "Monday–Friday", "every day", "Monday, Wednesday": for messages admins read. */
export function describeWeekdays(days: readonly Weekday[]): string {
  const present = WEEKDAYS.filter((d) => days.includes(d));
  if (present.length === 0) return 'no day';
  if (present.length === WEEKDAYS.length) return 'every day';
  const first = present[0];
  const last = present[present.length - 1];
  const contiguous =
    first !== undefined &&
    last !== undefined &&
    present.length > 2 &&
    WEEKDAYS.indexOf(last) - WEEKDAYS.indexOf(first) === present.length - 1;
  if (contiguous) return `${weekdayName(first)}–${weekdayName(last)}`;
  return present.map(weekdayName).join(', ');
}
