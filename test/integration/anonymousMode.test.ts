import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { RunningApp } from '../../bot/app';
import { ConfigError, loadConfig } from '../../bot/config';
import { messageActivity, postActivity, startTestApp, TEST_PHONE_HASH_SECRET } from '../support/app';
import { testDatabaseUri, uniqueDatabaseName } from '../support/database';

/** A Bot Connector stand-in on every interface: it records whatever the bot posts to it, and must get nothing. */
async function recordingServer(): Promise<{ server: Server; port: number; received: string[] }> {
  const received: string[] = [];
  const server = createServer((req, res) => {
    received.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"id":"1"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  return { server, port: (server.address() as AddressInfo).port, received };
}

/** An IPv4 address of this machine that is not loopback: a serviceUrl "off this machine" as far as the rule goes. */
function nonLoopbackAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((address) => address?.family === 'IPv4' && !address.internal)?.address;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 1_000));

describe('anonymous mode (no MicrosoftAppId) stays on this machine', () => {
  it('listens on loopback by default, on every interface by default with Bot Framework authentication', () => {
    expect(loadConfig({}).HOST).toBe('127.0.0.1');
    expect(loadConfig({ MicrosoftAppId: 'app', MicrosoftAppPassword: 'secret' }).HOST).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '::1' }).HOST).toBe('::1');
  });

  it('refuses to listen beyond loopback without authentication unless ALLOW_ANONYMOUS_REMOTE says so', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(ConfigError);
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/HOST: .*ALLOW_ANONYMOUS_REMOTE=true/);
    expect(loadConfig({ HOST: '0.0.0.0', ALLOW_ANONYMOUS_REMOTE: 'true' }).HOST).toBe('0.0.0.0');
  });

  it('the app as started with the defaults accepts connections on loopback only', async () => {
    const app = await startTestApp(uniqueDatabaseName('anon-default'), { HOST: '' });
    try {
      expect(app.http.server.address().address).toBe('127.0.0.1');
    } finally {
      await app.database.db.dropDatabase();
      await app.close();
    }
  });

  describe('opened beyond loopback with ALLOW_ANONYMOUS_REMOTE=true', () => {
    let app: RunningApp;
    let remote: Awaited<ReturnType<typeof recordingServer>>;
    beforeAll(async () => {
      app = await startTestApp(uniqueDatabaseName('anon-remote'), { HOST: '0.0.0.0', ALLOW_ANONYMOUS_REMOTE: 'true' });
      remote = await recordingServer();
    });
    afterAll(async () => {
      remote.server.close();
      await app.database.db.dropDatabase();
      await app.close();
    });

    it('listens on every interface', () => {
      expect(app.http.server.address().address).toBe('0.0.0.0');
    });

    it('sends nothing to a serviceUrl off this machine: the activity is a 400 naming serviceUrl, before any turn', async () => {
      const address = nonLoopbackAddress();
      expect(address).toBeDefined();
      const activity = messageActivity({ text: 'hola', userId: 'remote-1', conversationId: 'remote-conv-1' });
      const { status, body } = await postActivity(app.url, {
        ...activity,
        serviceUrl: `http://${address}:${remote.port}/internal/admin`,
        deliveryMode: 'normal',
      });
      expect(status).toBe(400);
      expect(body).toMatchObject({ field: 'serviceUrl' });
      await settle();
      expect(remote.received).toEqual([]);
    });

    it('still answers the Emulator on this machine, at its loopback serviceUrl (the remote stand-in is reachable)', async () => {
      const activity = messageActivity({ text: 'hola', userId: 'local-1', conversationId: 'local-conv-1' });
      const { status } = await postActivity(app.url, {
        ...activity,
        serviceUrl: `http://127.0.0.1:${remote.port}`,
        deliveryMode: 'normal',
      });
      expect(status).toBeLessThan(300);
      for (let i = 0; i < 50 && remote.received.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(remote.received[0]).toMatch(/^POST \/v3\/conversations\/local-conv-1\/activities/);
    });
  });

  it('the process opened beyond loopback prints exactly one warning line about it', async () => {
    const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', 'bot/index.ts'], {
      cwd: path.resolve(__dirname, '../..'),
      env: {
        ...process.env,
        PORT: '0',
        HOST: '0.0.0.0',
        ALLOW_ANONYMOUS_REMOTE: 'true',
        MicrosoftAppId: '',
        MONGODB_URI: testDatabaseUri(),
        MONGODB_DB: uniqueDatabaseName('anon-warning'),
        PHONE_HASH_SECRET: TEST_PHONE_HASH_SECRET,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        for (const stream of [child.stdout, child.stderr]) {
          createInterface({ input: stream }).on('line', (line) => {
            lines.push(line);
            if (line.includes('bot listening')) resolve();
          });
        }
        child.once('exit', (code) => reject(new Error(`the bot exited with ${code}: ${lines.join('\n')}`)));
      });
    } finally {
      child.kill('SIGTERM');
    }
    const warnings = lines.filter((line) => line.includes('ALLOW_ANONYMOUS_REMOTE'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0]!)).toMatchObject({ level: 'warn' });
  }, 60_000);
});
