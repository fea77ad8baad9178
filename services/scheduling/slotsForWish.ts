import { nearestSlots, type CallbackSlot } from '../availability/engine';
import { ZoneClock } from '../availability/zoneClock';

/** A wished time (`target`), and the window it came from when the person named a part of the day or a range. */
export interface SlotWish {
  target: Date;
  from?: Date;
  to?: Date;
}

const DAY = 86_400_000;
const MINUTE = 60_000;

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
  const clock = new ZoneClock(timeZone);
  const wishedDay = clock.dayOf(wish.target.getTime());
  const days = byLocalDay(slots, clock).filter(([day]) => day >= wishedDay);
  // The same wall-clock time on another day, with that day's offset.
  const onDay = (instant: Date, day: number) => {
    const ms = instant.getTime();
    return new Date(clock.instantOf(day + clock.dayOf(ms) - wishedDay, (clock.wallClockOf(ms) - clock.dayOf(ms) * DAY) / MINUTE));
  };
  const chosen: CallbackSlot[] = [];
  const { from, to } = wish;
  if (from && to) {
    for (const [day, daySlots] of days) {
      if (chosen.length >= limit) break;
      const start = onDay(from, day);
      const end = onDay(to, day);
      chosen.push(...daySlots.filter((slot) => slot.startUtc >= start && slot.startUtc < end).slice(0, limit - chosen.length));
    }
    if (chosen.length > 0) return chosen;
  }
  for (const [day, daySlots] of days) {
    if (chosen.length >= limit) break;
    chosen.push(...nearestSlots(daySlots, onDay(wish.target, day), limit - chosen.length));
  }
  return chosen.length > 0 ? chosen : nearestSlots(slots, wish.target, limit);
}

/** Sorted slots grouped by the person's calendar day, in order. */
function byLocalDay(slots: readonly CallbackSlot[], clock: ZoneClock): Array<[number, CallbackSlot[]]> {
  const days: Array<[number, CallbackSlot[]]> = [];
  for (const slot of slots) {
    const day = clock.dayOf(slot.startUtc.getTime());
    const last = days.at(-1);
    if (last && last[0] === day) last[1].push(slot);
    else days.push([day, [slot]]);
  }
  return days;
}
