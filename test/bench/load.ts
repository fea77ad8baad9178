import { randomUUID } from 'node:crypto';
import path from 'node:path';
import autocannon from 'autocannon';
import { MongoClient } from 'mongodb';
import { defaultRuleSet } from '../../services/availability/defaultRuleSet';
import { parseRuleSet } from '../../services/availability/ruleSet';
import { bookingServiceOn } from '../../services/booking/bookingService';
import { PeopleStore } from '../../services/people/peopleStore';
import { connectDatabase } from '../../services/store/database';
import { ChildServer } from '../support/childBot';
import { OfferBurst, offerBurst } from '../support/offerBurst';
import { SCHEDULING_SCRIPT, median } from '../support/roundTrips';
import { cpuMs, rssMb, treeCpuMs } from './processStats';

/** The figures of one database backend (see README, "Reading the benchmark"). */
export interface LoadFigures {
  turn: Record<'c1' | 'c16' | 'c64', PhaseFigures>;
  /** c1: first turns of new conversations; returning: turns of existing ones, before and after the 10,000 are stored. */
  turnAfter10k: { c1: PhaseFigures; returning: { before: PhaseFigures; after: PhaseFigures } };
  burst200: { answered: number; errors: number; wallMs: number };
  roundTrips: { median: number; max: number; perTurn: Array<{ text: string; count: number; commands: string[] }> };
  cpuMsPerTurn: { median: number; database: number };
  rssMb: { idle: number; after10kConversations: number };
  /** The JavaScript heap in use after a full collection: RSS keeps the high-water mark of a burst, this does not. */
  heapMb: { idle: number; after10kConversations: number };
  race: { attempts: number; booked: number; errors: number; wallMs: number };
  /** The same race through /api/messages: people holding an offer tap it at once, then a newcomer says hello. */
  offerBurst: OfferBurst;
}

export interface PhaseFigures {
  turnsPerS: number;
  p50Ms: number;
  p99Ms: number;
  baselinePerS: number;
  errors: number;
  botCpuMsPerTurn: number;
  databaseCpuMsPerTurn: number;
}

export interface BackendUnderTest {
  name: string;
  uri: string;
  /** The database server's process (FerretDB, and PostgreSQL behind it), for its CPU time. */
  databasePids: number[];
}

const NOW = new Date('2026-11-24T08:15:00Z');
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const burstPeople = Number(process.env.BENCH_BURST_PEOPLE ?? 1_000);
const ROOT = path.resolve(__dirname, '../..');

/** A first turn of a conversation nobody has had before: a fresh conversation and activity id per request. */
function firstTurnBody(): string {
  return turnBody(randomUUID());
}

function turnBody(conversation: string): string {
  return JSON.stringify({
    type: 'message',
    id: `a-${randomUUID()}`,
    channelId: 'webchat',
    serviceUrl: 'http://127.0.0.1:9',
    locale: 'es-ES',
    text: 'hola',
    deliveryMode: 'expectReplies',
    from: { id: `u-${conversation}` },
    recipient: { id: 'bot' },
    conversation: { id: `c-${conversation}` },
  });
}

/** Turns of conversations that already exist (their state is read and updated, not created), taken in turn. */
function returningTurnBodies(conversations: readonly string[]): () => string {
  let next = 0;
  return () => turnBody(conversations[next++ % conversations.length]!);
}

interface Phase {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  answered: number;
  wallMs: number;
}

async function load(
  url: string,
  options: { connections: number; turns: boolean; duration?: number; amount?: number; body?: () => string },
): Promise<Phase> {
  const body = options.body ?? firstTurnBody;
  const started = Date.now();
  const result = await autocannon({
    url: options.turns ? `${url}/api/messages` : `${url}/healthz`,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? seconds }),
    timeout: 30,
    ...(options.turns
      ? {
          method: 'POST' as const,
          headers: { 'content-type': 'application/json' },
          // A body of its own per request; autocannon sets Content-Length from the body it is given.
          requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, body: body() }) }],
        }
      : {}),
  });
  const wallMs = Date.now() - started;
  return {
    rps: Math.round((result.requests.total / Math.max(result.duration, 0.001)) * 10) / 10,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    // `errors` already counts timeouts.
    errors: result.errors + result.non2xx,
    answered: result['2xx'],
    wallMs,
  };
}

async function post(url: string, body: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 200) throw new Error(`bot answered ${response.status}`);
  await response.text();
}

async function roundTrips(bot: ChildServer): Promise<LoadFigures['roundTrips']> {
  const conversation = `rt-${randomUUID()}`;
  const perTurn: Array<{ text: string; count: number; commands: string[] }> = [];
  await bot.commands();
  for (const text of SCHEDULING_SCRIPT) {
    await post(bot.url, {
      type: 'message',
      id: randomUUID(),
      channelId: 'webchat',
      serviceUrl: 'http://127.0.0.1:9',
      locale: 'es-ES',
      text,
      deliveryMode: 'expectReplies',
      from: { id: `u-${conversation}` },
      recipient: { id: 'bot' },
      conversation: { id: conversation },
    });
    const commands = await bot.commands();
    perTurn.push({ text, count: commands.length, commands });
  }
  const counts = perTurn.map((t) => t.count);
  return { median: median(counts), max: Math.max(...counts), perTurn };
}

/** 1,000 people asking for the same 2-seat slot at the same moment, straight at the booking service. */
async function race(uri: string, dbName: string): Promise<LoadFigures['race']> {
  const database = await connectDatabase({ uri, dbName });
  try {
    const people = new PeopleStore(database.collection('people'), database.collection('channelAccounts'), () => NOW);
    const bookings = bookingServiceOn(database);
    const ruleSet = parseRuleSet(defaultRuleSet('race'));
    const attempts = 1_000;
    const persons = [];
    for (let i = 0; i < attempts; i += 50) {
      persons.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(50, attempts - i) }, (_, j) =>
            people.findOrCreateByPhone(`+3491${String(2_000_000 + i + j).slice(-7)}`, {
              provenance: { source: 'import', campaign: null, collectedAt: NOW, detail: null },
            }),
          ),
        )),
      );
    }
    const started = Date.now();
    const results = await Promise.allSettled(
      persons.map((person) =>
        bookings.book({ ruleSet, person, slotStartUtc: new Date('2026-11-25T09:00:00Z'), channelId: 'bench', now: NOW }),
      ),
    );
    const wallMs = Date.now() - started;
    return {
      attempts,
      booked: results.filter((r) => r.status === 'fulfilled' && r.value.ok).length,
      errors: results.filter((r) => r.status === 'rejected').length,
      wallMs,
    };
  } finally {
    await database.close();
  }
}

/** The offer burst on a bot and database of its own: the slot must be free, and the load phases' state not in the way. */
async function measureOfferBurst(backend: BackendUnderTest, dbName: string, log: (line: string) => void): Promise<OfferBurst> {
  const bot = await ChildServer.start(path.join(__dirname, '../support/botProcess.ts'), { BOT_MONGODB_URI: backend.uri, BOT_DB: dbName });
  try {
    const burst = await offerBurst(bot.url, burstPeople);
    log(
      `  ${backend.name} offer burst: ${burst.people} tap one 2-seat slot, ${burst.booked} booked, ${burst.toldTaken} told it was taken, ${burst.answered} answered in ${burst.wallMs} ms; a newcomer then answered in ${burst.newcomerMs ?? 'never'} ms`,
    );
    for (const [answer, count] of Object.entries(burst.otherAnswers)) log(`    ${count} answered otherwise: ${answer}`);
    return burst;
  } finally {
    await bot.stop();
    const client = await MongoClient.connect(backend.uri);
    await client.db(dbName).dropDatabase();
    await client.close();
  }
}

/** 10,000 stored conversations (conversation and user state), as a busy installation has. */
async function seedConversations(uri: string, dbName: string): Promise<void> {
  const client = await MongoClient.connect(uri);
  try {
    const collection = client.db(dbName).collection<{ _id: string; state: string; eTag: string; updatedAt: Date }>('bot_state');
    const state = JSON.stringify({ dialogState: { dialogStack: [] }, flags: { greeted: true } });
    for (let i = 0; i < 10_000; i += 1_000) {
      const batch = Array.from({ length: 1_000 }, (_, j) => i + j).flatMap((n) => [
        { _id: `webchat/conversations/seed-${n}`, state, eTag: randomUUID(), updatedAt: NOW },
        { _id: `webchat/users/seed-${n}`, state: JSON.stringify({ profile: { locale: 'es' } }), eTag: randomUUID(), updatedAt: NOW },
      ]);
      await collection.insertMany(batch, { ordered: false });
    }
  } finally {
    await client.close();
  }
}

export async function measureBackend(backend: BackendUnderTest, log: (line: string) => void): Promise<LoadFigures> {
  const dbName = `bench_${Date.now().toString(36)}`;
  const profile = ['--expose-gc'];
  const bot = await ChildServer.start(
    path.join(__dirname, '../support/botProcess.ts'),
    { BOT_MONGODB_URI: backend.uri, BOT_DB: dbName },
    profile,
  );
  const databaseCpu = () => backend.databasePids.reduce((sum, pid) => sum + treeCpuMs(pid), 0);
  try {
    // Counted first, on a quiet bot: claims retired by earlier load would otherwise land in the count.
    const trips = await roundTrips(bot);
    // Warm-up: JIT, connection pool, the recognizer's model.
    await load(bot.url, { connections: 4, turns: true, duration: 2 });
    const idleHeap = await bot.collectGarbage();
    const idle = rssMb(bot.pid);
    const phase = async (connections: number, body?: () => string, profileTo?: string): Promise<PhaseFigures> => {
      const baseline = await load(bot.url, { connections, turns: false, duration: Math.max(2, seconds / 3) });
      if (profileTo) await bot.startProfile(profileTo);
      const [cpu0, db0] = [cpuMs(bot.pid), databaseCpu()];
      const turns = await load(bot.url, { connections, turns: true, ...(body ? { body } : {}) });
      if (profileTo) await bot.stopProfile();
      const [cpu1, db1] = [cpuMs(bot.pid), databaseCpu()];
      const count = Math.max(1, turns.answered);
      log(
        `  ${backend.name} c${connections}${body ? ' returning' : ''}: ${turns.rps} turns/s (p50 ${turns.p50} ms, p99 ${turns.p99} ms) vs /healthz ${baseline.rps}/s`,
      );
      return {
        turnsPerS: turns.rps,
        p50Ms: turns.p50,
        p99Ms: turns.p99,
        baselinePerS: baseline.rps,
        errors: turns.errors,
        botCpuMsPerTurn: round((cpu1 - cpu0) / count),
        databaseCpuMsPerTurn: round((db1 - db0) / count),
      };
    };
    const c1 = await phase(1);
    // With BENCH_PROFILE the bot is profiled over the 16-connection turns alone (not their /healthz baseline).
    const profiled = process.env.BENCH_PROFILE ? path.join(ROOT, '.bench/profiles', backend.name, 'bot-c16.cpuprofile') : undefined;
    const c16 = await phase(16, undefined, profiled);
    const c64 = await phase(64);
    const burst = await load(bot.url, { connections: 200, turns: true, amount: 200 });
    // Conversations that come back after the store has filled up: their turns update state rather than create it.
    const returning = Array.from({ length: 20 }, () => `back-${randomUUID()}`);
    for (const conversation of returning) await post(bot.url, JSON.parse(turnBody(conversation)) as Record<string, unknown>);
    const returningBefore = await phase(1, returningTurnBodies(returning));
    await seedConversations(backend.uri, dbName);
    const after = await phase(1);
    const returningAfter = await phase(1, returningTurnBodies(returning));
    const raced = await race(backend.uri, dbName);
    const burstOfOffers = await measureOfferBurst(backend, `${dbName}_burst`, log);
    const figures: LoadFigures = {
      turn: { c1, c16, c64 },
      turnAfter10k: { c1: after, returning: { before: returningBefore, after: returningAfter } },
      burst200: { answered: burst.answered, errors: burst.errors, wallMs: burst.wallMs },
      roundTrips: trips,
      cpuMsPerTurn: {
        median: median([c1, c16, c64].map((p) => p.botCpuMsPerTurn)),
        database: median([c1, c16, c64].map((p) => p.databaseCpuMsPerTurn)),
      },
      rssMb: { idle, after10kConversations: 0 },
      heapMb: { idle: idleHeap, after10kConversations: await bot.collectGarbage() },
      race: raced,
      offerBurst: burstOfOffers,
    };
    figures.rssMb.after10kConversations = rssMb(bot.pid);
    const client = await MongoClient.connect(backend.uri);
    await client.db(dbName).dropDatabase();
    await client.close();
    return figures;
  } finally {
    await bot.stop();
  }
}

/** The echo bot under the same load: what botbuilder on restify costs with nothing of ours. */
export async function measureEchoBot(log: (line: string) => void): Promise<Record<'c1' | 'c16' | 'c64', PhaseFigures>> {
  const echo = await ChildServer.start(path.join(__dirname, 'echoBot.ts'), {});
  try {
    await load(echo.url, { connections: 4, turns: true, duration: 1 });
    const out: Partial<Record<'c1' | 'c16' | 'c64', PhaseFigures>> = {};
    for (const connections of [1, 16, 64] as const) {
      const baseline = await load(echo.url, { connections, turns: false, duration: Math.max(2, seconds / 3) });
      const cpu0 = cpuMs(echo.pid);
      const turns = await load(echo.url, { connections, turns: true, duration: Math.max(2, seconds / 2) });
      const count = Math.max(1, turns.answered);
      log(`  echo bot c${connections}: ${turns.rps} turns/s (p50 ${turns.p50} ms, p99 ${turns.p99} ms) vs /healthz ${baseline.rps}/s`);
      out[`c${connections}`] = {
        turnsPerS: turns.rps,
        p50Ms: turns.p50,
        p99Ms: turns.p99,
        baselinePerS: baseline.rps,
        errors: turns.errors,
        botCpuMsPerTurn: round((cpuMs(echo.pid) - cpu0) / count),
        databaseCpuMsPerTurn: 0,
      };
    }
    return out as Record<'c1' | 'c16' | 'c64', PhaseFigures>;
  } finally {
    await echo.stop();
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
