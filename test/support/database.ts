import { randomBytes } from 'node:crypto';
import { connectDatabase, Database } from '../../services/store/database';

export function testDatabaseUri(): string {
  const uri = process.env.TEST_MONGODB_URI;
  if (!uri) throw new Error('TEST_MONGODB_URI is not set: run tests through jest, whose global set-up starts the database');
  return uri;
}

/** A database name of its own for each test file, so files never see each other's data. */
export function uniqueDatabaseName(label: string): string {
  return `t_${label.replace(/[^a-z0-9]/gi, '').slice(0, 20)}_${randomBytes(4).toString('hex')}`;
}

export interface TestDatabase extends Database {
  name: string;
  /** Drops the database and closes the client. */
  dispose(): Promise<void>;
}

export async function openTestDatabase(label: string): Promise<TestDatabase> {
  const name = uniqueDatabaseName(label);
  const database = await connectDatabase({ uri: testDatabaseUri(), dbName: name });
  return {
    ...database,
    name,
    dispose: async () => {
      await database.db.dropDatabase();
      await database.close();
    },
  };
}
