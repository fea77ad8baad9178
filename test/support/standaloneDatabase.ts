import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { EmbeddedDatabase } from '../../services/store/embeddedDatabase';
import { startFerretDb } from '../../services/store/embeddedFerretDb';
import { findProjectRoot } from '../../services/store/projectRoot';

/**
 * A FerretDB server of the test's own, on a fixed port and data folder, that the test can stop and start
 * again (a database outage) without the bots noticing anything but the outage itself.
 */
export interface StandaloneDatabase {
  uri: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  dispose(): Promise<void>;
}

export async function standaloneFerretDb(): Promise<StandaloneDatabase> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'standalone-db-'));
  const port = await freePort();
  const root = findProjectRoot(__dirname);
  let running: EmbeddedDatabase | undefined = await startFerretDb(root, dir, { port });
  const uri = running.uri;
  return {
    uri,
    stop: async () => {
      await running?.stop();
      running = undefined;
    },
    start: async () => {
      running ??= await startFerretDb(root, dir, { port });
    },
    dispose: async () => {
      await running?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A TCP port nobody listens on now, for a server that must keep its port across restarts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
