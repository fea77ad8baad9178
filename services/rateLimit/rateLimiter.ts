import { Collection, Document } from 'mongodb';

export interface RateLimitDocument extends Document {
  /** "<subject>|<window start, ms>": one counter per subject per fixed window. */
  _id: string;
  count: number;
  expiresAt: Date;
}

export interface RateLimit {
  /** Requests allowed per subject per window. */
  limit: number;
  windowMs: number;
}

export interface Verdict {
  allowed: boolean;
  /** Seconds until the window ends, for Retry-After. */
  retryAfterS: number;
}

interface Counter {
  window: number;
  /** Below this many requests a subject is counted locally only (see the class comment). */
  shareFrom: number;
  /** Counted here since the last sync, not yet added to the shared counter. */
  pending: number;
  /** The shared counter as of the last sync (every replica's requests). */
  shared: number;
}

/**
 * Fixed-window request limits shared by every replica through MongoDB, at no cost on the request path:
 * each replica counts locally and, once a second, adds its counts to the shared counters (one bulk of
 * `$inc` upserts on `_id`) and reads the totals back (one query). A request is refused once the shared
 * total plus what this replica counted since the last sync reaches the limit, so replicas agree within
 * about a second. If the database is unreachable, requests are allowed on the local counts alone: a
 * rate limit must not turn an outage into a refusal of everything.
 *
 * A subject is shared once it has made a tenth of its limit on one replica: most people send a handful
 * of messages, and writing a counter for each would cost the database a write per message. So with N
 * replicas a subject can get at most N tenths of the limit more than the limit.
 *
 * FerretDB applies `$inc` as read-then-write, so concurrent syncs of one counter from several replicas
 * can lose an increment there (MongoDB's is exact): the limit is then slightly generous, never stricter.
 */
export class RateLimiter {
  private readonly counters = new Map<string, Counter>();
  private timer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> | undefined;
  private ticks = 0;
  private lastForgotten = 0;

  constructor(
    private readonly collection: Collection<RateLimitDocument>,
    private readonly clock: () => number = Date.now,
    private readonly syncEveryMs = 1_000,
  ) {}

  hit(subject: string, rule: RateLimit): Verdict {
    const now = this.clock();
    this.forgetEndedWindows(now);
    const window = Math.floor(now / rule.windowMs) * rule.windowMs;
    const key = `${subject}|${window}`;
    let counter = this.counters.get(key);
    if (!counter) {
      counter = { window: window + rule.windowMs, shareFrom: Math.max(2, Math.ceil(rule.limit / 10)), pending: 0, shared: 0 };
      this.counters.set(key, counter);
    }
    const retryAfterS = Math.max(1, Math.ceil((window + rule.windowMs - now) / 1000));
    if (counter.shared + counter.pending >= rule.limit) return { allowed: false, retryAfterS };
    counter.pending += 1;
    if (counter.pending + counter.shared < counter.shareFrom) return { allowed: true, retryAfterS };
    this.timer ??= setTimeout(() => void this.sync(), this.syncEveryMs).unref();
    return { allowed: true, retryAfterS };
  }

  /** Counters of windows that have ended (what they did not share no longer matters), every few seconds. */
  private forgetEndedWindows(now: number): void {
    if (now - this.lastForgotten < 5_000) return;
    this.lastForgotten = now;
    for (const [key, counter] of this.counters) if (counter.window <= now) this.counters.delete(key);
  }

  /** How many counters this replica holds (one per subject active in the current window). */
  get size(): number {
    return this.counters.size;
  }

  /** Adds local counts to the shared counters and reads the totals back; also drops ended windows. */
  sync(): Promise<void> {
    this.syncing ??= this.syncNow().finally(() => {
      this.syncing = undefined;
      this.timer = undefined;
      if ([...this.counters.values()].some((c) => c.pending > 0 && c.pending + c.shared >= c.shareFrom)) {
        this.timer = setTimeout(() => void this.sync(), this.syncEveryMs).unref();
      }
    });
    return this.syncing;
  }

  private async syncNow(): Promise<void> {
    const now = this.clock();
    for (const [key, counter] of this.counters) if (counter.window <= now) this.counters.delete(key);
    const batch = [...this.counters]
      .filter(([, c]) => c.pending > 0 && c.pending + c.shared >= c.shareFrom)
      .map(([key, c]) => ({ key, counter: c, added: c.pending }));
    if (batch.length === 0) return;
    for (const entry of batch) entry.counter.pending -= entry.added;
    try {
      await this.collection.bulkWrite(
        batch.map(({ key, counter, added }) => ({
          updateOne: {
            filter: { _id: key },
            update: { $inc: { count: added }, $setOnInsert: { expiresAt: new Date(counter.window) } },
            upsert: true,
          },
        })),
        { ordered: false },
      );
      const totals = await this.collection.find({ _id: { $in: batch.map((b) => b.key) } }).toArray();
      for (const total of totals) {
        const counter = this.counters.get(total._id);
        if (counter) counter.shared = total.count;
      }
      if (++this.ticks % 60 === 0) await this.collection.deleteMany({ expiresAt: { $lt: new Date(now) } });
    } catch {
      // Database unreachable (or two replicas created one counter at once): keep the counts locally.
      for (const entry of batch) {
        entry.counter.shared += entry.added;
      }
    }
  }

  /** Flushes what is pending (shutdown, tests). */
  async drain(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.sync();
  }
}
