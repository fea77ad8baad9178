import { ConversationState, TestAdapter, UserState } from 'botbuilder';
import { OrderedTurns } from '../../bot/middleware/orderedTurns';
import { mongoStorageFor } from '../../bot/mongoStorage';
import { serverKind } from '../../services/store/serverKind';
import { createLogger } from '../../services/observability/logger';
import { VersionClaims } from '../../services/turns/versionClaims';
import { openTestDatabase, TestDatabase } from '../support/database';

describe('OrderedTurns when a state write loses its race', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase('retry');
  });
  afterAll(() => database.dispose());

  it('runs the turn again from fresh state instead of failing it, and deletes nothing', async () => {
    const storage = mongoStorageFor(await serverKind(database.db), database.botState, database.collection('botStateClaims'), 10_000);
    const conversationState = new ConversationState(storage);
    const userState = new UserState(storage);
    const claims = new VersionClaims(database.collection('botStateClaims'), { leaseMs: 10_000, retireAfterMs: 10 });
    const count = conversationState.createProperty<number>('count');
    let runs = 0;
    const adapter = new TestAdapter(async (context) => {
      runs += 1;
      await count.set(context, ((await count.get(context, 0)) ?? 0) + 1);
      if (runs === 2) {
        // Another turn commits from the version this one read while it runs (as a turn that took over an
        // expired claim would): this turn's commit must lose, and the turn run again on top of it.
        const key = conversationState.getStorageKey(context)!;
        const read = await database.botState.findOne({ _id: key });
        await storage.commit([{ key, state: { count: 100 }, readETag: read!.eTag }]);
      }
      await context.sendActivity(`count ${await count.get(context)}`);
    });
    adapter.use(
      new OrderedTurns(conversationState, userState, storage, claims, createLogger({ level: 'silent', logMessageText: false }), {
        leaseMs: 10_000,
        maxWaitMs: 5_000,
        maxRetries: 3,
      }),
    );
    await adapter.send('one').assertReply('count 1');
    // Outside expectReplies a reply already sent cannot be taken back: the lost attempt's is seen, then the rerun's.
    await adapter.send('two').assertReply('count 2').assertReply('count 101');
    expect(runs).toBe(3);
    const stored = await database.botState.find({}).toArray();
    expect(stored.map((d) => JSON.parse(d.state).count).filter((c) => c !== undefined)).toEqual([101]);
    await claims.drain();
  });
});
