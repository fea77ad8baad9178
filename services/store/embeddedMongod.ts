import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { EmbeddedDatabase } from './embeddedDatabase';

/**
 * A real mongod via mongodb-memory-server: a system binary (MONGOMS_SYSTEM_BINARY), a cached one, or a download.
 * `port` asks for that port (a restarted server found where it was); the library picks another if it is taken.
 */
export async function startMongod(dbPath: string, port?: number): Promise<EmbeddedDatabase> {
  mkdirSync(dbPath, { recursive: true });
  // Loaded only when a mongod is wanted: most starts (MONGODB_URI, or FerretDB where no mongod can be had) never need it.
  const { MongoBinary, MongoMemoryServer } = await import('mongodb-memory-server-core');
  // The binary first, on its own: a start that fails prints the library's error and stack to the console, and a
  // failed download (a first `npm start` without internet) is no news worth that. It is told in one line instead.
  const binary = await MongoBinary.getPath({ systemBinary: process.env.MONGOMS_SYSTEM_BINARY ?? mongodOnPath() }).catch(
    (error: unknown) => {
      throw new Error(`no mongod binary: ${oneLine(error)}`);
    },
  );
  const server = await MongoMemoryServer.create({
    instance: { dbPath, storageEngine: 'wiredTiger', ip: '127.0.0.1', ...(port ? { port } : {}) },
    binary: { systemBinary: binary },
  });
  const mongod = server.instanceInfo?.instance.mongodProcess;
  return {
    engine: 'mongod',
    uri: server.getUri(),
    ...(mongod
      ? {
          exited: new Promise<string>((resolve) => {
            mongod.once('exit', (code, signal) => resolve(signal ? `killed by ${signal}` : `exited with code ${code}`));
          }),
        }
      : {}),
    // Keep the files: persistence across restarts is the point of a dataDir.
    stop: async () => {
      await server.stop({ doCleanup: false });
    },
  };
}

/** The library's download error spans lines ("…, Details:\ngetaddrinfo ENOTFOUND …"); a log line should not. */
function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
}

function mongodOnPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'mongod');
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}
