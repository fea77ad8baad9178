import { type Weekday, weekdayFromIso } from './weekdays';

const DAY_MS = 86_400_000;

/**
 * A civil date with no zone attached, counted in days since 1970-01-01. Pure arithmetic,
 * so the engine can walk calendar days without building a luxon DateTime per day.
 */
export type DayNumber = number;

export function dayNumberOf(year: number, month: number, day: number): DayNumber {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

export function dayNumberFromIsoDate(isoDate: string): DayNumber {
  return dayNumberOf(Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)), Number(isoDate.slice(8, 10)));
}

/** "YYYY-MM-DD". */
export function isoDateOf(day: DayNumber): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function yearOf(day: DayNumber): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

export function weekdayOf(day: DayNumber): Weekday {
  // 1970-01-01 was a Thursday (ISO weekday 4).
  return weekdayFromIso(((((day + 3) % 7) + 7) % 7) + 1);
}

/** Wall-clock milliseconds of `minute` after midnight of `day`, as if the zone were UTC. */
export function wallClockMs(day: DayNumber, minute: number): number {
  return day * DAY_MS + minute * 60_000;
}

export function isValidIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  return isoDateOf(dayNumberFromIsoDate(text)) === text;
}
