import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../observability/logger';
import { startFerretDb } from './embeddedFerretDb';
import { startMongod } from './embeddedMongod';

export type EmbeddedEngine = 'auto' | 'mongod' | 'ferretdb';

export interface EmbeddedDatabase {
  engine: 'mongod' | 'ferretdb';
  uri: string;
  /** The database server's process, where we started one (the benchmark reads its CPU time). */
  pid?: number;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  projectRoot: string;
  engine: EmbeddedEngine;
  /** Where data lives across restarts; without it a temporary folder is used and removed on stop. */
  dataDir?: string;
  logger?: Logger;
}

// A failed mongod download costs seconds (the client retries); remember it for a day.
const DOWNLOAD_RETRY_AFTER_MS = 24 * 3600 * 1000;

/**
 * Starts a local database for `npm start` and `npm test` when no MONGODB_URI is given:
 * a real mongod where one can be had, otherwise FerretDB on SQLite (built by our own script).
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const temporary = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'callbackbot-db-'));
  mkdirSync(dataDir, { recursive: true });
  const database = await startPreferredEngine(options, dataDir);
  options.logger?.info({ engine: database.engine, dataDir, temporary }, 'embedded database started');
  if (!temporary) return database;
  return {
    ...database,
    stop: async () => {
      await database.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function startPreferredEngine(options: EmbeddedDatabaseOptions, dataDir: string): Promise<EmbeddedDatabase> {
  if (options.engine === 'ferretdb') return startFerretDb(options.projectRoot, path.join(dataDir, 'ferretdb'));
  const marker = path.join(options.projectRoot, '.cache', 'mongod-unavailable');
  const recentlyFailed = existsSync(marker) && Date.now() - Number(readFileSync(marker, 'utf8')) < DOWNLOAD_RETRY_AFTER_MS;
  if (options.engine === 'mongod' || !recentlyFailed) {
    try {
      return await startMongod(path.join(dataDir, 'mongod'));
    } catch (error) {
      if (options.engine === 'mongod') throw error;
      mkdirSync(path.dirname(marker), { recursive: true });
      writeFileSync(marker, String(Date.now()));
      options.logger?.warn(
        { reason: error instanceof Error ? error.message : String(error) },
        'no mongod could be had; falling back to FerretDB',
      );
    }
  }
  return startFerretDb(options.projectRoot, path.join(dataDir, 'ferretdb'));
}
