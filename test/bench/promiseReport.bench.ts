import { parseRuleSet } from '../../services/availability/ruleSet';
import { RuleSetStore } from '../../services/availability/ruleSetStore';
import type { CallbackDocument } from '../../services/booking/callback';
import { CALLBACK_STATUSES } from '../../services/booking/lifecycle';
import { PromiseReport } from '../../services/promises/promiseReport';
import { connectDatabase, Database } from '../../services/store/database';
import { EmbeddedDatabase, startEmbeddedDatabase } from '../../services/store/embeddedDatabase';
import { findProjectRoot } from '../../services/store/projectRoot';
import { madridSalesRuleSet } from '../support/ruleSets';
import { benchCase, seededRandom } from './benchCase';

/*
 * The promises report on the embedded database: 8 weeks of callbacks of two teams (4,000, in every status),
 * the report asked for 4 of those weeks. Baseline: the same find with the same projection, read into an array,
 * so the ratio is what counting by week and team in code adds to the database's own read.
 */
interface State {
  embedded: EmbeddedDatabase;
  database: Database;
  report: PromiseReport;
}

const GROUP = 'promises report on the embedded database (4,000 callbacks, 2,000 in the 4 weeks asked)';
const NOW = new Date('2026-12-28T12:00:00Z');
const FIRST_MONDAY = Date.UTC(2026, 10, 2, 8); // Monday 2 November 2026, 09:00 in Madrid
const FROM = new Date('2026-11-30T00:00:00Z');
const TO = new Date('2026-12-28T00:00:00Z');

async function setup(): Promise<State> {
  const embedded = await startEmbeddedDatabase({
    projectRoot: findProjectRoot(__dirname),
    engine: (process.env.EMBEDDED_DB as 'auto' | 'ferretdb' | 'mongod' | undefined) ?? 'auto',
  });
  const database = await connectDatabase({ uri: embedded.uri, dbName: `bench_promises_${process.pid}` });
  const ruleSets = new RuleSetStore(database.ruleSetVersions);
  await ruleSets.save(parseRuleSet(madridSalesRuleSet()), 'bench');
  await ruleSets.save(parseRuleSet(madridSalesRuleSet({ id: 'madrid-service', name: 'Madrid service' })), 'bench');
  const random = seededRandom(18);
  const callbacks: CallbackDocument[] = Array.from({ length: 4_000 }, (_, i) => {
    const startUtc = new Date(FIRST_MONDAY + Math.floor(random() * 56) * 86_400_000 + Math.floor(random() * 20) * 1_800_000);
    const status = CALLBACK_STATUSES[Math.floor(random() * CALLBACK_STATUSES.length)]!;
    const attempted = !['booked', 'due', 'missed', 'repaired', 'lapsed', 'cancelled', 'completed'].includes(status);
    const late = random() < 0.2;
    return {
      _id: `cb-${i}`,
      personId: `person-${i}`,
      ruleSetId: i % 2 ? 'madrid-sales' : 'madrid-service',
      status,
      seatKey: `released|cb-${i}`,
      activeKey: `person-${i}|closed|cb-${i}`,
      startUtc,
      endUtc: new Date(startUtc.getTime() + 1_800_000),
      prospectTimeZone: 'Europe/Madrid',
      channelId: 'webchat',
      createdAt: startUtc,
      updatedAt: startUtc,
      history: [{ at: startUtc, action: 'booked', startUtc }],
      ...(attempted ? { firstAttemptAt: new Date(startUtc.getTime() + (late ? 20 : 2) * 60_000), keptOnTime: !late, attempts: 1 } : {}),
      ...(['missed', 'repaired', 'lapsed'].includes(status) ? { missedAt: new Date(startUtc.getTime() + 1_800_000) } : {}),
    };
  });
  for (let i = 0; i < callbacks.length; i += 500) await database.collection('callbacks').insertMany(callbacks.slice(i, i + 500));
  return { embedded, database, report: new PromiseReport(database.collection('callbacks'), ruleSets) };
}

async function teardown(state: State): Promise<void> {
  await state.database.db.dropDatabase();
  await state.database.close();
  await state.embedded.stop();
}

export const cases = [
  benchCase<State>({
    group: GROUP,
    name: 'the find alone: the period, projected, into an array',
    baseline: true,
    iterations: 20,
    setup,
    run: (state) =>
      state.database
        .collection('callbacks')
        .find(
          { startUtc: { $gte: FROM, $lt: TO } },
          { projection: { ruleSetId: 1, status: 1, startUtc: 1, firstAttemptAt: 1, keptOnTime: 1, missedAt: 1 } },
        )
        .toArray(),
    teardown,
  }),
  benchCase<State>({
    group: GROUP,
    name: 'report by week, every team (date bounds)',
    iterations: 20,
    setup,
    run: (state) => state.report.byWeek({ from: { date: '2026-11-30' }, to: { date: '2026-12-28' }, now: NOW }),
    teardown,
  }),
  benchCase<State>({
    group: GROUP,
    name: 'report by week, one team',
    iterations: 20,
    setup,
    run: (state) => state.report.byWeek({ from: { date: '2026-11-30' }, to: { date: '2026-12-28' }, team: 'madrid-sales', now: NOW }),
    teardown,
  }),
  benchCase<State>({
    group: GROUP,
    name: "the gauge's read (last 7 days, every team)",
    iterations: 20,
    setup,
    run: (state) => state.report.recentRatios(NOW),
    teardown,
  }),
];
