import { spawnSync } from 'node:child_process';
import path from 'node:path';

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
});
