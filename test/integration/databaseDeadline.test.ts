import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectDatabase } from '../../services/store/database';
import { startEmbeddedDatabase } from '../../services/store/embeddedDatabase';
import { findProjectRoot } from '../../services/store/projectRoot';

describe('every database call has a deadline and the pool a bound', () => {
  it('a database that stops answering (SIGSTOP) fails the call with a timeout instead of hanging it; answers again after', async () => {
    const server = await startEmbeddedDatabase({ projectRoot: findProjectRoot(__dirname), engine: 'ferretdb' });
    const database = await connectDatabase({ uri: server.uri, dbName: 'deadline', operationDeadlineMs: 1_000 });
    const docs = database.collection('rateLimits');
    try {
      const expiresAt = new Date('2026-11-24T09:01:00Z');
      await docs.insertOne({ _id: 'a', count: 1, expiresAt });
      process.kill(server.pid!, 'SIGSTOP');
      await allThreadsStopped(server.pid!);
      try {
        // Without a deadline these wait for the process forever, and jest's timeout fails the test.
        await expect(docs.findOne({ _id: 'a' })).rejects.toThrow(/timed out|timeout/i);
        await expect(docs.updateOne({ _id: 'a' }, { $inc: { count: 1 } })).rejects.toThrow(/timed out|timeout/i);
      } finally {
        process.kill(server.pid!, 'SIGCONT');
      }
      await expect(docs.findOne({ _id: 'a' })).resolves.toEqual({ _id: 'a', count: 1, expiresAt });
    } finally {
      await database.close().catch(() => undefined);
      await server.stop();
    }
  }, 20_000);

  it('the pool holds 10 connections to any server unless MONGODB_URI sizes it (and the deadline) itself', async () => {
    const server = await startEmbeddedDatabase({ projectRoot: findProjectRoot(__dirname), engine: 'ferretdb' });
    try {
      const byDefault = await connectDatabase({ uri: server.uri, dbName: 'pool' });
      expect(byDefault.client.options).toMatchObject({ maxPoolSize: 10, socketTimeoutMS: 15_000, waitQueueTimeoutMS: 15_000 });
      await byDefault.close();
      const separator = server.uri.includes('?') ? '&' : '?';
      const sized = await connectDatabase({ uri: `${server.uri}${separator}maxpoolsize=3&socketTimeoutMS=2000`, dbName: 'pool' });
      expect(sized.client.options).toMatchObject({ maxPoolSize: 3, socketTimeoutMS: 2_000, waitQueueTimeoutMS: 15_000 });
      await sized.close();
    } finally {
      await server.stop();
    }
  });
});

/** SIGSTOP reaches a process's threads one by one: a thread still running could answer one more command. */
async function allThreadsStopped(pid: number): Promise<void> {
  const state = (task: string) =>
    readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8')
      .replace(/^.*\) /s, '')
      .charAt(0);
  while (!readdirSync(`/proc/${pid}/task`).every((task) => ['T', 't'].includes(state(task)))) await sleep(10);
}
