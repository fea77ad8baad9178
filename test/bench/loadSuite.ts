import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureFerretDbBinary as ferretDbBinary, startFerretDb } from '../../services/store/embeddedFerretDb';
import { findProjectRoot } from '../../services/store/projectRoot';
import { BackendUnderTest, LoadFigures, measureBackend, measureEchoBot, PhaseFigures } from './load';
import { startPostgres } from './postgres';
import { botProfileSummary, databaseProfileSummary, printProfile, ProfileLine } from './profiles';

/*
 * The bot under load on each database it can run on, each beside /healthz of the same server measured
 * in the same run: the embedded default (FerretDB on SQLite), FerretDB on a PostgreSQL the benchmark
 * starts itself, and MONGODB_URI when one is given. BENCH_BACKENDS=sqlite,postgresql,mongodb picks some.
 */
const log = (line: string) => console.log(line);

interface Started {
  backend: BackendUnderTest;
  stop(): Promise<void>;
}

const ROOT = findProjectRoot(__dirname);
const profiling = Boolean(process.env.BENCH_PROFILE);
const profileDir = (backend: string) => path.join(ROOT, '.bench/profiles', backend);

/** With BENCH_PROFILE, the database writes its CPU profile here when it stops. */
function databaseProfile(backend: string): { cpuProfile?: string } {
  if (!profiling) return {};
  mkdirSync(profileDir(backend), { recursive: true });
  return { cpuProfile: path.join(profileDir(backend), 'ferretdb.pprof') };
}

async function ferretDbOnSqlite(): Promise<Started> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-sqlite-'));
  const db = await startFerretDb(ROOT, dir, databaseProfile('ferretdb-sqlite'));
  return {
    backend: { name: 'ferretdb-sqlite', uri: db.uri, databasePids: db.pid ? [db.pid] : [] },
    stop: async () => {
      await db.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function ferretDbOnPostgres(): Promise<Started> {
  const postgres = await startPostgres();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-pgferret-'));
  const db = await startFerretDb(ROOT, dir, { postgresqlUrl: postgres.url, ...databaseProfile('ferretdb-postgresql') });
  return {
    backend: { name: 'ferretdb-postgresql', uri: db.uri, databasePids: [...(db.pid ? [db.pid] : []), postgres.pid()] },
    stop: async () => {
      await db.stop();
      await postgres.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function loadSuite(): Promise<Record<string, unknown>> {
  const wanted = (process.env.BENCH_BACKENDS ?? 'sqlite,postgresql,mongodb').split(',');
  const starters: Array<[string, () => Promise<Started>]> = [];
  if (wanted.includes('sqlite')) starters.push(['ferretdb-sqlite', ferretDbOnSqlite]);
  if (wanted.includes('postgresql')) starters.push(['ferretdb-postgresql', ferretDbOnPostgres]);
  if (wanted.includes('mongodb') && process.env.MONGODB_URI) {
    const uri = process.env.MONGODB_URI;
    starters.push([
      'mongodb',
      () => Promise.resolve({ backend: { name: 'mongodb', uri, databasePids: [] }, stop: () => Promise.resolve() }),
    ]);
  }
  console.log('\nthe bot under load (autocannon, a fresh conversation per request)');
  const backends: Record<string, LoadFigures> = {};
  const profiles: Record<string, { bot: ProfileLine[]; database: ProfileLine[] }> = {};
  for (const [name, start] of starters) {
    let started: Started | undefined;
    try {
      started = await start();
      backends[name] = await measureBackend(started.backend, log);
    } catch (error) {
      console.log(`  ${name}: not measured (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    } finally {
      await started?.stop();
    }
    if (profiling && backends[name]) {
      // Both profiles cover the whole run of this backend: every phase, warm-up included.
      const bot = botProfileSummary(profileDir(name));
      const database = databaseProfileSummary(ferretDbBinary(ROOT), path.join(profileDir(name), 'ferretdb.pprof'));
      profiles[name] = { bot, database };
      printProfile(`${name}: bot CPU by package or file (self time)`, bot, log);
      printProfile(`${name}: database CPU by function (flat)`, database, log);
    }
  }
  const echoBot = await measureEchoBot(log);
  printTable(backends, echoBot);
  const primary = backends['ferretdb-sqlite'] ?? Object.values(backends)[0];
  return {
    ...(primary
      ? {
          'turn.c1': primary.turn.c1,
          'turn.c16': primary.turn.c16,
          'turn.c64': primary.turn.c64,
          roundTrips: primary.roundTrips,
          cpuMsPerTurn: primary.cpuMsPerTurn,
          rssMb: primary.rssMb,
          heapMb: primary.heapMb,
          race: primary.race,
          offerBurst: primary.offerBurst,
          burst200: primary.burst200,
          turnAfter10k: primary.turnAfter10k,
        }
      : {}),
    primaryBackend: primary ? Object.keys(backends).find((k) => backends[k] === primary) : null,
    ...(profiling ? { profiles } : {}),
    echoBot,
    backends,
  };
}

function printTable(backends: Record<string, LoadFigures>, echo: Record<'c1' | 'c16' | 'c64', PhaseFigures>): void {
  const rows: string[][] = [['case', ...Object.keys(backends), 'echo bot']];
  const cell = (p: PhaseFigures) =>
    `${p.turnsPerS}/s p50 ${p.p50Ms} p99 ${p.p99Ms} ms (${((100 * p.turnsPerS) / p.baselinePerS).toFixed(1)}% of ${p.baselinePerS})`;
  for (const c of ['c1', 'c16', 'c64'] as const) {
    rows.push([`turn.${c}`, ...Object.values(backends).map((b) => cell(b.turn[c])), cell(echo[c])]);
  }
  const each = (f: (b: LoadFigures) => string) => Object.values(backends).map(f);
  rows.push(['turn.c1 after 10k stored', ...each((b) => cell(b.turnAfter10k.c1)), '']);
  rows.push(['returning c1, before 10k', ...each((b) => cell(b.turnAfter10k.returning.before)), '']);
  rows.push(['returning c1, after 10k', ...each((b) => cell(b.turnAfter10k.returning.after)), '']);
  rows.push(['200 at once', ...each((b) => `${b.burst200.answered} answered, ${b.burst200.errors} errors, ${b.burst200.wallMs} ms`), '']);
  rows.push(['roundTrips median/max', ...each((b) => `${b.roundTrips.median} / ${b.roundTrips.max}`), '']);
  rows.push(['cpuMsPerTurn bot / db', ...each((b) => `${b.cpuMsPerTurn.median} / ${b.cpuMsPerTurn.database}`), '']);
  rows.push(['rssMb idle / after 10k', ...each((b) => `${b.rssMb.idle} / ${b.rssMb.after10kConversations}`), '']);
  rows.push(['heapMb idle / after 10k', ...each((b) => `${b.heapMb.idle} / ${b.heapMb.after10kConversations}`), '']);
  rows.push(['race 1000 on 2 seats', ...each((b) => `${b.race.booked} booked, ${b.race.errors} errors, ${b.race.wallMs} ms`), '']);
  rows.push([
    'offer burst on 2 seats (/api/messages)',
    ...each(
      (b) =>
        `${b.offerBurst.booked} booked, ${b.offerBurst.answered}/${b.offerBurst.people} answered, ${b.offerBurst.wallMs} ms; newcomer ${b.offerBurst.newcomerMs ?? 'never'} ms (target ≤ 1000)`,
    ),
    '',
  ]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  console.log('');
  for (const row of rows) console.log(`  ${row.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`);
}
