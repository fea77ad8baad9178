import { Collection, MongoBulkWriteError } from 'mongodb';
import type { BotStateClaimDocument } from '../store/database';
import { isDuplicateKeyError } from '../store/errors';

/** The version of a stored state a turn read: its key and eTag, or ABSENT_VERSION when nothing is stored yet. */
export interface StateVersion {
  key: string;
  eTag: string;
}

export const ABSENT_VERSION = '-';

export type ClaimResult = { ok: true; ids: string[] } | { ok: false; busyKey: string };

export interface VersionClaimsOptions {
  /** How long a claim is honoured; past it another turn may take the version over (its holder crashed). */
  leaseMs: number;
  /** How long the claim of a replaced version is kept (see retire). */
  retireAfterMs: number;
  clock?: () => number;
}

/**
 * Exclusive claims on versions of stored state, arbitrated by the unique `_id` `"<key>@<eTag>"`.
 *
 * Claiming the version of the conversation state a turn read is the conversation's lease: a second turn
 * of the same conversation reads the same version, fails to claim it, and waits until the first turn has
 * written the next version (which nobody holds). No read-then-write anywhere: an insert either wins or
 * collides. A crashed holder's claim carries `expiresAt`; a waiter takes it over by inserting the next
 * generation `"<key>@<eTag>#<n>"` (again a unique insert, so two waiters cannot both take it over), never
 * by deleting the old claim: FerretDB applies a conditional delete's filter and write in two steps, so
 * "delete it if it is still the expired one" could delete a newer holder's claim.
 *
 * Claims are deleted in batches off the turn's path (see release and retire).
 */
export class VersionClaims {
  private readonly clock: () => number;
  private deleteQueue: string[] = [];
  private retiring: Array<{ id: string; due: number }> = [];
  private retireTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly collection: Collection<BotStateClaimDocument>,
    private readonly options: VersionClaimsOptions,
  ) {
    this.clock = options.clock ?? Date.now;
  }

  /** Claims every version, or none: if one is held by a live turn, what was taken is given back. */
  async claimAll(versions: readonly StateVersion[], holder: string): Promise<ClaimResult> {
    const now = this.clock();
    const docs = versions.map((v) => this.claimDocument(`${v.key}@${v.eTag}`, holder, now));
    try {
      await this.collection.insertMany(docs, { ordered: true });
      return { ok: true, ids: docs.map((d) => d._id) };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // Ordered: everything before the first failure was inserted, nothing after it was tried.
      const failedAt = firstFailedIndex(error);
      const ids = docs.slice(0, failedAt).map((d) => d._id);
      for (let i = failedAt; i < versions.length; i++) {
        const taken = await this.takeOver(`${versions[i]!.key}@${versions[i]!.eTag}`, holder);
        if (taken === undefined) {
          this.release(ids);
          return { ok: false, busyKey: versions[i]!.key };
        }
        // The expired claims of crashed holders go when ours does.
        ids.push(...taken);
      }
      return { ok: true, ids };
    }
  }

  /** Gives back claims on versions that were not replaced (nothing written): waiters may take them now. */
  release(ids: readonly string[]): void {
    this.deleteSoon(ids);
  }

  /**
   * Claims on versions that were just replaced. They are kept a while before deletion: a turn that read the
   * old version just before it was replaced must still find its claim taken (and so read again) rather
   * than claim a version that is no longer current.
   */
  retire(ids: readonly string[]): void {
    if (ids.length === 0) return;
    const due = this.clock() + this.options.retireAfterMs;
    for (const id of ids) this.retiring.push({ id, due });
    this.retireTimer ??= setTimeout(() => this.retireDue(), this.options.retireAfterMs).unref();
  }

  /** Deletes every pending claim now (shutdown, tests). */
  async drain(): Promise<void> {
    if (this.retireTimer) clearTimeout(this.retireTimer);
    this.retireTimer = undefined;
    this.deleteSoon(this.retiring.map((r) => r.id));
    this.retiring = [];
    while (this.flushing) await this.flushing;
  }

  private retireDue(): void {
    this.retireTimer = undefined;
    const now = this.clock();
    const due = this.retiring.filter((r) => r.due <= now);
    this.retiring = this.retiring.filter((r) => r.due > now);
    this.deleteSoon(due.map((r) => r.id));
    if (this.retiring.length > 0) {
      this.retireTimer = setTimeout(() => this.retireDue(), Math.max(10, this.retiring[0]!.due - now)).unref();
    }
  }

  private deleteSoon(ids: readonly string[]): void {
    if (ids.length === 0) return;
    this.deleteQueue.push(...ids);
    this.flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.flush());
  }

  private async flush(): Promise<void> {
    while (this.deleteQueue.length > 0) {
      const ids = this.deleteQueue;
      this.deleteQueue = [];
      try {
        // One equality delete per claim, all in one command: each is pushed down. A leftover (the database
        // was down, the process died) is harmless: a replaced version's claim blocks nobody, and a live
        // version's claim expires.
        await this.collection.bulkWrite(
          ids.map((_id) => ({ deleteOne: { filter: { _id } } })),
          { ordered: false },
        );
      } catch {
        // see above
      }
    }
    this.flushing = undefined;
  }

  /** The claim we now hold on this version (last) after the expired ones, or undefined while a live turn holds it. */
  private async takeOver(baseId: string, holder: string): Promise<string[] | undefined> {
    const expired: string[] = [];
    for (let generation = 0; generation < 1_000; generation++) {
      const id = generation === 0 ? baseId : `${baseId}#${generation}`;
      const existing = await this.collection.findOne({ _id: id });
      if (existing === null) {
        if (generation === 0) return undefined; // just given back: read again, the version may have moved on
        try {
          await this.collection.insertOne(this.claimDocument(id, holder, this.clock()));
          return [...expired, id];
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
          return undefined; // another waiter took it over this instant
        }
      }
      if (existing.expiresAt === undefined || existing.expiresAt.getTime() > this.clock()) return undefined;
      // Expired: the next generation decides who takes over.
      expired.push(id);
    }
    return undefined;
  }

  private claimDocument(_id: string, holder: string, now: number): BotStateClaimDocument {
    return { _id, holder, at: new Date(now), expiresAt: new Date(now + this.options.leaseMs) };
  }
}

function firstFailedIndex(error: unknown): number {
  if (error instanceof MongoBulkWriteError) {
    const errors = (Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors]) as Array<{ index?: number }>;
    const indexes = errors.map((e) => e.index).filter((i): i is number => typeof i === 'number');
    if (indexes.length > 0) return Math.min(...indexes);
    return error.result.insertedCount;
  }
  return 0;
}
