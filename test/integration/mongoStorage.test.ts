import { ETagConflictError, MongoStorage } from '../../bot/mongoStorage';
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
