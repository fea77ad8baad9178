import { IANAZone } from 'luxon';
import { type DayNumber, wallClockMs } from './calendarDay';

/**
 * Offsets come from luxon's IANA zone (the platform's tz data), but asking Intl costs about
 * 10 µs per instant, too slow to do per slot. We sample every 6 h, cache the samples for the
 * process (tz data does not change while we run), and bisect once where two samples differ.
 * Assumes no zone changes its offset twice within 6 h, true of every tz rule in use.
 */
const SAMPLE_MS = 6 * 3_600_000;
const MAX_CACHED = 200_000;

interface ZoneCache {
  readonly zone: IANAZone;
  readonly samples: Map<number, number>;
  readonly transitions: Map<number, number>;
}

const caches = new Map<string, ZoneCache>();

function cacheFor(zoneName: string): ZoneCache {
  let cache = caches.get(zoneName);
  if (cache === undefined) {
    const zone = IANAZone.create(zoneName);
    if (!zone.isValid) throw new RangeError(`unknown IANA time zone: ${zoneName}`);
    cache = { zone, samples: new Map(), transitions: new Map() };
    caches.set(zoneName, cache);
  }
  if (cache.samples.size > MAX_CACHED) {
    cache.samples.clear();
    cache.transitions.clear();
  }
  return cache;
}

export class ZoneClock {
  private readonly cache: ZoneCache;

  constructor(readonly zoneName: string) {
    this.cache = cacheFor(zoneName);
  }

  /** Offset from UTC in minutes at an instant. */
  offsetAt(utcMs: number): number {
    const bucket = Math.floor(utcMs / SAMPLE_MS);
    const before = this.sample(bucket);
    const after = this.sample(bucket + 1);
    if (before === after) return before;
    return utcMs < this.transitionIn(bucket) ? before : after;
  }

  /**
   * The instant the local clock first shows `minute` after midnight of `day`, or null when
   * clocks jump over it. A time repeated when clocks go back resolves to its first
   * occurrence, so a wall-clock slot is offered once, never twice in the repeated hour.
   */
  existingInstantOf(day: DayNumber, minute: number): number | null {
    const wall = wallClockMs(day, minute);
    let first: number | null = null;
    for (const offset of [this.offsetAt(wall - 86_400_000), this.offsetAt(wall + 86_400_000)]) {
      const utc = wall - offset * 60_000;
      if (this.offsetAt(utc) === offset && (first === null || utc < first)) first = utc;
    }
    return first;
  }

  /**
   * Like existingInstantOf, but a skipped time maps to the instant of the jump: a range
   * written as ending at 02:30 on a spring-forward night ends when the clock leaves 02:00,
   * and one starting at 02:30 starts when the clock shows 03:00.
   */
  instantOf(day: DayNumber, minute: number): number {
    const existing = this.existingInstantOf(day, minute);
    if (existing !== null) return existing;
    const wall = wallClockMs(day, minute);
    const early = this.offsetAt(wall - 86_400_000);
    const late = this.offsetAt(wall + 86_400_000);
    return this.bisect(wall - late * 60_000, wall - early * 60_000, late);
  }

  /** Local wall-clock milliseconds ("as if UTC") of an instant. */
  wallClockOf(utcMs: number): number {
    return utcMs + this.offsetAt(utcMs) * 60_000;
  }

  /** The local calendar day an instant falls on. */
  dayOf(utcMs: number): DayNumber {
    return Math.floor(this.wallClockOf(utcMs) / 86_400_000);
  }

  /** "2026-03-29T10:00:00.000+02:00": always a numeric offset, never "Z". */
  formatIso(utcMs: number): string {
    const offset = this.offsetAt(utcMs);
    const local = new Date(utcMs + offset * 60_000).toISOString().slice(0, 23);
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  }

  private sample(bucket: number): number {
    let offset = this.cache.samples.get(bucket);
    if (offset === undefined) {
      offset = this.cache.zone.offset(bucket * SAMPLE_MS);
      this.cache.samples.set(bucket, offset);
    }
    return offset;
  }

  private transitionIn(bucket: number): number {
    let at = this.cache.transitions.get(bucket);
    if (at === undefined) {
      const target = this.sample(bucket + 1);
      at = this.bisect(bucket * SAMPLE_MS, (bucket + 1) * SAMPLE_MS, target);
      this.cache.transitions.set(bucket, at);
    }
    return at;
  }

  /** First whole second in (lo, hi] whose offset is `target`; offset(hi) must be target. */
  private bisect(lo: number, hi: number, target: number): number {
    let a = Math.floor(lo / 1000);
    let b = Math.ceil(hi / 1000);
    while (b - a > 1) {
      const mid = Math.floor((a + b) / 2);
      if (this.cache.zone.offset(mid * 1000) === target) b = mid;
      else a = mid;
    }
    return b * 1000;
  }
}
