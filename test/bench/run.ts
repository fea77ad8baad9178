import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RegisteredCase } from './benchCase';

/*
 * Runs every `*.bench.ts` next to this file; each exports `cases: RegisteredCase[]` (build
 * them with `benchCase`). To add a benchmark, add a file: this runner needs no change.
 * `npm run bench -- <text>` runs only cases whose group or name contains <text>.
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

async function main(): Promise<void> {
  const filter = process.argv[2] ?? '';
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  const cases: RegisteredCase[] = [];
  for (const file of files) {
    const mod: { cases?: unknown } = await import(join(__dirname, file));
    if (!isCaseList(mod.cases)) throw new Error(`${file} must export "cases" built with benchCase()`);
    cases.push(...mod.cases.filter((c) => `${c.group} ${c.name}`.includes(filter)));
  }
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
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
