import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { freePort } from '../support/standaloneDatabase';
import path from 'node:path';

/*
 * A throw-away PostgreSQL cluster (Debian's postgresql: initdb/pg_ctl on PATH) for benchmarking
 * FerretDB's PostgreSQL backend: its own folder, a free port on 127.0.0.1, removed on stop. As root it
 * runs as the "postgres" user, since PostgreSQL refuses to run as root.
 */
export interface TemporaryPostgres {
  url: string;
  pid(): number;
  stop(): Promise<void>;
}

export async function startPostgres(): Promise<TemporaryPostgres> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-pg-'));
  const data = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' })
      : execFileSync(command, args, { stdio: 'pipe' });
  if (asRoot) {
    const { uid, gid } = userIds('postgres');
    chownSync(dir, uid, gid);
  }
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    path.join(dir, 'log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=on`,
    'start',
  ]);
  run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'ferretdb']);
  const pid = () => Number(execFileSync('head', ['-1', path.join(data, 'postmaster.pid')], { encoding: 'utf8' }).trim());
  return {
    url: `postgres://postgres@127.0.0.1:${port}/ferretdb`,
    pid,
    stop: () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      return Promise.resolve();
    },
  };
}

function userIds(name: string): { uid: number; gid: number } {
  const [uid, gid] = execFileSync('id', ['-u', name], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .concat(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
  return { uid: Number(uid), gid: Number(gid) };
}
