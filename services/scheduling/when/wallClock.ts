import { DateTime } from 'luxon';

/**
 * The recognizer resolves "mañana", "el jueves" against a JS Date's *local* fields and answers in
 * zone-less wall-clock strings. So we hand it a Date whose local fields (in whatever zone this process
 * runs) are the person's wall clock now, and read its answers back as wall-clock times in the person's
 * zone. If the process zone itself skips that wall time (its own DST gap), the Date lands an hour later;
 * only the reference's time of day moves, never its date, and callers do not rely on that time of day
 * ("in two hours" is computed from `now` directly, clocks are read from the timex, see readings.ts).
 */
export function recognizerReference(now: Date, timeZone: string): Date {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  return new Date(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
}

/**
 * A wall-clock date and time in a zone, as an instant. A time inside a spring-forward gap (02:30 on a
 * day that jumps from 02:00 to 03:00) does not exist; luxon moves it forward by the gap, to 03:30, which
 * is the nearest real time after what the person asked for. A time repeated by the autumn change takes
 * its first occurrence (the summer offset).
 */
export function atClock(isoDate: string, clock: string, timeZone: string): Date {
  const wall = DateTime.fromFormat(`${isoDate} ${fullClock(clock)}`, 'yyyy-MM-dd HH:mm:ss', { zone: timeZone });
  // luxon takes the second occurrence of a repeated wall time; the first is the one that comes first.
  const shift = wall.offset - wall.minus({ hours: 3 }).offset;
  const earlier = shift < 0 ? wall.plus({ minutes: shift }) : wall;
  return (earlier.toFormat('yyyy-MM-dd HH:mm:ss') === wall.toFormat('yyyy-MM-dd HH:mm:ss') ? earlier : wall).toJSDate();
}

/** "9:30", "09:30" or "09:30:00" as "09:30:00". */
export function fullClock(clock: string): string {
  const [h = '0', m = '0', s = '0'] = clock.split(':');
  return [h, m, s].map((part) => part.padStart(2, '0')).join(':');
}

export function localDate(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toFormat('yyyy-MM-dd');
}

export function addDays(isoDate: string, days: number): string {
  return DateTime.fromISO(isoDate, { zone: 'UTC' }).plus({ days }).toFormat('yyyy-MM-dd');
}

/** The instant as the person's own wall clock, with its offset: what we show and log. */
export function isoLocal(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toISO() ?? instant.toISOString();
}
