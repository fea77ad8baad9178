import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../observability/logger';
import { startFerretDb } from './embeddedFerretDb';
import { startMongod } from './embeddedMongod';

export type EmbeddedEngine = 'auto' | 'mongod' | 'ferretdb';

export interface EmbeddedDatabase {
  engine: 'mongod' | 'ferretdb';
  uri: string;
  /** The database server's process, where we started one (the benchmark reads its CPU time). */
  pid?: number;
  /** Settles, saying how, when the server's process ends, whoever ended it. */
  exited?: Promise<string>;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  projectRoot: string;
  engine: EmbeddedEngine;
  /** Where data lives across restarts; without it a temporary folder is used and removed on stop. */
  dataDir?: string;
  logger?: Logger;
  /**
   * The server died and could not be started again on its port (see RESTARTS): the process cannot serve and
   * should end, so that whatever supervises it starts it again. Without it, only logged.
   */
  onLost?: (error: Error) => void;
}

// A failed mongod download costs seconds (the client retries); remember it for a day.
const DOWNLOAD_RETRY_AFTER_MS = 24 * 3600 * 1000;
/** Starts tried after the server died, the waits between them, and how many deaths in a minute are a crash loop. */
const RESTARTS = { attempts: 5, firstWaitMs: 250, deathsPerMinute: 5 };

/**
 * Starts a local database for `npm start` and `npm test` when no MONGODB_URI is given:
 * a real mongod where one can be had, otherwise FerretDB on SQLite (built by our own script).
 * If it dies, it is started again on the same port over the same files, so the driver finds it again.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const temporary = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'callbackbot-db-'));
  mkdirSync(dataDir, { recursive: true });
  const first = await startPreferredEngine(options, dataDir);
  options.logger?.info({ engine: first.engine, dataDir, temporary }, 'embedded database started');
  const restart = (port: number) =>
    first.engine === 'mongod'
      ? startMongod(path.join(dataDir, 'mongod'), port)
      : startFerretDb(options.projectRoot, path.join(dataDir, 'ferretdb'), { port });
  const database = supervised(first, restart, options);
  if (temporary) {
    const stop = database.stop.bind(database);
    database.stop = async () => {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }
  return database;
}

/**
 * Restarting here rather than exiting: `npm start` has no supervisor to start the bot again, and the bot itself
 * is fine; a restart on the same port and files is a short outage the driver rides out like any other. Only when
 * the server cannot be had again (its port taken, a crash loop) is the process told to end (`onLost`).
 */
function supervised(
  first: EmbeddedDatabase,
  restart: (port: number) => Promise<EmbeddedDatabase>,
  options: EmbeddedDatabaseOptions,
): EmbeddedDatabase {
  const port = Number(new URL(first.uri).port);
  let current = first;
  let stopping = false;
  let restarting: Promise<void> | undefined;
  const deaths: number[] = [];
  const log = options.logger;

  const startAgain = async (): Promise<void> => {
    let lastError: unknown;
    for (let attempt = 1; attempt <= RESTARTS.attempts && !stopping; attempt += 1) {
      try {
        const next = await restart(port);
        if (next.uri !== first.uri) {
          await next.stop();
          throw new Error(`it came back at ${next.uri}, where the driver will not look`);
        }
        if (stopping) return await next.stop();
        current = next;
        log?.warn({ engine: first.engine, uri: first.uri, attempt }, 'embedded database started again');
        watch(next);
        return;
      } catch (error) {
        lastError = error;
        log?.warn({ engine: first.engine, attempt, err: error }, 'embedded database did not start again');
        if (attempt < RESTARTS.attempts) await sleep(RESTARTS.firstWaitMs * 2 ** (attempt - 1));
      }
    }
    if (stopping) return;
    lose(new Error(`the embedded database could not be started again on port ${port}: ${String(lastError)}`));
  };

  const lose = (error: Error) => {
    log?.fatal({ engine: first.engine, err: error }, 'embedded database lost');
    options.onLost?.(error);
  };

  const watch = (database: EmbeddedDatabase) => {
    void database.exited?.then((how) => {
      if (stopping) return;
      const now = Date.now();
      deaths.push(now);
      while (deaths[0]! < now - 60_000) deaths.shift();
      log?.error({ engine: first.engine, how }, 'embedded database died; starting it again on the same port');
      if (deaths.length >= RESTARTS.deathsPerMinute) {
        lose(new Error(`the embedded database died ${deaths.length} times in a minute (last: ${how})`));
        return;
      }
      restarting = startAgain().finally(() => (restarting = undefined));
    });
  };
  watch(first);

  return {
    engine: first.engine,
    uri: first.uri,
    get pid() {
      return current.pid;
    },
    stop: async () => {
      stopping = true;
      await restarting;
      await current.stop();
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
