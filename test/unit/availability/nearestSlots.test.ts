import { type CallbackSlot, nearestSlots } from '../../../services/availability/engine';

const slot = (iso: string): CallbackSlot => ({
  startUtc: new Date(iso),
  endUtc: new Date(Date.parse(iso) + 30 * 60_000),
  prospectLocalStart: iso,
  teamLocalStart: iso,
  remainingCapacity: 1,
});
const SLOTS = ['2026-03-02T09:00:00Z', '2026-03-02T10:00:00Z', '2026-03-02T11:00:00Z', '2026-03-02T14:00:00Z', '2026-03-03T09:00:00Z'].map(
  slot,
);
const starts = (slots: readonly CallbackSlot[]) => slots.map((s) => s.startUtc.toISOString());

describe('nearestSlots', () => {
  it('returns the n nearest, in time order', () => {
    expect(starts(nearestSlots(SLOTS, new Date('2026-03-02T10:40:00Z'), 3))).toEqual([
      '2026-03-02T09:00:00.000Z',
      '2026-03-02T10:00:00.000Z',
      '2026-03-02T11:00:00.000Z',
    ]);
  });
  it('breaks a tie in favour of the earlier slot', () => {
    expect(starts(nearestSlots(SLOTS, new Date('2026-03-02T10:30:00Z'), 1))).toEqual(['2026-03-02T10:00:00.000Z']);
    expect(starts(nearestSlots(SLOTS, new Date('2026-03-02T12:30:00Z'), 2))).toEqual([
      '2026-03-02T11:00:00.000Z',
      '2026-03-02T14:00:00.000Z',
    ]);
  });
  it('includes an exact match and copes with targets outside the list', () => {
    expect(starts(nearestSlots(SLOTS, new Date('2026-03-02T14:00:00Z'), 1))).toEqual(['2026-03-02T14:00:00.000Z']);
    expect(starts(nearestSlots(SLOTS, new Date('2026-03-09T00:00:00Z'), 2))).toEqual([
      '2026-03-02T14:00:00.000Z',
      '2026-03-03T09:00:00.000Z',
    ]);
    expect(nearestSlots(SLOTS, new Date('2026-03-01T00:00:00Z'), 9)).toHaveLength(5);
    expect(nearestSlots([], new Date('2026-03-01T00:00:00Z'), 3)).toEqual([]);
    expect(nearestSlots(SLOTS, new Date('2026-03-01T00:00:00Z'), 0)).toEqual([]);
  });
});
