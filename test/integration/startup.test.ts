import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../support/standaloneDatabase';

const root = path.resolve(__dirname, '../..');

describe('process start-up', () => {
  it('stops with one message naming the bad variable', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'bot/index.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, PORT: 'not-a-port' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('PORT: expected a port number');
  });

  describe('a first start where no mongod can be had (no internet, none installed)', () => {
    // The bot remembers a failed download for a day in this file; the test needs the attempt, and puts it back.
    const marker = path.join(root, '.cache', 'mongod-unavailable');
    let markerBefore: string | undefined;
    let dir: string;
    beforeAll(() => {
      markerBefore = existsSync(marker) ? readFileSync(marker, 'utf8') : undefined;
      rmSync(marker, { force: true });
      dir = mkdtempSync(path.join(os.tmpdir(), 'first-start-'));
    });
    afterAll(() => {
      if (markerBefore === undefined) rmSync(marker, { force: true });
      else writeFileSync(marker, markerBefore);
      rmSync(dir, { recursive: true, force: true });
    });

    it('says so in one line and starts on FerretDB, without the download error or a stack trace', async () => {
      // Downloads go to a port nobody listens on, so the attempt fails as it does offline; a mongod on PATH would be used.
      const unreachable = `https://127.0.0.1:${await freePort()}/mongodb-linux-x86_64-debian12-8.2.6.tgz`;
      const pathWithoutMongod = (process.env.PATH ?? '')
        .split(path.delimiter)
        .filter((folder) => !existsSync(path.join(folder, 'mongod')))
        .join(path.delimiter);
      // As `npm start` runs it.
      const bot = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', 'bot/index.ts'], {
        cwd: root,
        env: {
          PATH: pathWithoutMongod,
          HOME: dir,
          PORT: '0',
          HOST: '127.0.0.1',
          DATA_DIR: path.join(dir, 'data'),
          MONGOMS_DOWNLOAD_URL: unreachable,
          MONGOMS_DOWNLOAD_DIR: path.join(dir, 'mongod-binaries'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      bot.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      bot.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise((resolve) => bot.once('exit', resolve));
      try {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`not listening after 60 s:\n${output}`)), 60_000);
          const check = () => {
            if (!/bot listening on/.test(output)) return;
            clearTimeout(timer);
            resolve();
          };
          bot.stdout.on('data', check);
          bot.once('exit', () => reject(new Error(`exited before listening:\n${output}`)));
        });
      } finally {
        bot.kill('SIGTERM');
        await exited;
      }
      const lines = output.split('\n').filter((line) => line.trim() !== '');
      const aboutMongod = lines.filter((line) => /mongod|MongoMemoryServer|download/i.test(line));
      expect(aboutMongod).toHaveLength(1);
      expect(JSON.parse(aboutMongod[0]!)).toMatchObject({
        msg: 'no mongod could be had; falling back to FerretDB',
        reason: expect.stringMatching(
          /^no mongod binary: Download failed for url "https:\/\/127\.0\.0\.1:\d+\/mongodb-linux-x86_64-debian12-8\.2\.6\.tgz", Details: .*ECONNREFUSED/,
        ),
      });
      expect(lines.filter((line) => /^\s+at /.test(line))).toEqual([]);
      const logged = lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { msg?: string; engine?: string });
      expect(logged.find((entry) => entry.msg === 'embedded database started')).toMatchObject({ engine: 'ferretdb' });
    }, 90_000);
  });
});
