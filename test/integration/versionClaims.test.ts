import { ABSENT_VERSION, VersionClaims } from '../../services/turns/versionClaims';
import { openTestDatabase, TestDatabase } from '../support/database';

describe('VersionClaims (the lease of a conversation, on the real database)', () => {
  let database: TestDatabase;
  let now: number;
  const claimsWith = (retireAfterMs = 60_000) =>
    new VersionClaims(database.collection('botStateClaims'), {
      leaseMs: 1_000,
      retireAfterMs,
      clock: () => now,
    });

  beforeAll(async () => {
    database = await openTestDatabase('claims');
  });
  beforeEach(() => {
    now = Date.parse('2026-11-24T08:15:00Z');
  });
  afterAll(() => database.dispose());

  it('lets one of many turns claim a version, and the rest only after it is given back', async () => {
    const claims = claimsWith();
    const versions = [{ key: 'c/1', eTag: 'e1' }];
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => claims.claimAll(versions, `h${i}`)));
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.busyKey))).toEqual(Array(7).fill('c/1'));
    claims.release(winners[0]!.ok ? winners[0]!.ids : []);
    await claims.drain();
    expect((await claims.claimAll(versions, 'next')).ok).toBe(true);
  });

  it('claims all versions or none: a held user state gives the conversation claim back', async () => {
    const claims = claimsWith();
    expect((await claims.claimAll([{ key: 'u/2', eTag: ABSENT_VERSION }], 'other conversation')).ok).toBe(true);
    const blocked = await claims.claimAll(
      [
        { key: 'c/2', eTag: 'e' },
        { key: 'u/2', eTag: ABSENT_VERSION },
      ],
      'me',
    );
    expect(blocked).toEqual({ ok: false, busyKey: 'u/2' });
    await claims.drain();
    expect((await claims.claimAll([{ key: 'c/2', eTag: 'e' }], 'someone')).ok).toBe(true);
  });

  it('keeps a replaced version claimed for a while, so a turn that read it before it moved on reads again', async () => {
    const claims = claimsWith(60_000);
    const first = await claims.claimAll([{ key: 'c/3', eTag: 'old' }], 'first');
    claims.retire(first.ok ? first.ids : []);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await claims.claimAll([{ key: 'c/3', eTag: 'old' }], 'late reader')).ok).toBe(false);
  });

  it('hands a crashed holder’s claim to exactly one waiter once it expires', async () => {
    const claims = claimsWith();
    const versions = [{ key: 'c/4', eTag: 'e4' }];
    expect((await claims.claimAll(versions, 'crashed')).ok).toBe(true);
    expect((await claims.claimAll(versions, 'too early')).ok).toBe(false);
    now += 1_001;
    const takers = await Promise.all(Array.from({ length: 6 }, (_, i) => claims.claimAll(versions, `taker ${i}`)));
    const won = takers.filter((r) => r.ok);
    expect(won).toHaveLength(1);
    // The taker holds the next generation and will delete the crashed holder's claim with its own.
    expect(won[0]!.ok && won[0]!.ids).toEqual(['c/4@e4', 'c/4@e4#1']);
    const held = await database.collection('botStateClaims').findOne({ _id: 'c/4@e4#1' });
    expect(held?.holder).toMatch(/^taker \d$/);
  });
});
