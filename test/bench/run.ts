import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RegisteredCase } from './benchCase';
import { loadSuite } from './loadSuite';

const ROOT = resolve(__dirname, '../..');
const round = (value: number) => Math.round(value * 1000) / 1000;

/*
 * Micro cases: every `*.bench.ts` next to this file exports `cases: RegisteredCase[]` (build them with
 * `benchCase`); to add one, add a file. The load suite (loadSuite.ts) drives the whole bot over HTTP.
 */
interface Measured {
  readonly spec: RegisteredCase;
  readonly firstMs: number;
  readonly medianMs: number;
  readonly p99Ms: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function measure(spec: RegisteredCase): Promise<Measured> {
  const { call, dispose } = await spec.prepare();
  // Pure cases stay synchronous (no await per call, which would dominate microsecond timings).
  const once = async () => {
    const result = call();
    if (result instanceof Promise) await result;
  };
  const t0 = performance.now();
  await once();
  const firstMs = performance.now() - t0;
  for (let i = 0; i < Math.min(50, spec.iterations); i++) await once();
  const times: number[] = [];
  for (let i = 0; i < spec.iterations; i++) {
    const start = performance.now();
    await once();
    times.push(performance.now() - start);
  }
  await dispose();
  times.sort((a, b) => a - b);
  return { spec, firstMs, medianMs: percentile(times, 50), p99Ms: percentile(times, 99) };
}

function isCaseList(value: unknown): value is RegisteredCase[] {
  return Array.isArray(value) && value.every((c: unknown) => typeof c === 'object' && c !== null && 'prepare' in c);
}

async function microCases(filter: string): Promise<Measured[]> {
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  const cases: RegisteredCase[] = [];
  for (const file of files) {
    const mod: { cases?: unknown } = await import(join(__dirname, file));
    if (!isCaseList(mod.cases)) throw new Error(`${file} must export "cases" built with benchCase()`);
    cases.push(...mod.cases.filter((c) => `${c.group} ${c.name}`.includes(filter)));
  }
  const all: Measured[] = [];
  const groups = [...new Set(cases.map((c) => c.group))];
  for (const group of groups) {
    const results: Measured[] = [];
    for (const spec of cases.filter((c) => c.group === group)) results.push(await measure(spec));
    const baseline = results.find((r) => r.spec.baseline);
    console.log(`\n${group}`);
    for (const r of results) {
      const ratio = baseline === undefined ? '' : `  ×${(r.medianMs / baseline.medianMs).toFixed(2)} vs baseline`;
      console.log(
        `  ${r.spec.name.padEnd(52)} median ${r.medianMs.toFixed(3).padStart(8)} ms  p99 ${r.p99Ms.toFixed(3).padStart(8)} ms  first ${r.firstMs.toFixed(1).padStart(7)} ms  (n=${r.spec.iterations})${r.spec.baseline ? '  [baseline]' : ratio}`,
      );
    }
    all.push(...results);
  }
  return all;
}

/*
 * `npm run bench` runs everything; `npm run bench -- <text>` only micro cases whose group or name contains
 * <text>, and `npm run bench -- load` only the load suite. Figures go to the console and .bench/latest.json.
 */
async function main(): Promise<void> {
  const filter = process.argv[2] ?? '';
  const report: Record<string, unknown> = { at: new Date().toISOString(), machine: { cpus: cpus().length, node: process.version } };
  if (filter !== 'load') {
    const micro = await microCases(filter);
    const month = micro.find((m) => m.spec.name === 'freeSlots, 10,000 bookings');
    if (month) report.monthOfSlotsMs = { median: round(month.medianMs), p99: round(month.p99Ms) };
  }
  if (filter === '' || filter === 'load') Object.assign(report, await loadSuite());
  mkdirSync(join(ROOT, '.bench'), { recursive: true });
  const file = join(ROOT, '.bench/latest.json');
  // A partial run (a filter) updates its own figures and keeps the others from the last run.
  const previous = filter && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(file, `${JSON.stringify({ ...previous, ...report }, null, 2)}\n`);
  console.log(`\nfigures written to .bench/latest.json`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
