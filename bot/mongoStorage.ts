import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import { Collection } from 'mongodb';
import type { BotStateClaimDocument, BotStateDocument } from '../services/store/database';
import { isDuplicateKeyError } from '../services/store/errors';

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
export class MongoStorage implements Storage {
  constructor(
    private readonly collection: Collection<BotStateDocument>,
    private readonly claims: Collection<BotStateClaimDocument>,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    const documents = await this.wrap('read', () => this.collection.find({ _id: { $in: keys } }).toArray());
    const items: StoreItems = {};
    for (const document of documents) {
      items[document._id] = { ...(JSON.parse(document.state) as object), eTag: document.eTag };
    }
    return items;
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
