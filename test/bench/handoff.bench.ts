import { ConsentLedger } from '../../services/consent/ledger';
import { createLogger } from '../../services/observability/logger';
import { PeopleStore } from '../../services/people/peopleStore';
import { ProblemStore } from '../../services/handoff/problems';
import { HandoffSummaries } from '../../services/handoff/summaries';
import { SummaryModel } from '../../services/handoff/summaryModel';
import { timelineEntry, TimelineStore } from '../../services/handoff/timeline';
import { connectDatabase, Database } from '../../services/store/database';
import { EmbeddedDatabase, startEmbeddedDatabase } from '../../services/store/embeddedDatabase';
import { findProjectRoot } from '../../services/store/projectRoot';
import { benchCase } from './benchCase';

/*
 * The handoff summary on the embedded database, for a person with a 200-entry timeline: a read when nothing is
 * new (the stored version, after comparing entry ids) against an update after one new message (deterministic
 * path: the model's own latency is the model's, not ours).
 */
interface State {
  embedded: EmbeddedDatabase;
  database: Database;
  timeline: TimelineStore;
  summaries: HandoffSummaries;
  personId: string;
  serial: number;
}

const NOW = new Date('2026-11-24T08:15:00Z');
const TEXTS = ['me interesa la fibra', '¿cuánto cuesta?', 'mejor por la tarde', 'es un poco caro', 'vale'];

async function setup(): Promise<State> {
  const embedded = await startEmbeddedDatabase({
    projectRoot: findProjectRoot(__dirname),
    engine: (process.env.EMBEDDED_DB as 'auto' | 'ferretdb' | 'mongod' | undefined) ?? 'auto',
  });
  const database = await connectDatabase({ uri: embedded.uri, dbName: `bench_handoff_${process.pid}` });
  const timeline = new TimelineStore(database.collection('transcripts'));
  const people = new PeopleStore(database.collection('people'), database.collection('channelAccounts'), () => NOW);
  const ledger = new ConsentLedger(database.collection('consentEvents'), database.collection('suppressions'), 'bench-secret-of-16-chars');
  const model = new SummaryModel({
    model: 'none',
    timeoutMs: 1000,
    maxRetries: 0,
    breakerThreshold: 3,
    breakerCooldownMs: 1000,
  });
  const summaries = new HandoffSummaries({
    summaries: database.collection('summaries'),
    timeline,
    problems: new ProblemStore(database.collection('problems'), timeline),
    people,
    ledger,
    callbacks: database.collection('callbacks'),
    model,
    options: { cap: 100_000, companyName: 'Bench', clock: () => NOW, logger: createLogger({ level: 'silent', logMessageText: false }) },
  });
  const person = await people.findOrCreateByPhone('+34612345678', {
    provenance: { source: 'bot', campaign: null, collectedAt: NOW, detail: null },
  });
  await timeline.append(
    ...Array.from({ length: 200 }, (_, i) =>
      timelineEntry({
        personId: person._id,
        channelId: 'webchat',
        kind: 'message',
        direction: i % 2 ? 'outbound' : 'inbound',
        text: TEXTS[i % 5]!,
        at: NOW,
      }),
    ),
  );
  await summaries.current(person._id);
  return { embedded, database, timeline, summaries, personId: person._id, serial: 0 };
}

async function teardown(state: State): Promise<void> {
  await state.database.db.dropDatabase();
  await state.database.close();
  await state.embedded.stop();
}

export const cases = [
  benchCase<State>({
    group: 'handoff summary on the embedded database (200-entry timeline)',
    name: 'read with nothing new (stored version)',
    baseline: true,
    iterations: 100,
    setup,
    run: (state) => state.summaries.current(state.personId),
    teardown,
  }),
  benchCase<State>({
    group: 'handoff summary on the embedded database (200-entry timeline)',
    name: 'one new message, then the incremental update',
    iterations: 100,
    setup,
    run: async (state) => {
      state.serial += 1;
      await state.timeline.append(
        timelineEntry({
          personId: state.personId,
          channelId: 'webchat',
          kind: 'message',
          direction: 'inbound',
          text: `quiero ${state.serial} líneas`,
          at: NOW,
        }),
      );
      await state.summaries.current(state.personId);
    },
    teardown,
  }),
];
