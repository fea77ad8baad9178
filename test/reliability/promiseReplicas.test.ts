import path from 'node:path';
import { connectDatabase, type Database } from '../../services/store/database';
import { ChildServer } from '../support/childBot';
import { startGraphApiServer, type GraphApiServer } from '../support/graphApiServer';
import { bookOnWhatsApp, roomyDefaultRuleSet, whatsAppBotConfig } from '../support/promises';
import { standaloneFerretDb, StandaloneDatabase } from '../support/standaloneDatabase';
import { WA } from '../support/whatsapp';
import { waitFor } from '../support/waitFor';

/*
 * Three bot processes on one database keep the same promises: one is SIGKILLed while its first reminder is on
 * its way to Meta; every reminder and every apology is still accepted by the Graph API exactly once.
 */
const BOT = path.join(__dirname, '../support/botProcess.ts');
const BOOKED_AT = new Date('2026-11-24T08:15:00Z'); // Tuesday 09:15 in Madrid
const NOW = '2026-11-24T14:45:00Z'; // 15:45 in Madrid: the 16:00 calls' reminders are due, the 13:30 ones were missed
const REMINDED = ['34612560001', '34612560002', '34612560003', '34612560004', '34612560005', '34612560006'];
const APOLOGISED = ['34612560011', '34612560012', '34612560013', '34612560014', '34612560015', '34612560016'];

describe('three processes keep each promise once, one of them killed mid-send', () => {
  let db: StandaloneDatabase;
  let graph: GraphApiServer;
  let database: Database;
  const bots: ChildServer[] = [];

  beforeAll(async () => {
    db = await standaloneFerretDb();
    graph = await startGraphApiServer({ version: WA.version, phoneNumberId: WA.phoneNumberId, token: WA.token });
    database = await connectDatabase({ uri: db.uri, dbName: 'promise_replicas' });
  }, 120_000);
  afterAll(async () => {
    await Promise.all(bots.map((bot) => bot.stop()));
    await database?.close();
    await graph?.close();
    await db?.dispose();
  }, 60_000);

  const start = () =>
    ChildServer.start(BOT, {
      BOT_MONGODB_URI: db.uri,
      BOT_DB: 'promise_replicas',
      BOT_NOW: NOW,
      BOT_CONFIG: whatsAppBotConfig(graph, { PROMISE_POLL_MS: '300' }),
    });

  it('sends each reminder and each apology exactly once', async () => {
    // The first process seeds the rule set; the bookings are written as the chat would have written them that morning.
    graph.hold();
    bots.push(await start());
    await roomyDefaultRuleSet(database, 6);
    for (const waId of REMINDED) await bookOnWhatsApp(database, waId, new Date('2026-11-24T15:00:00Z'), BOOKED_AT);
    for (const waId of APOLOGISED) await bookOnWhatsApp(database, waId, new Date('2026-11-24T12:30:00Z'), BOOKED_AT);

    // Killed with its first message held unanswered at the Graph API: it never learns whether Meta took it.
    await graph.waitFor(1, 30_000);
    await bots[0]!.kill();
    graph.release();
    bots.push(await start(), await start());

    const accepted = () => graph.requests.filter((request) => request.accepted);
    await waitFor(
      'a message to every callback',
      () => new Set(accepted().map((r) => r.body.to)).size >= REMINDED.length + APOLOGISED.length,
      {
        timeoutMs: 90_000,
        intervalMs: 250,
      },
    );
    // A few more passes of both survivors: nothing more may go out.
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    const perRecipient = new Map<string, string[]>();
    for (const request of accepted())
      perRecipient.set(request.body.to, [...(perRecipient.get(request.body.to) ?? []), request.body.template?.name]);
    expect(Object.fromEntries([...perRecipient].sort())).toEqual(
      Object.fromEntries(
        [...REMINDED.map((to) => [to, ['callback_reminder']]), ...APOLOGISED.map((to) => [to, ['callback_apology']])].sort((a, b) =>
          String(a[0]).localeCompare(String(b[0])),
        ),
      ),
    );
    expect(graph.violations()).toEqual([]);
    const missed = await database.collection('callbacks').countDocuments({ status: 'missed' });
    expect(missed).toBe(APOLOGISED.length);
  }, 180_000);
});
