export interface FrequencyCapOptions {
  /** At most this many attempts… */
  maxAttempts: number;
  /** …within this many days. */
  perDays: number;
}

const DAY = 86_400_000;

/** The instant from which the attempts counted are the ones made since. */
export function capWindowStart(now: Date, options: FrequencyCapOptions): Date {
  return new Date(now.getTime() - options.perDays * DAY);
}

/**
 * Whether the attempts in the window reach the cap, and when the cap lifts: when enough of them have aged out
 * that one more call stays within it. With exactly N attempts that is the oldest one plus D days.
 */
export function frequencyCap(
  attemptsInWindow: readonly Date[],
  options: FrequencyCapOptions,
): { capped: false } | { capped: true; clearsAt: Date } {
  if (attemptsInWindow.length < options.maxAttempts) return { capped: false };
  const ordered = [...attemptsInWindow].sort((a, b) => a.getTime() - b.getTime());
  const mustAgeOut = ordered[ordered.length - options.maxAttempts]!;
  return { capped: true, clearsAt: new Date(mustAgeOut.getTime() + options.perDays * DAY) };
}
