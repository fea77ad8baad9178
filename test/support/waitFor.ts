import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `probe` until it gives a value (anything but undefined or false), and returns it; after `timeoutMs` it
 * throws naming `what`, with the last value seen. The one polling loop of the tests: a condition another
 * process or a background job makes true, waited for without a fixed sleep.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs = 30_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}
