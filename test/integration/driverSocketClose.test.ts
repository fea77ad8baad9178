import { setTimeout as sleep } from 'node:timers/promises';
import type { MongoClient } from 'mongodb';
import { openTestDatabase, TestDatabase } from '../support/database';

/*
 * patches/mongodb+7.9.0.patch. The driver wrote a command to a socket that had closed while the command was
 * being serialised: such a write neither drains nor errors, so the command waited forever. When that command
 * was a monitor's heartbeat (a database restart closes every socket at once), the monitor never checked again
 * and the bot stayed "not ready" until it was restarted: seen once in every 10 or so restarts under traffic.
 * These tests reach into the driver's internals on purpose: they guard our patch of them.
 */

interface DriverConnection {
  closed: boolean;
  socket: { destroy(): void };
  command(ns: { db: string; collection: string; toString(): string }, cmd: object, options: object): Promise<unknown>;
}
interface DriverServer {
  monitor: { connection: DriverConnection | null };
  requestCheck(): void;
}

function onlyServer(client: MongoClient): DriverServer {
  const topology = (client as unknown as { topology: { s: { servers: Map<string, DriverServer> } } }).topology;
  const [server] = [...topology.s.servers.values()];
  if (!server) throw new Error('the client knows no server');
  return server;
}

/** The monitor's open connection, once its last heartbeat is old enough that a requested check starts at once. */
async function idleMonitorConnection(server: DriverServer): Promise<DriverConnection> {
  const deadline = Date.now() + 10_000;
  while (!server.monitor.connection || server.monitor.connection.closed) {
    if (Date.now() > deadline) throw new Error('the monitor opened no connection');
    await sleep(50);
  }
  // The driver runs a requested check at once only 500 ms (minHeartbeatFrequencyMS) after the last one.
  await sleep(600);
  return server.monitor.connection;
}

const within = <T>(ms: number, promise: Promise<T>) =>
  Promise.race([promise, new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), ms).unref())]);

describe('the database driver and a socket that closes under a command', () => {
  // A client of each test's own: a monitor whose socket a test has closed is no use to the next one.
  let database: TestDatabase;

  beforeEach(async () => {
    database = await openTestDatabase('driversocket');
  });
  afterEach(async () => {
    await database.dispose();
  });

  it('fails the command at once instead of waiting for a drain that never comes', async () => {
    const connection = await idleMonitorConnection(onlyServer(database.client));
    // Destroyed, but its close event not yet delivered: the moment a restarted server leaves a socket in.
    connection.socket.destroy();
    const admin = { db: 'admin', collection: '$cmd', toString: () => 'admin.$cmd' };
    const outcome = await within(
      5_000,
      connection.command(admin, { hello: 1 }, { socketTimeoutMS: 1_000 }).then(
        () => 'answered',
        (error: unknown) => (error as Error).name,
      ),
    );
    expect(outcome).toBe('MongoNetworkError');
  });

  it('ends a heartbeat started on such a socket, so the monitor finds the server again', async () => {
    const server = onlyServer(database.client);
    const connection = await idleMonitorConnection(server);
    const heartbeat = new Promise<string>((resolve) => {
      database.client.once('serverHeartbeatFailed', () => resolve('failed'));
      database.client.once('serverHeartbeatSucceeded', () => resolve('succeeded'));
    });
    connection.socket.destroy();
    // The check a failed operation asks for, on the monitor's socket that has just closed.
    server.requestCheck();
    expect(await within(5_000, heartbeat)).toBe('failed');
    // The server is unknown now: selection waits for the monitor, which connects again.
    await expect(
      within(
        10_000,
        database.ping().then(() => 'ready'),
      ),
    ).resolves.toBe('ready');
  });
});
