import { weekdayOf } from './calendarDay';
import { minutesOfClock } from './clockTime';
import type { RuleSet } from './ruleSet';
import type { ZoneClock } from './zoneClock';

interface CapacityPiece {
  readonly start: number;
  readonly end: number;
  readonly capacity: number;
}

/** How many agents can be on a call at once, instant by instant, in the team's zone. */
export class CapacityTimeline {
  private constructor(
    private readonly fallback: number,
    private readonly pieces: readonly CapacityPiece[],
  ) {}

  static build(ruleSet: RuleSet, clock: ZoneClock, fromUtc: number, toUtc: number): CapacityTimeline {
    const pieces: CapacityPiece[] = [];
    for (let day = clock.dayOf(fromUtc); day <= clock.dayOf(toUtc); day++) {
      const weekday = weekdayOf(day);
      for (const range of ruleSet.capacity.ranges) {
        if (range.weekdays !== undefined && !range.weekdays.includes(weekday)) continue;
        const start = clock.instantOf(day, minutesOfClock(range.start));
        const end = clock.instantOf(day, minutesOfClock(range.end));
        if (start < end) pieces.push({ start, end, capacity: range.capacity });
      }
    }
    pieces.sort((a, b) => a.start - b.start);
    return new CapacityTimeline(ruleSet.capacity.default, pieces);
  }

  /**
   * Capacity over a whole call [start, end): the smallest seat count at any instant of it,
   * because a call that starts in a 5-seat hour and runs into a 2-seat hour needs a seat in both.
   */
  over(start: number, end: number): number {
    const pieces = this.pieces;
    let lo = 0;
    let hi = pieces.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((pieces[mid] as CapacityPiece).end <= start) lo = mid + 1;
      else hi = mid;
    }
    let smallest = Number.POSITIVE_INFINITY;
    let covered = 0;
    for (let i = lo; i < pieces.length; i++) {
      const piece = pieces[i] as CapacityPiece;
      if (piece.start >= end) break;
      if (piece.end <= start) continue;
      smallest = Math.min(smallest, piece.capacity);
      covered += Math.min(end, piece.end) - Math.max(start, piece.start);
    }
    return covered < end - start ? Math.min(smallest, this.fallback) : smallest;
  }
}
