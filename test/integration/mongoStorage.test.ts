import { ETagConflictError, MongoStorage, mongoStorageFor } from '../../bot/mongoStorage';
import { serverKind } from '../../services/store/serverKind';
import { VersionClaims } from '../../services/turns/versionClaims';
import { openTestDatabase, TestDatabase } from '../support/database';

describe('MongoStorage (botbuilder Storage over MongoDB)', () => {
  let database: TestDatabase;
  let storage: MongoStorage;

  beforeAll(async () => {
    database = await openTestDatabase('storage');
    storage = new MongoStorage(database.botState, database.collection('botStateClaims'));
  });
  afterAll(() => database.dispose());

  it('reads back what it wrote, with a fresh eTag, and nothing for unknown keys', async () => {
    await storage.write({ 'a/1': { count: 1, nested: { 'key.with.dots': true, $dollar: 'ok' } } });
    const items = await storage.read(['a/1', 'missing']);
    expect(Object.keys(items)).toEqual(['a/1']);
    expect(items['a/1']).toMatchObject({ count: 1, nested: { 'key.with.dots': true, $dollar: 'ok' } });
    expect(typeof items['a/1']?.eTag).toBe('string');
  });

  it('writes with the eTag it read, and refuses a stale eTag', async () => {
    await storage.write({ 'b/1': { step: 1 } });
    const read = (await storage.read(['b/1']))['b/1']!;
    await storage.write({ 'b/1': { ...read, step: 2 } });
    await expect(storage.write({ 'b/1': { ...read, step: 3 } })).rejects.toBeInstanceOf(ETagConflictError);
    expect((await storage.read(['b/1']))['b/1']).toMatchObject({ step: 2 });
  });

  it.each([2, 8])('lets exactly one of %i turns holding the same eTag win', async (writers) => {
    const key = `c/${writers}`;
    await storage.write({ [key]: { owner: 'nobody' } });
    const read = (await storage.read([key]))[key]!;
    const results = await Promise.allSettled(
      Array.from({ length: writers }, (_, i) => storage.write({ [key]: { ...read, owner: `writer ${i}` } })),
    );
    const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [`writer ${i}`] : []));
    expect(winners).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ETagConflictError);
    expect((await storage.read([key]))[key]).toMatchObject({ owner: winners[0] });
  });

  it('overwrites unconditionally with eTag "*" and deletes', async () => {
    await storage.write({ 'd/1': { v: 1 } });
    await storage.write({ 'd/1': { v: 2, eTag: '*' } });
    expect((await storage.read(['d/1']))['d/1']).toMatchObject({ v: 2 });
    await storage.delete(['d/1']);
    expect(await storage.read(['d/1'])).toEqual({});
  });
});

// Both fences: the eTag in the update's filter (MongoDB), and a claimed right to commit from the version read (FerretDB).
describe.each(['eTag filter', 'commit rights'] as const)(
  'MongoStorage.commit (one command for the states of a turn), fenced by %s',
  (fence) => {
    let database: TestDatabase;
    let storage: MongoStorage;
    let rights: VersionClaims | undefined;

    beforeAll(async () => {
      database = await openTestDatabase('commit');
      rights =
        fence === 'commit rights'
          ? new VersionClaims(database.collection('botStateClaims'), { leaseMs: 30_000, retireAfterMs: 40_000 })
          : undefined;
      storage = new MongoStorage(database.botState, database.collection('botStateClaims'), { reads: 'each', commitRights: rights });
    });
    afterAll(async () => {
      await rights?.drain();
      await database.dispose();
    });

    it('reads several keys issued together in one batch and writes them in one command', async () => {
      await storage.commit([
        { key: 'u/1', state: { name: 'Ana' }, readETag: undefined },
        { key: 'c/1', state: { step: 1 }, readETag: undefined },
      ]);
      const [user, conversation] = await Promise.all([storage.read(['u/1']), storage.read(['c/1'])]);
      expect(user['u/1']).toMatchObject({ name: 'Ana' });
      expect(conversation['c/1']).toMatchObject({ step: 1 });
      const eTags = await storage.commit([
        { key: 'u/1', state: { ...user['u/1'], name: 'Ana B' }, readETag: user['u/1']!.eTag as string },
        { key: 'c/1', state: { ...conversation['c/1'], step: 2 }, readETag: conversation['c/1']!.eTag as string },
      ]);
      expect((await storage.read(['c/1']))['c/1']).toEqual({ step: 2, eTag: eTags['c/1'] });
    });

    it('refuses a stale eTag and a create of something that exists, changing nothing', async () => {
      await storage.commit([{ key: 'c/2', state: { v: 1 }, readETag: undefined }]);
      const read = (await storage.read(['c/2']))['c/2']!;
      await storage.commit([{ key: 'c/2', state: { v: 2 }, readETag: read.eTag as string }]);
      await expect(storage.commit([{ key: 'c/2', state: { v: 3 }, readETag: read.eTag as string }])).rejects.toBeInstanceOf(
        ETagConflictError,
      );
      await expect(storage.commit([{ key: 'c/2', state: { v: 4 }, readETag: undefined }])).rejects.toBeInstanceOf(ETagConflictError);
      expect((await storage.read(['c/2']))['c/2']).toMatchObject({ v: 2 });
    });

    it('does not write back a state erased during the turn', async () => {
      await storage.commit([{ key: 'u/3', state: { phone: '+34612345678' }, readETag: undefined }]);
      const read = (await storage.read(['u/3']))['u/3']!;
      await storage.delete(['u/3']);
      await storage.commit([{ key: 'u/3', state: { ...read, phone: '+34612345678' }, readETag: read.eTag as string }]);
      expect(await storage.read(['u/3'])).toEqual({});
    });
  },
);

describe('MongoStorage.commit as the app runs it on this server', () => {
  let database: TestDatabase;
  let served: MongoStorage;

  beforeAll(async () => {
    database = await openTestDatabase('served');
    // The eTag filter alone is not a fence on FerretDB, which applies it as read-then-write: measured here, two
    // commits from one version both went through. So FerretDB gets commit rights.
    served = mongoStorageFor(await serverKind(database.db), database.botState, database.collection('botStateClaims'), 30_000);
  });
  afterAll(() => database.dispose());

  it('lets exactly one of two commits from the same version through, whichever comes first', async () => {
    await served.commit([{ key: 'c/4', state: { v: 1 }, readETag: undefined }]);
    const read = (await served.read(['c/4']))['c/4']!;
    const outcomes = await Promise.allSettled([
      served.commit([{ key: 'c/4', state: { by: 'first' }, readETag: read.eTag as string }]),
      served.commit([{ key: 'c/4', state: { by: 'second' }, readETag: read.eTag as string }]),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const won = outcomes.findIndex((o) => o.status === 'fulfilled');
    expect((outcomes[1 - won] as PromiseRejectedResult).reason).toBeInstanceOf(ETagConflictError);
    expect((await served.read(['c/4']))['c/4']).toMatchObject({ by: won === 0 ? 'first' : 'second' });
  });
});
