import { startEmbeddedDatabase, EmbeddedDatabase } from '../../services/store/embeddedDatabase';
import { findProjectRoot } from '../../services/store/projectRoot';

declare global {
  // Shared with globalTeardown, which runs in this same process.
  var __embeddedTestDatabase: EmbeddedDatabase | undefined;
}

/**
 * One database server for the whole run: the MONGODB_URI given, or an embedded one (a real mongod where
 * it can be had, else FerretDB). Test files reach it through TEST_MONGODB_URI and each uses its own database.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.MONGODB_URI) {
    process.env.TEST_MONGODB_URI = process.env.MONGODB_URI;
    return;
  }
  const engine = (process.env.EMBEDDED_DB as 'auto' | 'mongod' | 'ferretdb' | undefined) ?? 'auto';
  const database = await startEmbeddedDatabase({ projectRoot: findProjectRoot(__dirname), engine });
  globalThis.__embeddedTestDatabase = database;
  process.env.TEST_MONGODB_URI = database.uri;
  process.env.TEST_DATABASE_ENGINE = database.engine;
}
