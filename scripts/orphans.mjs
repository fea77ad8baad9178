#!/usr/bin/env node
// Lists product source files that the running program never loads: files under bot/, dialogs/ and
// services/ not reachable by relative imports from the entry points (default: bot/index.ts and the
// scripts named in package.json). An orphan with tests is worse than none: its tests pass whatever
// production does. Usage: node scripts/orphans.mjs [entry.ts ...]   (exit 1 when any is found)
// Copied from the team's shared tools so CI needs nothing outside the repository. Our one addition: files listed in
// scripts/orphans-pending.txt (one path a line, # comments) are reported but do not fail: code whose wiring is on a
// branch not merged yet. That list should be empty on main.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = process.cwd();
const roots = ['bot', 'dialogs', 'services'].filter((d) => existsSync(join(root, d)));
const isSource = (f) => /\.(ts|tsx|mts|js|mjs|json)$/.test(f) && !/\.(test|spec|d)\.ts$/.test(f);
const all = [];
const walk = (d) => {
  for (const e of readdirSync(d)) {
    const p = join(d, e);
    if (statSync(p).isDirectory()) walk(p);
    else if (isSource(p)) all.push(resolve(p));
  }
};
roots.forEach((d) => walk(join(root, d)));

let entries = process.argv.slice(2).map((e) => resolve(e));
if (entries.length === 0) {
  entries = ['bot/index.ts'].map((e) => resolve(e)).filter(existsSync);
  try {
    const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts ?? {};
    for (const cmd of Object.values(scripts))
      for (const m of String(cmd).matchAll(/([\w./-]+\.(?:ts|mjs|js))\b/g)) {
        const p = resolve(m[1]);
        if (existsSync(p) && !/\/(test|dist|node_modules)\//.test(p)) entries.push(p);
      }
  } catch {
    /* no package.json */
  }
}
const resolveImport = (from, spec) => {
  const base = resolve(dirname(from), spec);
  for (const c of [base, base + '.ts', base + '.tsx', base + '.js', base + '.json', join(base, 'index.ts'), join(base, 'index.js')]) {
    if (existsSync(c) && statSync(c).isFile()) return c;
  }
  // compiled-style specifiers: './x.js' written for './x.ts'
  const ts = base.replace(/\.js$/, '.ts');
  return existsSync(ts) ? ts : undefined;
};
const seen = new Set();
const stack = [...entries];
while (stack.length) {
  const f = stack.pop();
  if (seen.has(f)) continue;
  seen.add(f);
  if (f.endsWith('.json')) continue;
  const text = readFileSync(f, 'utf8');
  for (const m of text.matchAll(
    /(?:import|export)[^'"`]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)|require\(\s*['"](\.[^'"]+)['"]\s*\)|import\s+['"](\.[^'"]+)['"]/g,
  )) {
    const r = resolveImport(f, m[1] ?? m[2] ?? m[3] ?? m[4]);
    if (r) stack.push(r);
  }
  // files read at run time by a path next to the module, e.g. readFileSync(join(__dirname, 'phrases.es.json'))
  for (const m of text.matchAll(/['"]([\w.-]+\.json)['"]/g)) {
    const p = resolve(dirname(f), m[1]);
    if (existsSync(p)) seen.add(p);
  }
}
const pendingFile = join(root, 'scripts', 'orphans-pending.txt');
const pending = new Set(
  existsSync(pendingFile)
    ? readFileSync(pendingFile, 'utf8')
        .split('\n')
        .map((l) => l.replace(/#.*/, '').trim())
        .filter(Boolean)
    : [],
);
const unloaded = all
  .filter((f) => !seen.has(f))
  .map((f) => relative(root, f))
  .sort();
for (const p of unloaded.filter((f) => pending.has(f))) console.log(`  pending (scripts/orphans-pending.txt): ${p}`);
const orphans = unloaded.filter((f) => !pending.has(f));
if (orphans.length === 0) {
  console.log(`no orphans: every file under ${roots.join(', ')} is loaded from ${entries.map((e) => relative(root, e)).join(', ')}`);
  process.exit(0);
}
console.log(
  `${orphans.length} product file(s) that the running program never loads (from ${entries.map((e) => relative(root, e)).join(', ')}):`,
);
for (const o of orphans) console.log('  ' + o);
process.exit(1);
