import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { EmbeddedDatabase } from './embeddedDatabase';

/** A real mongod via mongodb-memory-server: a system binary (MONGOMS_SYSTEM_BINARY), a cached one, or a download. */
export async function startMongod(dbPath: string): Promise<EmbeddedDatabase> {
  mkdirSync(dbPath, { recursive: true });
  // Loaded only when a mongod is wanted: most starts (MONGODB_URI, or FerretDB where no mongod can be had) never need it.
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  const server = await MongoMemoryServer.create({
    instance: { dbPath, storageEngine: 'wiredTiger', ip: '127.0.0.1' },
    binary: { systemBinary: process.env.MONGOMS_SYSTEM_BINARY ?? mongodOnPath() },
  });
  return {
    engine: 'mongod',
    uri: server.getUri(),
    // Keep the files: persistence across restarts is the point of a dataDir.
    stop: async () => {
      await server.stop({ doCleanup: false });
    },
  };
}

function mongodOnPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'mongod');
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}
