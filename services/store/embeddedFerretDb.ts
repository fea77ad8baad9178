import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { EmbeddedDatabase } from './embeddedDatabase';

const READY_TIMEOUT_MS = 30_000;

/** Builds the pinned FerretDB if needed (the script is a no-op when the binary is current). */
export function ensureFerretDbBinary(projectRoot: string): string {
  const result = spawnSync('bash', [path.join(projectRoot, 'scripts/install-ferretdb.sh')], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`could not build the embedded FerretDB: ${result.stderr || result.stdout || result.error?.message}`);
  }
  return path.join(projectRoot, '.cache/ferretdb/embedded-ferretdb');
}

/**
 * With `postgresqlUrl`, FerretDB stores in that PostgreSQL database instead of SQLite files under dataDir;
 * `port` fixes the port (a restarted server found where it was), else a free one is picked; `cpuProfile` has it
 * write a pprof CPU profile of its whole run there when it stops (the benchmark's BENCH_PROFILE).
 */
export async function startFerretDb(
  projectRoot: string,
  dataDir: string,
  backend: { postgresqlUrl?: string; port?: number; cpuProfile?: string } = {},
): Promise<EmbeddedDatabase> {
  const binary = ensureFerretDbBinary(projectRoot);
  mkdirSync(dataDir, { recursive: true });
  // stdin stays a pipe we never close: the launcher exits when it closes, i.e. when we die.
  const logLevel = process.env.DEBUG_EMBEDDED_DB === 'debug' ? 'debug' : 'warn';
  const storage = backend.postgresqlUrl
    ? ['--handler=postgresql', `--postgresql-url=${backend.postgresqlUrl}`]
    : [`--sqlite-url=file:${dataDir}/`];
  const profile = backend.cpuProfile ? [`--cpu-profile=${backend.cpuProfile}`] : [];
  const child = spawn(binary, [`--listen-addr=127.0.0.1:${backend.port ?? 0}`, ...storage, `--log-level=${logLevel}`, ...profile], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    if (process.env.DEBUG_EMBEDDED_DB) process.stderr.write(chunk);
    stderr.push(chunk.toString());
    if (stderr.length > 50) stderr.shift();
  });
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      const lastLine = stderr.join('').trim().split('\n').at(-1);
      resolve(`${signal ? `killed by ${signal}` : `exited with code ${code}`}${lastLine ? `: ${lastLine}` : ''}`);
    });
  });
  const uri = await waitForReadyLine(child, () => stderr.join(''));
  return {
    engine: 'ferretdb',
    uri,
    pid: child.pid,
    exited,
    stop: () => stopChild(child),
  };
}

function waitForReadyLine(child: ChildProcess, stderrTail: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('FerretDB did not become ready in time')), READY_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout! });
    const fail = (error: Error) => {
      clearTimeout(timer);
      lines.close();
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n${stderrTail()}`));
    };
    lines.on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as { ready?: boolean; uri?: string };
        if (parsed.ready && parsed.uri) {
          clearTimeout(timer);
          lines.close();
          resolve(parsed.uri);
        }
      } catch {
        // not our ready line; FerretDB logs to stderr, so this is unexpected but harmless
      }
    });
    child.once('exit', (code) => fail(new Error(`FerretDB exited with code ${code} before it was ready`)));
    child.once('error', fail);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
