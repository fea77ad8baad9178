import path from 'node:path';
import type { Logger } from '../observability/logger';
import { connectDatabase, type Database } from './database';
import { type EmbeddedDatabase, type EmbeddedEngine, startEmbeddedDatabase } from './embeddedDatabase';

export interface OpenDatabaseOptions {
  /** MONGODB_URI; without it the embedded database in `<dataDir>/db` is started. */
  uri?: string | undefined;
  dbName: string;
  engine: EmbeddedEngine;
  /** DATA_DIR, resolved against the project root. */
  dataDir: string;
  projectRoot: string;
  logger?: Logger;
  /** The embedded database died and could not be started again. */
  onEmbeddedLost?: (error: Error) => void;
}

export interface OpenedDatabase {
  database: Database;
  /** Set when this process started the embedded database (it stops it on close). */
  embedded: EmbeddedDatabase | undefined;
  close(): Promise<void>;
}

/**
 * The configured database, as the bot and the command line both open it: MONGODB_URI, else the embedded one
 * started here. A failure to connect stops what was started, so nothing is left running.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<OpenedDatabase> {
  let embedded: EmbeddedDatabase | undefined;
  if (!options.uri) {
    embedded = await startEmbeddedDatabase({
      projectRoot: options.projectRoot,
      engine: options.engine,
      dataDir: path.resolve(options.projectRoot, options.dataDir, 'db'),
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.onEmbeddedLost ? { onLost: options.onEmbeddedLost } : {}),
    });
  }
  try {
    const database = await connectDatabase({ uri: options.uri ?? embedded!.uri, dbName: options.dbName });
    return {
      database,
      embedded,
      close: async () => {
        await database.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
