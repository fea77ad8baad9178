import type { RunningApp } from '../../bot/app';
import { startTestApp } from '../support/app';
import { startBotServer } from '../support/botServer';
import { uniqueDatabaseName } from '../support/database';
import { GraphApiServer, startGraphApiServer } from '../support/graphApiServer';
import { deliveryOf, postWebhook, readReply, text, WA, waitUntilAnswered, wamid, whatsAppEnv } from '../support/whatsapp';

describe('exactly once, across a crash and across replicas', () => {
  let graph: GraphApiServer;
  beforeEach(async () => {
    graph = await startGraphApiServer({ version: WA.version, phoneNumberId: WA.phoneNumberId, token: WA.token });
  });
  afterEach(async () => {
    expect(graph.violations()).toEqual([]);
    await graph.close();
  });

  it('finishes, in a new process, a turn whose process was killed after the 200 and before it answered', async () => {
    const dbName = uniqueDatabaseName('wa_crash');
    const env = whatsAppEnv(graph, { WHATSAPP_INBOX_LEASE_MS: '1500' });
    graph.hold();
    const first = await startBotServer(dbName, env);
    const id = wamid();
    const acknowledged = await postWebhook(first, deliveryOf([{ from: '34612550600', id, at: new Date(), message: text('hola') }]));
    expect(acknowledged.status).toBe(200);
    // The turn is under way: its first message is at the Graph API, unanswered. Now the process dies.
    await graph.waitFor(1);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    graph.release();
    const before = graph.requests.length;

    let second: RunningApp | undefined;
    try {
      second = await startTestApp(dbName, env);
      // On start-up the new app finds the message unanswered; once the dead holder's lease ends, it answers it.
      await waitUntilAnswered(second, [id]);
      const replies = graph.requests.slice(before).map((r) => readReply(r).text);
      expect(replies).toEqual([expect.stringMatching(/^¡Hola!/), expect.stringMatching(/permiso/)]);
      const claims = await second.database.db
        .collection('whatsapp_claims')
        .find({ key: `in:${id}` })
        .toArray();
      expect(claims.map((c) => c.attempt).sort()).toEqual([0, 1]);
    } finally {
      await second?.database.db.dropDatabase();
      await second?.close();
    }
  }, 90_000);

  it('answers a message once when Meta delivers it five times to each of two replicas at once', async () => {
    const dbName = uniqueDatabaseName('wa_replicas');
    const env = whatsAppEnv(graph);
    const [a, b] = [await startTestApp(dbName, env), await startTestApp(dbName, env)];
    try {
      const ids = [wamid(), wamid(), wamid()];
      const delivery = deliveryOf(ids.map((id, i) => ({ from: `3461255061${i}`, id, at: new Date(), message: text('hola') })));
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => postWebhook(i % 2 ? a : b, delivery)));
      expect(answers.every((answer) => answer.status === 200)).toBe(true);
      await waitUntilAnswered(a, ids);
      await Promise.all([a.whatsapp!.idle(), b.whatsapp!.idle()]);
      for (const [i] of ids.entries()) {
        const replies = graph.requests.filter((r) => r.body.to === `3461255061${i}`).map((r) => readReply(r).text);
        expect(replies).toEqual([expect.stringMatching(/^¡Hola!/), expect.stringMatching(/permiso/)]);
      }
    } finally {
      await a.database.db.dropDatabase();
      await Promise.all([a.close(), b.close()]);
    }
  }, 60_000);
});
