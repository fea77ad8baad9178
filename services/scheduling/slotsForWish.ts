import { DateTime } from 'luxon';
import { nearestSlots, type CallbackSlot } from '../availability/engine';

/** A wished time (`target`), and the window it came from when the person named a part of the day or a range. */
export interface SlotWish {
  target: Date;
  from?: Date;
  to?: Date;
}

/**
 * The slots to offer for a wish, by one rule: the time of day is kept, and when the day cannot give it
 * only the day moves, and only forward. People who name a day that turns out closed (a holiday, a weekend,
 * a day the team does not work) still want the part of the day they named; an earlier time on another day
 * answers a question they did not ask.
 * - A window ("el sábado por la tarde", "next week"): its free slots, then the same window on each
 *   following day, earliest first, until `limit`.
 * - An exact time, or a window no day has free: on the wished day, if it has any free slot, the slots
 *   nearest the wished time on either side ("a las 14:30" in the lunch break: 13:30 and 15:30); else the
 *   same on the next day that has one; following days fill up to `limit`.
 * - Past the booking horizon no day follows, so only there does the wish move back: the slots nearest it.
 * Days are the person's calendar days in `timeZone`, and a moved time keeps its wall clock across a DST
 * change. `slots` are sorted by start.
 */
export function slotsForWish(slots: readonly CallbackSlot[], wish: SlotWish, timeZone: string, limit: number): CallbackSlot[] {
  const wishedDay = localDay(wish.target, timeZone);
  const days = [...byLocalDay(slots, timeZone)].filter(([day]) => day >= wishedDay);
  const chosen: CallbackSlot[] = [];
  const { from, to } = wish;
  if (from && to) {
    for (const [day, daySlots] of days) {
      if (chosen.length >= limit) break;
      const shift = daysBetween(wishedDay, day);
      const start = moved(from, shift, timeZone);
      const end = moved(to, shift, timeZone);
      chosen.push(...daySlots.filter((slot) => slot.startUtc >= start && slot.startUtc < end).slice(0, limit - chosen.length));
    }
    if (chosen.length > 0) return chosen;
  }
  for (const [day, daySlots] of days) {
    if (chosen.length >= limit) break;
    chosen.push(...nearestSlots(daySlots, moved(wish.target, daysBetween(wishedDay, day), timeZone), limit - chosen.length));
  }
  return chosen.length > 0 ? chosen : nearestSlots(slots, wish.target, limit);
}

function byLocalDay(slots: readonly CallbackSlot[], timeZone: string): Map<string, CallbackSlot[]> {
  const days = new Map<string, CallbackSlot[]>();
  for (const slot of slots) {
    const day = localDay(slot.startUtc, timeZone);
    const list = days.get(day);
    if (list) list.push(slot);
    else days.set(day, [slot]);
  }
  return days;
}

function localDay(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toISODate() ?? '';
}

function daysBetween(first: string, later: string): number {
  return Math.round(DateTime.fromISO(later, { zone: 'UTC' }).diff(DateTime.fromISO(first, { zone: 'UTC' }), 'days').days);
}

function moved(instant: Date, days: number, timeZone: string): Date {
  return DateTime.fromJSDate(instant, { zone: timeZone }).plus({ days }).toJSDate();
}
