import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient, type FindCursor } from 'mongodb';
import type { RunningApp } from '../../bot/app';
import type { EmbeddedDatabase } from '../../services/store/embeddedDatabase';
import { startFerretDb } from '../../services/store/embeddedFerretDb';
import { findProjectRoot } from '../../services/store/projectRoot';
import { startTestApp } from '../support/app';
import { waitFor } from '../support/waitFor';

/*
 * /readyz against a FerretDB of the test's own, made unable to serve in the two ways a database gets stuck:
 * its storage stuck while its front door still answers pings, and the whole process stopped (SIGSTOP).
 */
const DB_NAME = 'readiness';

async function readiness(url: string): Promise<{ status: number; body: { status: string; reason?: string }; ms: number }> {
  const started = Date.now();
  const response = await fetch(`${url}/readyz`);
  return { status: response.status, body: (await response.json()) as { status: string; reason?: string }, ms: Date.now() - started };
}

/** SIGSTOP takes effect thread by thread, as each is next scheduled: a request sent at once may still be answered. */
async function allThreadsStopped(pid: number): Promise<void> {
  const state = (task: string) => /^\d+ \(.*\) (\S)/.exec(readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8'))?.[1];
  while (!readdirSync(`/proc/${pid}/task`).every((task) => state(task) === 'T')) await sleep(10);
}

async function readyAgain(url: string): Promise<number> {
  return waitFor('ready again', async () => ((await readiness(url)).status === 200 ? 200 : undefined), { intervalMs: 200 });
}

describe('/readyz when the database is stuck', () => {
  let dir: string;
  let database: EmbeddedDatabase;
  let app: RunningApp;
  let client: MongoClient;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'readiness-db-'));
    database = await startFerretDb(findProjectRoot(__dirname), dir);
    app = await startTestApp(DB_NAME, { MONGODB_URI: database.uri });
    client = await MongoClient.connect(database.uri);
  });
  afterAll(async () => {
    if (database.pid) process.kill(database.pid, 'SIGCONT');
    await client.close(true);
    await app.close();
    await database.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('answers 503 when a ping is answered but a read of bot_state is not, and 200 once reads are served again', async () => {
    expect((await readiness(app.url)).status).toBe(200);
    // A FerretDB cursor left open keeps one of its SQLite connections for this database, and the pool has a fixed
    // number: clients that leave cursors open leave nothing for anyone else's read, while a ping needs no table.
    const filler = client.db(DB_NAME).collection('readiness_filler');
    await filler.insertMany([{ n: 1 }, { n: 2 }]);
    const cursors: FindCursor[] = [];
    const readsServed = () =>
      client
        .db(DB_NAME)
        .collection('bot_state')
        .findOne({}, { maxTimeMS: 300 })
        .then(
          () => true,
          () => false,
        );
    while ((await readsServed()) && cursors.length < 1_000) {
      for (let k = 0; k < 10; k += 1) {
        const cursor = filler.find({}, { batchSize: 1 });
        await cursor.next();
        cursors.push(cursor);
      }
    }
    expect(await readsServed()).toBe(false);
    expect(await client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });

    const stuck = await readiness(app.url);
    expect(stuck).toEqual({
      status: 503,
      body: { status: 'unavailable', reason: 'a read of bot_state did not answer within 2000 ms' },
      ms: stuck.ms,
    });
    // The ping, then the read's own 2 s bound; not a hung probe.
    expect(stuck.ms).toBeLessThan(6_000);

    await Promise.all(cursors.map((cursor) => cursor.close()));
    expect(await readyAgain(app.url)).toBe(200);
  });

  it('answers 503 within its bound when the database process is stopped, and 200 when it runs again', async () => {
    expect((await readiness(app.url)).status).toBe(200);
    process.kill(database.pid!, 'SIGSTOP');
    await allThreadsStopped(database.pid!);
    try {
      const stopped = await readiness(app.url);
      expect(stopped).toEqual({
        status: 503,
        body: { status: 'unavailable', reason: 'the database did not answer a ping within 2000 ms' },
        ms: stopped.ms,
      });
      expect(stopped.ms).toBeLessThan(6_000);
    } finally {
      process.kill(database.pid!, 'SIGCONT');
    }
    expect(await readyAgain(app.url)).toBe(200);
  });
});
