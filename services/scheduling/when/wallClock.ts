import { DateTime } from 'luxon';

/**
 * The recognizer resolves "mañana", "el jueves" against a JS Date's local fields and answers in local
 * wall-clock strings with no zone. So we hand it a Date whose local fields are the person's wall clock
 * now, and read its answers back as wall-clock times in the person's zone. (A process zone whose own DST
 * gap swallowed that wall time would shift it by an hour; servers run in UTC, which has none.)
 */
export function recognizerReference(now: Date, timeZone: string): Date {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  return new Date(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
}

/** A wall-clock "YYYY-MM-DD HH:mm:ss" in a zone, as an instant. A time in a skipped hour moves forward. */
export function wallClockToUtc(wallClock: string, timeZone: string): Date {
  return DateTime.fromFormat(wallClock, 'yyyy-MM-dd HH:mm:ss', { zone: timeZone }).toJSDate();
}

export function localDate(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toFormat('yyyy-MM-dd');
}

export function addDays(isoDate: string, days: number): string {
  return DateTime.fromISO(isoDate).plus({ days }).toFormat('yyyy-MM-dd');
}

export function atClock(isoDate: string, clock: string, timeZone: string): Date {
  return wallClockToUtc(`${isoDate} ${clock.length === 5 ? `${clock}:00` : clock}`, timeZone);
}

export function isoLocal(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toISO() ?? instant.toISOString();
}
