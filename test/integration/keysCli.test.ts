import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { MongoClient } from 'mongodb';
import { testDatabaseUri, uniqueDatabaseName } from '../support/database';

/** `npm run keys`, as an operator runs it on the server: its own process, the configured database. */
const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');

describe('npm run keys', () => {
  const dbName = uniqueDatabaseName('keyscli');
  const client = new MongoClient(testDatabaseUri());
  afterAll(async () => {
    await client.db(dbName).dropDatabase();
    await client.close();
  });

  const keys = (args: string[], env: Record<string, string> = {}) =>
    run(path.join(ROOT, 'node_modules/.bin/tsx'), ['bot/cli/keys.ts', ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        MONGODB_URI: testDatabaseUri(),
        MONGODB_DB: dbName,
        PHONE_HASH_SECRET: 'keys-cli-test-secret-0123456789',
        ...env,
      },
    });

  it('creates an agent in the configured default zone and team, and shows the key once', async () => {
    const { stdout } = await keys(['create', '--role', 'agent', '--name', 'Pepe'], {
      AGENT_DEFAULT_TIME_ZONE: 'Atlantic/Canary',
      DEFAULT_RULE_SET_ID: 'las-palmas',
    });
    expect(stdout).toMatch(/agent Pepe \(Atlantic\/Canary, es, team las-palmas\) created/);
    const key = /^cbk_\S+$/m.exec(stdout)?.[0];
    expect(key).toBeDefined();
    const agent = await client.db(dbName).collection('agents').findOne({ name: 'Pepe' });
    expect(agent).toMatchObject({ timeZone: 'Atlantic/Canary', team: 'las-palmas' });
    const { stdout: listed } = await keys(['list']);
    expect(listed).toMatch(/agent {2}.* active {2}agent Pepe/);
    expect(listed).not.toContain(key!);
  }, 60_000);
});
