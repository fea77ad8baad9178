import { AsyncLocalStorage } from 'node:async_hooks';
import type { CommandFailedEvent, CommandStartedEvent, CommandSucceededEvent, MongoClient } from 'mongodb';

/*
 * One turn asks for the same few documents several times: the transcript, the identity check and the
 * desks each want the channel account and its person, the booking steps want the person's active callback
 * and the current rule set. A turn's reads are remembered for the rest of that turn only, so each document
 * costs one round trip per turn.
 *
 * What makes it safe: every write this process sends to a collection, from any code path, is seen on the
 * driver's command monitoring and forgets what was remembered from that collection, in every turn (a
 * write that is still in flight keeps the collection unremembered until it is answered). A turn so sees its
 * own writes, and another turn's writes in this process, exactly as if it had read again. Writes by other
 * processes are seen when the next turn starts, as before: within one turn the person is a snapshot.
 */

interface Remembered {
  generation: number;
  everything: number;
  value: Promise<unknown>;
}

interface TurnScope {
  open: boolean;
  remembered: Map<string, Remembered>;
}

const scopes = new AsyncLocalStorage<TurnScope>();

/** Per collection: bumped by every write sent and answered, so anything read before it is stale. */
const generations = new Map<string, number>();
const writesInFlight = new Map<string, number>();
/** Request id → collection of the writes in flight, to close them when their answer comes. */
const pendingWrites = new Map<number, string>();
/** A command on no named collection (dropDatabase, a client bulkWrite…) forgets everything. */
const EVERYTHING = '*';
let everythingGeneration = 0;

/** Commands that never change documents; anything else counts as a write. */
const READS = new Set([
  'find',
  'getMore',
  'aggregate',
  'count',
  'distinct',
  'listCollections',
  'listIndexes',
  'ping',
  'hello',
  'isMaster',
  'ismaster',
  'buildInfo',
  'buildinfo',
  'killCursors',
  'endSessions',
  'saslStart',
  'saslContinue',
  'getParameter',
  'serverStatus',
  'dbStats',
  'collStats',
]);

function collectionOf(event: CommandStartedEvent): string {
  const target = (event.command as Record<string, unknown>)[event.commandName];
  return typeof target === 'string' ? target : EVERYTHING;
}

function bump(collection: string): void {
  if (collection === EVERYTHING) everythingGeneration += 1;
  else generations.set(collection, (generations.get(collection) ?? 0) + 1);
}

function writeStarted(event: CommandStartedEvent): void {
  if (READS.has(event.commandName)) return;
  const collection = collectionOf(event);
  bump(collection);
  writesInFlight.set(collection, (writesInFlight.get(collection) ?? 0) + 1);
  pendingWrites.set(event.requestId, collection);
}

function writeEnded(event: CommandSucceededEvent | CommandFailedEvent): void {
  const collection = pendingWrites.get(event.requestId);
  if (collection === undefined) return;
  pendingWrites.delete(event.requestId);
  bump(collection);
  const left = (writesInFlight.get(collection) ?? 1) - 1;
  if (left > 0) writesInFlight.set(collection, left);
  else writesInFlight.delete(collection);
}

/** Lets the turns' remembered reads hear of this client's writes; connectDatabase calls it (needs monitorCommands). */
export function forgetReadsOnWrites(client: MongoClient): void {
  client.on('commandStarted', writeStarted);
  client.on('commandSucceeded', writeEnded);
  client.on('commandFailed', writeEnded);
}

/** Forgets what the current turn read (a turn run again from fresh state reads afresh too). */
export function forgetTurnReads(): void {
  scopes.getStore()?.remembered.clear();
}

/** Runs one turn with its own remembered reads, forgotten when it ends (work it leaves behind reads afresh). */
export async function withTurnReads<T>(turn: () => Promise<T>): Promise<T> {
  const scope: TurnScope = { open: true, remembered: new Map() };
  try {
    return await scopes.run(scope, turn);
  } finally {
    scope.open = false;
    scope.remembered.clear();
  }
}

/**
 * `load`'s answer, read at most once per turn for this collection and key while nothing writes to the
 * collection; outside a turn, `load` itself. Each caller gets its own copy, so nobody edits another's.
 */
export async function readOncePerTurn<T>(collection: string, key: string, load: () => Promise<T>): Promise<T> {
  const scope = scopes.getStore();
  if (!scope?.open || writesInFlight.has(collection) || writesInFlight.has(EVERYTHING)) return load();
  const id = `${collection}\u0000${key}`;
  const generation = generations.get(collection) ?? 0;
  const hit = scope.remembered.get(id);
  if (hit && hit.generation === generation && hit.everything === everythingGeneration) return copied((await hit.value) as T);
  const value = load();
  scope.remembered.set(id, { generation, everything: everythingGeneration, value });
  // A failed read is not remembered: the next caller tries again.
  value.catch(() => {
    if (scope.remembered.get(id)?.value === value) scope.remembered.delete(id);
  });
  return copied(await value);
}

/**
 * A copy of a document as the driver returns it: plain objects, arrays and dates copied, anything else
 * (ObjectId, Binary, Decimal128: values nobody edits in place) shared. Not structuredClone: it answers dates
 * of another realm where a test sandbox runs the code.
 */
function copied<T>(value: T): T {
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map(copied) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, copied(field)])) as T;
  }
  return value;
}
