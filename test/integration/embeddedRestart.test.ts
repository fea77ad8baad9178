import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { conversationWith, type Reply } from '../support/app';
import { startBotServer } from '../support/botServer';
import { waitFor } from '../support/waitFor';

/*
 * `npm start` on the embedded FerretDB (bot/index.ts in a process of its own, no MONGODB_URI): the database
 * child is killed with SIGKILL, as a crash or the OOM killer would. The bot starts it again on the same port
 * over the same files; when it cannot, it exits non-zero so that a supervisor can start it again.
 */
const all = (replies: Reply[]) => replies.map((r) => r.text).join('\n');

/** The FerretDB the bot started: its child process whose command is the embedded launcher. */
function ferretDbChildOf(pid: number): number | undefined {
  const children = readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
  );
  return children.find(
    (child) => existsSync(`/proc/${child}/comm`) && readFileSync(`/proc/${child}/comm`, 'utf8').startsWith('embedded-ferret'),
  );
}

/** The TCP port a process listens on (IPv4), from /proc: the socket inodes it holds, matched in /proc/net/tcp. */
function listeningPort(pid: number): number | undefined {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`, { encoding: 'utf8' }))?.[1];
    if (inode) inodes.add(inode);
  }
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    // local address, state 0A = LISTEN, inode
    if (fields[3] === '0A' && inodes.has(fields[9]!)) return parseInt(fields[1]!.split(':')[1]!, 16);
  }
  return undefined;
}

const readyStatus = async (url: string) => (await fetch(`${url}/readyz`).catch(() => ({ status: 0 }))).status;

describe('npm start when its embedded FerretDB dies', () => {
  let dataDir: string;
  let bot: { child: ChildProcess; url: string };
  const exited = () => new Promise<number | null>((resolve) => bot.child.once('exit', (code) => resolve(code)));

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'embedded-restart-'));
    bot = await startBotServer('embedded', { MONGODB_URI: '', EMBEDDED_DB: 'ferretdb', DATA_DIR: dataDir });
  }, 60_000);
  afterEach(async () => {
    if (bot.child.exitCode === null && bot.child.signalCode === null) {
      const gone = exited();
      bot.child.kill('SIGTERM');
      await gone;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('starts it again on the same port over the same files, and the conversation goes on', async () => {
    const say = conversationWith(bot.url, { userId: 'crash', locale: 'es-ES' });
    await say('hola');
    expect(all(await say('915550301'))).toMatch(/permiso para llamarte/);

    const first = await waitFor('the FerretDB child', () => ferretDbChildOf(bot.child.pid!));
    const port = listeningPort(first);
    process.kill(first, 'SIGKILL');
    const second = await waitFor('a new FerretDB child', () => {
      const child = ferretDbChildOf(bot.child.pid!);
      return child !== undefined && child !== first && listeningPort(child) !== undefined ? child : undefined;
    });
    expect(listeningPort(second)).toBe(port);
    expect(await waitFor('ready again', async () => ((await readyStatus(bot.url)) === 200 ? true : undefined))).toBe(true);

    // The state written before the crash is there: the answer to the consent question is taken as one.
    expect(all(await say('sí'))).toMatch(/zona horaria|Cuándo te viene bien/);
    expect(bot.child.exitCode).toBeNull();
  }, 90_000);

  it('exits non-zero when it cannot start it again (its port taken)', async () => {
    const first = await waitFor('the FerretDB child', () => ferretDbChildOf(bot.child.pid!));
    const port = listeningPort(first)!;
    // The bot paused while its database dies and someone else takes the port, so it finds the port taken.
    process.kill(bot.child.pid!, 'SIGSTOP');
    let squatter: Server | undefined;
    try {
      process.kill(first, 'SIGKILL');
      await waitFor('the FerretDB child gone', () => (existsSync(`/proc/${first}/comm`) && !isZombie(first) ? undefined : true));
      squatter = await listenWhenFree(port);
      const code = exited();
      process.kill(bot.child.pid!, 'SIGCONT');
      expect(await code).toBe(1);
    } finally {
      if (bot.child.exitCode === null) process.kill(bot.child.pid!, 'SIGCONT');
      await new Promise((resolve) => (squatter ? squatter.close(resolve) : resolve(undefined)));
    }
  }, 90_000);
});

/**
 * Takes the port once the killed FerretDB lets it go. Its main thread shows as a zombie while its other threads
 * are still exiting and holding the listening socket, so the first tries can meet EADDRINUSE.
 */
async function listenWhenFree(port: number): Promise<Server> {
  return waitFor(
    `port ${port} free`,
    async () => {
      const server = createServer();
      const taken = await new Promise<boolean>((resolve, reject) => {
        server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve(true) : reject(error)));
        server.listen(port, '127.0.0.1', () => resolve(false));
      });
      return taken ? undefined : server;
    },
    { timeoutMs: 10_000 },
  );
}

function isZombie(pid: number): boolean {
  return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}
