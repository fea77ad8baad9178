import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import { Collection, MongoBulkWriteError, MongoServerError } from 'mongodb';
import type { BotStateClaimDocument, BotStateDocument } from '../services/store/database';
import { isDuplicateKeyError } from '../services/store/errors';
import { VersionClaims } from '../services/turns/versionClaims';

export class ETagConflictError extends Error {
  readonly code = 'ETAG_CONFLICT';
  constructor(readonly key: string) {
    super(`state for "${key}" was changed by another turn (eTag mismatch)`);
    this.name = 'ETagConflictError';
  }
}

export class StorageError extends Error {
  readonly code = 'STORAGE_FAILED';
  constructor(
    message: string,
    override readonly cause: unknown,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

/**
 * botbuilder's Storage over MongoDB, so conversation and user state survive restarts and are shared by
 * replicas. eTag contract (as botbuilder's own stores): no eTag or "*" writes unconditionally; any other
 * eTag writes only if it still matches what is stored, else the write fails with ETagConflictError.
 */
export interface MongoStorageOptions {
  /**
   * How reads of several keys are sent. 'in': one query `{_id: {$in: keys}}` (one round trip; MongoDB
   * answers it from the _id index). 'each': one `_id` equality query per key, sent together: FerretDB 1.24
   * does not push `$in` down to SQLite and reads the whole collection for it (measured: ~6× one equality
   * lookup at 5,000 documents), so on FerretDB two pushed-down lookups are cheaper than one scan.
   */
  reads: 'in' | 'each';
  /**
   * How a commit makes sure nobody else committed from the version it read. Absent: the eTag in the
   * update's filter, which MongoDB applies atomically. Given: a claim on the right to commit from that
   * version (one unique insert, `"commit:<key>@<eTag>"`), then an update filtered on `_id` alone. For
   * FerretDB 1.24, which answers a filter of more than `_id` by decoding every stored state in Go (1.5 s
   * at 20,000 states, against 0.1 s for `_id` alone) and applies it as read-then-write anyway. The claims
   * must outlive any commit from the same version: the caller commits only within its lease.
   */
  commitRights?: VersionClaims;
}

/** A state as a turn read it and now commits: its key, its new content, and the eTag it was read with. */
export interface StateCommit {
  key: string;
  state: Record<string, unknown>;
  /** The eTag read, or undefined when nothing was stored: then the write creates it and fails if it exists. */
  readETag: string | undefined;
}

/**
 * The storage as the app runs it on each server: on MongoDB, `$in` reads and the eTag filter; on FerretDB,
 * reads of one key each and commit rights (see MongoStorageOptions). A turn commits within its lease of the
 * version it read, so a commit right kept for a lease and more outlives every commit from that version.
 */
export function mongoStorageFor(
  kind: 'ferretdb' | 'mongodb',
  states: Collection<BotStateDocument>,
  claims: Collection<BotStateClaimDocument>,
  leaseMs: number,
): MongoStorage {
  if (kind === 'mongodb') return new MongoStorage(states, claims, { reads: 'in' });
  return new MongoStorage(states, claims, {
    reads: 'each',
    commitRights: new VersionClaims(claims, { leaseMs, retireAfterMs: leaseMs + 10_000 }),
  });
}

export class MongoStorage implements Storage {
  private batch: { keys: Set<string>; result: Promise<StoreItems> } | undefined;

  constructor(
    private readonly collection: Collection<BotStateDocument>,
    private readonly claims: Collection<BotStateClaimDocument>,
    private readonly options: MongoStorageOptions = { reads: 'in' },
  ) {}

  /**
   * Reads issued in the same tick (a turn loading conversation and user state together) are sent as one
   * batch, so the two states cost one query instead of two.
   */
  read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return Promise.resolve({});
    if (!this.batch) {
      const batch: { keys: Set<string>; result: Promise<StoreItems> } = {
        keys: new Set(),
        result: new Promise<void>((resolve) => process.nextTick(resolve)).then(() => {
          this.batch = undefined;
          return this.readNow([...batch.keys]);
        }),
      };
      this.batch = batch;
    }
    for (const key of keys) this.batch.keys.add(key);
    return this.batch.result.then((all) => {
      const items: StoreItems = {};
      for (const key of keys) {
        const item: unknown = all[key];
        if (item !== undefined) items[key] = item;
      }
      return items;
    });
  }

  private async readNow(keys: string[]): Promise<StoreItems> {
    const documents = await this.wrap('read', async () => {
      if (this.options.reads === 'in' || keys.length === 1) {
        return this.collection.find(keys.length === 1 ? { _id: keys[0]! } : { _id: { $in: keys } }).toArray();
      }
      const found = await Promise.all(keys.map((_id) => this.collection.findOne({ _id })));
      return found.filter((d): d is NonNullable<typeof d> => d !== null);
    });
    const items: StoreItems = {};
    for (const document of documents) {
      items[document._id] = { ...(JSON.parse(document.state) as object), eTag: document.eTag };
    }
    return items;
  }

  /**
   * Writes the states of one turn in one command. The caller holds claims on the versions it read
   * (services/turns/versionClaims.ts), so no other turn writes from them; the eTag in each filter, or the
   * commit right (see MongoStorageOptions), is the fence if a claim was taken over. A state that moved on, or one created by
   * someone else meanwhile, collides on `_id` and the whole commit fails with ETagConflictError. Ordered:
   * the statements run in the order given and stop at the first failure, so the caller puts the state
   * whose write marks the turn as done last. Returns the new eTags by key.
   */
  async commit(changes: readonly StateCommit[]): Promise<Record<string, string>> {
    const eTags: Record<string, string> = {};
    if (changes.length === 0) return eTags;
    const rights = this.options.commitRights;
    let held: string[] = [];
    if (rights) {
      const versions = changes.flatMap((c) => (c.readETag === undefined ? [] : [{ key: `commit:${c.key}`, eTag: c.readETag }]));
      const claimed =
        versions.length > 0 ? await this.wrap('commit', () => rights.claimAll(versions, randomUUID())) : { ok: true as const, ids: [] };
      if (!claimed.ok) throw new ETagConflictError(claimed.busyKey.slice('commit:'.length));
      held = claimed.ids;
    }
    try {
      return await this.writeCommit(changes, eTags, rights !== undefined);
    } finally {
      // Kept until they expire, never given back: a write may have landed even when its answer did not.
      rights?.retire(held);
    }
  }

  private async writeCommit(
    changes: readonly StateCommit[],
    eTags: Record<string, string>,
    fenced: boolean,
  ): Promise<Record<string, string>> {
    const now = new Date();
    const operations = changes.map(({ key, state, readETag }) => {
      const { eTag: _ignored, ...content } = state;
      const eTag = randomUUID();
      eTags[key] = eTag;
      const update = { $set: { state: JSON.stringify(content), eTag, updatedAt: now } };
      // A state read as absent is created by an insert, which collides on _id if someone created it meanwhile.
      // Not an upsert: FerretDB 1.24 answers an upsert whose filter matches nothing by reading the whole
      // collection (measured: 0.7 s at 20,000 states, against 1 ms for the insert). An update never upserts:
      // a state erased during the turn (the person asked for erasure) must stay erased, not be written back.
      return readETag === undefined
        ? { insertOne: { document: { _id: key, state: JSON.stringify(content), eTag, updatedAt: now } } }
        : { updateOne: { filter: fenced ? { _id: key } : { _id: key, eTag: readETag }, update } };
    });
    let applied: number;
    try {
      const result = await this.collection.bulkWrite(operations, { ordered: true });
      applied = result.matchedCount + result.insertedCount;
    } catch (error) {
      if (isDuplicateKeyError(error) || isDuplicateKeyError(firstWriteError(error))) {
        throw new ETagConflictError(changes.map((c) => c.key).join(', '));
      }
      throw new StorageError('could not commit turn state', error);
    }
    if (applied < changes.length) {
      // Some update matched nothing: either its state was erased (fine, stays erased) or it moved on.
      const now = await this.wrap('read', () =>
        this.collection.find({ _id: { $in: changes.map((c) => c.key) } }, { projection: { eTag: 1 } }).toArray(),
      );
      for (const document of now) {
        if (document.eTag !== eTags[document._id]) throw new ETagConflictError(document._id);
      }
    }
    return eTags;
  }

  async write(changes: StoreItems): Promise<void> {
    await Promise.all(Object.entries(changes).map(([key, item]) => this.writeOne(key, item as Record<string, unknown>)));
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.wrap('delete', () => this.collection.deleteMany({ _id: { $in: keys } }));
  }

  private async writeOne(key: string, item: Record<string, unknown>): Promise<void> {
    const { eTag, ...state } = item;
    const document = { state: JSON.stringify(state), eTag: randomUUID(), updatedAt: new Date() };
    if (eTag === undefined || eTag === '*') {
      await this.wrap('write', () => this.collection.updateOne({ _id: key }, { $set: document }, { upsert: true }));
      return;
    }
    const claim = `${key}@${String(eTag)}`;
    try {
      // Only one writer may replace a given version. MongoDB's conditional update alone guarantees that;
      // FerretDB 1.24 evaluates the filter and writes in two steps, so two turns holding the same eTag
      // could both "match". Claiming the version in a unique _id first makes it exact on both servers.
      await this.claims.insertOne({ _id: claim, at: new Date() });
      // Matches only the version the turn read; if it changed, the upsert collides on _id instead.
      await this.collection.updateOne({ _id: key, eTag: String(eTag) }, { $set: document }, { upsert: true });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new ETagConflictError(key);
      throw new StorageError(`could not write state "${key}"`, error);
    }
    // The replaced eTag is never current again, so its claim can go; a leftover from a crash is harmless.
    await this.claims.deleteOne({ _id: claim }).catch(() => undefined);
  }

  private async wrap<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw new StorageError(`bot state ${operation} failed`, error);
    }
  }
}

function firstWriteError(error: unknown): unknown {
  if (!(error instanceof MongoBulkWriteError)) return undefined;
  const errors = (Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors]) as Array<{ errmsg?: string; code?: number }>;
  const first = errors[0];
  // A WriteError is not a MongoServerError; give isDuplicateKeyError what it recognises.
  return first === undefined ? undefined : Object.assign(new MongoServerError({ message: first.errmsg ?? '', code: first.code }), {});
}
