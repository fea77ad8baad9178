import { ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { findProjectRoot } from '../../services/store/projectRoot';
import { testDatabaseUri } from './database';

/** The real entry point (bot/index.ts) in a process of its own, as `npm start` runs it, for kill-and-restart tests. */
export function startBotServer(dbName: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bot/index.ts'], {
    cwd: findProjectRoot(__dirname),
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      HOST: '127.0.0.1',
      MONGODB_URI: testDatabaseUri(),
      MONGODB_DB: dbName,
      PHONE_HASH_SECRET: 'test-secret-of-at-least-16-chars',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error('server did not start')), 30_000);
    lines.on('line', (line) => {
      const url = /bot listening on (http:\/\/\S+)"/.exec(line)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}
