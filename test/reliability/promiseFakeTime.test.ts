import path from 'node:path';
import { connectDatabase, type Database } from '../../services/store/database';
import { ChildServer } from '../support/childBot';
import { startGraphApiServer, type GraphApiServer } from '../support/graphApiServer';
import { bookOnWhatsApp, whatsAppBotConfig } from '../support/promises';
import { standaloneFerretDb, StandaloneDatabase } from '../support/standaloneDatabase';
import { WA } from '../support/whatsapp';

/*
 * The bot's wall clock moved from outside by libfaketime, running 60 times faster than real time (the monotonic
 * clock, which timers use, untouched): due work is compared with the time the process reads, so the reminder, the
 * miss and the apology come in order at their fake instants, each once.
 */
const BOT = path.join(__dirname, '../support/botProcess.ts');

describe('the promise job under a clock moved from outside (libfaketime, 60× real time)', () => {
  let db: StandaloneDatabase;
  let graph: GraphApiServer;
  let database: Database;
  let bot: ChildServer | undefined;

  beforeAll(async () => {
    db = await standaloneFerretDb();
    graph = await startGraphApiServer({ version: WA.version, phoneNumberId: WA.phoneNumberId, token: WA.token });
    database = await connectDatabase({ uri: db.uri, dbName: 'promise_faketime' });
  }, 120_000);
  afterAll(async () => {
    await bot?.stop();
    await database?.close();
    await graph?.close();
    await db?.dispose();
  }, 60_000);

  it('reminds 15 minutes before, then marks the call missed and apologises, by the fake wall clock', async () => {
    // 15:31 in Madrid on the bot's clock at start; a minute of its time passes every real second. The 14 minutes
    // before the reminder is due leave the bot's start-up and the booking time on a busy machine.
    // libfaketime preloaded into the bot's own process (not through the `faketime` command, which would stay as its
    // parent and leave it running when signalled). The loader expands $LIB to the multiarch library folder.
    bot = await ChildServer.start(BOT, {
      BOT_MONGODB_URI: db.uri,
      BOT_DB: 'promise_faketime',
      BOT_NOW: 'wall',
      BOT_CONFIG: whatsAppBotConfig(graph, { PROMISE_POLL_MS: '250' }),
      LD_PRELOAD: '/usr/$LIB/faketime/libfaketime.so.1',
      FAKETIME: '@2026-11-24 14:31:00 x60',
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
    });
    // The bot seeded the rule set; Ana booked 16:00 that morning.
    await bookOnWhatsApp(database, '34612570001', new Date('2026-11-24T15:00:00Z'), new Date('2026-11-24T08:15:00Z'));
    const callbacks = database.collection('callbacks');

    // The reminder is due at 15:45 bot time, ~14 real seconds from the start; the miss at 16:30, ~60 s from it.
    const reminder = await graph.waitFor(1, 60_000);
    expect(reminder[0]!.body.template.name).toBe('callback_reminder');
    expect((await callbacks.findOne({}))!.status).toBe('booked'); // 15:45–16:00 bot time: not due yet

    const both = await graph.waitFor(2, 90_000);
    expect(both[1]!.body.template.name).toBe('callback_apology');
    const missed = (await callbacks.findOne({}))!;
    expect(missed.status).toBe('missed');
    // Marked at the bot's fake instant (start + 30 minutes, within a pass), not at the test's real one.
    expect(missed.missedAt!.getTime()).toBeGreaterThanOrEqual(new Date('2026-11-24T15:30:00Z').getTime());
    // Within 15 real seconds of its instant: 15 minutes of the bot's 60-times-faster clock.
    expect(missed.missedAt!.getTime()).toBeLessThan(new Date('2026-11-24T15:45:00Z').getTime());
    expect(missed.history.map((h) => h.action)).toEqual(['booked', 'due', 'missed']);

    // Nothing more goes out while more fake minutes pass.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(graph.requests).toHaveLength(2);
    expect(graph.violations()).toEqual([]);
  }, 180_000);
});
