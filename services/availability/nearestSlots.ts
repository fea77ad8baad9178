import type { CallbackSlot } from './engine';

/**
 * The n slots nearest to the instant the person asked for, in time order, so the dialog can
 * offer "up to 3 free slots nearest to what was asked". Equal distance: the earlier slot wins.
 * `slots` must be sorted by start, as freeSlots returns them.
 */
export function nearestSlots(slots: readonly CallbackSlot[], targetUtc: Date, n: number): CallbackSlot[] {
  const target = targetUtc.getTime();
  let lo = 0;
  let hi = slots.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((slots[mid] as CallbackSlot).startUtc.getTime() < target) lo = mid + 1;
    else hi = mid;
  }
  let left = lo - 1;
  let right = lo;
  for (let taken = 0; taken < n; taken++) {
    const before = slots[left];
    const after = slots[right];
    if (before === undefined && after === undefined) break;
    const takeBefore =
      after === undefined || (before !== undefined && target - before.startUtc.getTime() <= after.startUtc.getTime() - target);
    if (takeBefore) left--;
    else right++;
  }
  return slots.slice(left + 1, right);
}
