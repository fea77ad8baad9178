import { ETagConflictError, MongoStorage } from '../../bot/mongoStorage';
import { openTestDatabase, TestDatabase } from '../support/database';

describe('MongoStorage (botbuilder Storage over MongoDB)', () => {
  let database: TestDatabase;
  let storage: MongoStorage;

  beforeAll(async () => {
    database = await openTestDatabase('storage');
    storage = new MongoStorage(database.botState);
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

  it('lets exactly one of two turns holding the same eTag win', async () => {
    await storage.write({ 'c/1': { owner: 'nobody' } });
    const read = (await storage.read(['c/1']))['c/1']!;
    const results = await Promise.allSettled([
      storage.write({ 'c/1': { ...read, owner: 'first' } }),
      storage.write({ 'c/1': { ...read, owner: 'second' } }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(ETagConflictError);
  });

  it('overwrites unconditionally with eTag "*" and deletes', async () => {
    await storage.write({ 'd/1': { v: 1 } });
    await storage.write({ 'd/1': { v: 2, eTag: '*' } });
    expect((await storage.read(['d/1']))['d/1']).toMatchObject({ v: 2 });
    await storage.delete(['d/1']);
    expect(await storage.read(['d/1'])).toEqual({});
  });
});
