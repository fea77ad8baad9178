/** A wall-clock range within one local calendar day, as admins and the law write it. */
export interface LocalRange {
  readonly start: string; // "HH:mm"
  readonly end: string; // "HH:mm", may be "24:00" (end of day)
}

/** The same range in minutes after local midnight; end is exclusive. */
export interface MinuteRange {
  readonly start: number;
  readonly end: number;
}

export const CLOCK_TIME_PATTERN = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export function minutesOfClock(clock: string): number {
  if (!CLOCK_TIME_PATTERN.test(clock)) throw new RangeError(`not an HH:mm time: ${clock}`);
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

export function toMinuteRange(range: LocalRange): MinuteRange {
  return { start: minutesOfClock(range.start), end: minutesOfClock(range.end) };
}

/** Sorted by start; callers validated that ranges do not overlap. */
export function toMinuteRanges(ranges: readonly LocalRange[]): MinuteRange[] {
  return ranges.map(toMinuteRange).sort((a, b) => a.start - b.start);
}

/** Pairwise intersection of two sorted, disjoint minute-range lists. */
export function intersectMinuteRanges(a: readonly MinuteRange[], b: readonly MinuteRange[]): MinuteRange[] {
  const out: MinuteRange[] = [];
  for (const x of a) {
    for (const y of b) {
      const start = Math.max(x.start, y.start);
      const end = Math.min(x.end, y.end);
      if (start < end) out.push({ start, end });
    }
  }
  return out.sort((p, q) => p.start - q.start);
}
