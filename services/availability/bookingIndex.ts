/** An existing call; each one holds one seat of the pool. */
export interface Booking {
  readonly startUtc: Date;
  readonly endUtc: Date;
}

/** How many values of an ascending array are below `value` (or equal to it, with orEqual). */
function countBelow(sorted: Float64Array, value: number, orEqual: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid] as number;
    if (v < value || (orEqual && v === value)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Bookings sorted once by start and, separately, by end. A booking overlaps [from, to) iff it
 * starts before `to` and ends after `from`; those ending by `from` all started before it, so
 * the count is (#starts < to) − (#ends ≤ from): two binary searches per slot.
 */
export class BookingIndex {
  private constructor(
    private readonly starts: Float64Array,
    private readonly ends: Float64Array,
  ) {}

  /** Bookings ending before they start are data errors and hold no seat. */
  static of(bookings: readonly Booking[]): BookingIndex {
    const starts = new Float64Array(bookings.length);
    const ends = new Float64Array(bookings.length);
    let n = 0;
    for (const booking of bookings) {
      const start = booking.startUtc.getTime();
      const end = booking.endUtc.getTime();
      if (!(start <= end)) continue;
      starts[n] = start;
      ends[n] = end;
      n++;
    }
    return new BookingIndex(starts.subarray(0, n).sort(), ends.subarray(0, n).sort());
  }

  countOverlapping(from: number, to: number): number {
    return countBelow(this.starts, to, false) - countBelow(this.ends, from, true);
  }
}
