/**
 * Half-open instants [start, end) in epoch milliseconds. Every function takes and returns
 * lists sorted by start; "normalised" lists are also disjoint and non-touching.
 */
export type Interval = readonly [start: number, end: number];

/** Sorts, drops empty intervals and fuses overlapping or touching ones. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter(([s, e]) => s < e).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && s <= last[1]) {
      if (e > last[1]) last[1] = e;
    } else {
      out.push([s, e]);
    }
  }
  return out;
}

/** Instants in both lists; inputs must be normalised. Linear two-pointer sweep. */
export function intersectIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as Interval;
    const y = b[j] as Interval;
    const s = Math.max(x[0], y[0]);
    const e = Math.min(x[1], y[1]);
    if (s < e) out.push([s, e]);
    if (x[1] < y[1]) i++;
    else j++;
  }
  return out;
}

/** Intersection of any number of normalised lists; no lists means nothing is allowed. */
export function intersectAll(lists: readonly (readonly Interval[])[]): Interval[] {
  const [first, ...rest] = lists;
  if (first === undefined) return [];
  return rest.reduce<Interval[]>((acc, list) => intersectIntervals(acc, list), [...first]);
}

/** Instants in `a` but not in `b`; inputs must be normalised. */
export function subtractIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (const [s0, e] of a) {
    let s = s0;
    while (j < b.length && (b[j] as Interval)[1] <= s) j++;
    let k = j;
    while (k < b.length && s < e) {
      const [bs, be] = b[k] as Interval;
      if (bs >= e) break;
      if (bs > s) out.push([s, bs]);
      s = Math.max(s, be);
      k++;
    }
    if (s < e) out.push([s, e]);
  }
  return out;
}

/** Restricts a normalised list to [from, to). */
export function clipIntervals(intervals: readonly Interval[], from: number, to: number): Interval[] {
  return intersectIntervals(intervals, from < to ? [[from, to]] : []);
}

/**
 * Index of the interval containing [start, end) wholly, or -1. Binary search on a
 * normalised list, so the engine can test each slot in O(log n).
 */
export function findContaining(intervals: readonly Interval[], start: number, end: number): number {
  let lo = 0;
  let hi = intervals.length - 1;
  let candidate = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((intervals[mid] as Interval)[0] <= start) {
      candidate = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  if (candidate < 0) return -1;
  return (intervals[candidate] as Interval)[1] >= end ? candidate : -1;
}
