import fc from 'fast-check';
import {
  type Interval,
  clipIntervals,
  findContaining,
  intersectAll,
  intersectIntervals,
  mergeIntervals,
  subtractIntervals,
} from '../../../services/availability/ranges';

describe('mergeIntervals', () => {
  it('sorts, fuses overlapping and touching intervals, drops empty ones', () => {
    expect(
      mergeIntervals([
        [10, 20],
        [0, 5],
        [5, 7],
        [15, 30],
        [40, 40],
      ]),
    ).toEqual([
      [0, 7],
      [10, 30],
    ]);
  });
});

describe('intersectIntervals', () => {
  it('keeps only instants in both lists', () => {
    expect(
      intersectIntervals(
        [
          [0, 10],
          [20, 30],
        ],
        [[5, 25]],
      ),
    ).toEqual([
      [5, 10],
      [20, 25],
    ]);
  });
  it('treats touching intervals as disjoint (half-open)', () => {
    expect(intersectIntervals([[0, 10]], [[10, 20]])).toEqual([]);
  });
  it('of no lists is nothing', () => {
    expect(intersectAll([])).toEqual([]);
    expect(intersectAll([[[0, 10]], [[5, 15]], [[0, 7]]])).toEqual([[5, 7]]);
  });
});

describe('subtractIntervals', () => {
  it('cuts holes and trims edges', () => {
    expect(
      subtractIntervals(
        [[0, 100]],
        [
          [10, 20],
          [30, 40],
          [90, 120],
        ],
      ),
    ).toEqual([
      [0, 10],
      [20, 30],
      [40, 90],
    ]);
  });
  it('lets one subtrahend span several minuends', () => {
    expect(
      subtractIntervals(
        [
          [0, 10],
          [20, 30],
          [40, 50],
        ],
        [[5, 45]],
      ),
    ).toEqual([
      [0, 5],
      [45, 50],
    ]);
  });
});

describe('clipIntervals and findContaining', () => {
  it('clips to a window', () => {
    expect(
      clipIntervals(
        [
          [0, 10],
          [20, 30],
        ],
        5,
        25,
      ),
    ).toEqual([
      [5, 10],
      [20, 25],
    ]);
  });
  it('finds the interval wholly containing a span', () => {
    const list: Interval[] = [
      [0, 10],
      [20, 30],
    ];
    expect(findContaining(list, 20, 30)).toBe(1);
    expect(findContaining(list, 5, 11)).toBe(-1);
    expect(findContaining(list, -5, 0)).toBe(-1);
  });
});

const intervalList = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 40 })), { maxLength: 8 })
  .map((pairs) => mergeIntervals(pairs.map(([s, len]): Interval => [s, s + len])));
const covers = (list: readonly Interval[], t: number): boolean => list.some(([s, e]) => s <= t && t < e);

describe('range operations agree with a point-wise model', () => {
  it('intersect and subtract', () => {
    fc.assert(
      fc.property(intervalList, intervalList, (a, b) => {
        const both = intersectIntervals(a, b);
        const diff = subtractIntervals(a, b);
        for (let t = 0; t < 250; t++) {
          if (covers(both, t) !== (covers(a, t) && covers(b, t))) return false;
          if (covers(diff, t) !== (covers(a, t) && !covers(b, t))) return false;
        }
        return true;
      }),
      { numRuns: 150 },
    );
  });
});
