import type { Collection } from 'mongodb';
import { RateLimitDocument, RateLimiter } from '../../services/rateLimit/rateLimiter';

describe('RateLimiter, counted on one replica', () => {
  // Below a tenth of the limit nothing is shared, so no database is reached: these run on local counts.
  const unused = {} as Collection<RateLimitDocument>;

  it('refuses the request past the limit in a window, and allows again in the next', () => {
    let now = Date.parse('2026-11-24T08:15:00Z');
    const limiter = new RateLimiter(unused, () => now);
    const rule = { limit: 1, windowMs: 60_000 };
    expect(limiter.hit('person:a', rule).allowed).toBe(true);
    const refused = limiter.hit('person:a', rule);
    expect(refused).toEqual({ allowed: false, retryAfterS: 60 });
    expect(limiter.hit('person:b', rule).allowed).toBe(true);
    now += 60_000;
    expect(limiter.hit('person:a', rule).allowed).toBe(true);
  });

  it('forgets the counters of ended windows, shared or not', () => {
    let now = Date.parse('2026-11-24T08:15:00Z');
    const limiter = new RateLimiter(unused, () => now);
    for (let i = 0; i < 100; i++) limiter.hit(`person:${i}`, { limit: 30, windowMs: 60_000 });
    expect(limiter.size).toBe(100);
    now += 65_000;
    limiter.hit('person:new', { limit: 30, windowMs: 60_000 });
    expect(limiter.size).toBe(1);
  });
});
