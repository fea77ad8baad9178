import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { TEST_PHONE_HASH_SECRET } from '../support/app';
import { openTestDatabase, type TestDatabase } from '../support/database';

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

/** `npm run keys -- …` as an admin types it: the command itself, in a process of its own, on the test database. */
function keys(database: TestDatabase, args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', 'bot/cli/keys.ts', ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      MONGODB_URI: process.env.TEST_MONGODB_URI!,
      MONGODB_DB: database.name,
      PHONE_HASH_SECRET: TEST_PHONE_HASH_SECRET,
      ...env,
    },
  });
}

describe('npm run keys', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase('keyscli');
  });
  afterAll(() => database.dispose());

  it('creates an agent in the configured default zone when --zone is not given, and in the given one when it is', async () => {
    const env = { AGENT_DEFAULT_TIME_ZONE: 'America/New_York' };
    const defaulted = await keys(database, ['create', '--role', 'agent', '--name', 'Dana'], env);
    expect(defaulted.stdout).toMatch(/^agent Dana \(America\/New_York, es, team default\) created: /);
    const given = await keys(database, ['create', '--role', 'agent', '--name', 'Lucía', '--zone', 'Atlantic/Canary'], env);
    expect(given.stdout).toMatch(/^agent Lucía \(Atlantic\/Canary, es, team default\) created: /);
    const agents = await database
      .collection('agents')
      .find({}, { projection: { _id: 0, name: 1, timeZone: 1 } })
      .toArray();
    expect(agents).toEqual(
      expect.arrayContaining([
        { name: 'Dana', timeZone: 'America/New_York' },
        { name: 'Lucía', timeZone: 'Atlantic/Canary' },
      ]),
    );
  }, 60_000);
});
