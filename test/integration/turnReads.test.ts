import type { Collection, CommandStartedEvent, CommandSucceededEvent } from 'mongodb';
import { readOncePerTurn, withTurnReads } from '../../services/store/turnReads';
import { openTestDatabase, TestDatabase } from '../support/database';
import { commandLog } from '../support/roundTrips';

interface Thing {
  _id: string;
  colour: string;
  at: Date;
}

describe('reads remembered for one turn', () => {
  let database: TestDatabase;
  let things: Collection<Thing>;
  const read = (id: string) => readOncePerTurn(things.collectionName, id, () => things.findOne({ _id: id }));

  beforeAll(async () => {
    database = await openTestDatabase('turnreads');
    things = database.db.collection<Thing>('things');
  });
  beforeEach(async () => {
    await things.deleteMany({});
    await things.insertOne({ _id: 'a', colour: 'red', at: new Date('2026-11-24T08:00:00Z') });
  });
  afterAll(() => database.dispose());

  async function finds(work: () => Promise<unknown>): Promise<number> {
    const log = commandLog(database.client);
    try {
      await work();
      return log.take().filter((c) => c === 'find:things').length;
    } finally {
      log.stop();
    }
  }

  it('asks the database once per turn for the same document', async () => {
    const sent = await finds(() =>
      withTurnReads(async () => {
        expect((await read('a'))?.colour).toBe('red');
        expect((await Promise.all([read('a'), read('a')])).map((t) => t?.colour)).toEqual(['red', 'red']);
      }),
    );
    expect(sent).toBe(1);
  });

  it('reads every time outside a turn, and after the turn has ended', async () => {
    let leftBehind: (() => Promise<unknown>) | undefined;
    const sent = await finds(async () => {
      await read('a');
      await read('a');
      await withTurnReads(async () => {
        await read('a');
        leftBehind = () => read('a');
      });
      await leftBehind!();
    });
    expect(sent).toBe(4);
  });

  it("sees the turn's own writes", async () => {
    await withTurnReads(async () => {
      expect((await read('a'))?.colour).toBe('red');
      await things.updateOne({ _id: 'a' }, { $set: { colour: 'blue' } });
      expect((await read('a'))?.colour).toBe('blue');
      await things.deleteOne({ _id: 'a' });
      expect(await read('a')).toBeNull();
    });
  });

  it("sees a write made elsewhere in the process while the turn runs (another turn's, a job's)", async () => {
    let wrote: () => void = () => undefined;
    const written = new Promise<void>((resolve) => (wrote = resolve));
    const elsewhere = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      await things.updateOne({ _id: 'a' }, { $set: { colour: 'green' } });
      wrote();
    })();
    await withTurnReads(async () => {
      expect((await read('a'))?.colour).toBe('red');
      await written;
      expect((await read('a'))?.colour).toBe('green');
    });
    await elsewhere;
  });

  it('does not remember a read made while a write to the collection is in flight', async () => {
    await withTurnReads(async () => {
      // The driver's own events for an update whose answer has not come yet (the read below could see either state).
      const update = { commandName: 'update', command: { update: 'things' }, requestId: -1 };
      database.client.emit('commandStarted', update as unknown as CommandStartedEvent);
      expect(await finds(async () => [await read('a'), await read('a')])).toBe(2);
      database.client.emit('commandSucceeded', update as unknown as CommandSucceededEvent);
      // Answered: remembered again from the next read on.
      expect(await finds(async () => [await read('a'), await read('a')])).toBe(1);
    });
  });

  it('forgets a failed read, and hands each caller its own copy', async () => {
    await withTurnReads(async () => {
      let attempts = 0;
      const flaky = () =>
        readOncePerTurn('things', 'flaky', () => {
          attempts += 1;
          return attempts === 1 ? Promise.reject(new Error('network')) : Promise.resolve({ n: attempts });
        });
      await expect(flaky()).rejects.toThrow('network');
      expect(await flaky()).toEqual({ n: 2 });
      expect(attempts).toBe(2);

      const first = await read('a');
      first!.colour = 'scribbled';
      first!.at.setUTCFullYear(1999);
      const second = await read('a');
      expect(second).toEqual({ _id: 'a', colour: 'red', at: new Date('2026-11-24T08:00:00Z') });
    });
  });
});
