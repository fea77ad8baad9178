import { existsSync } from 'node:fs';
import path from 'node:path';

/** The folder holding package.json, whether we run from sources (ts) or from dist/ (js). */
export function findProjectRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
}
