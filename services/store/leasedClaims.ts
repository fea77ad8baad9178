import type { Collection } from 'mongodb';
import { isDuplicateKeyError } from './errors';

export interface ClaimDocument {
  _id: string;
  key: string;
  attempt: number;
  owner: string;
  leaseUntil: Date;
}

export interface Claim {
  id: string;
  key: string;
  attempt: number;
}

const MAX_ATTEMPTS = 50;

/**
 * Exactly one holder per piece of work, settled by a unique `_id`: a claim is the insert of
 * "<key>@<attempt>". FerretDB applies a conditional update's filter and write in two steps, so taking
 * over an expired lease is never an update of the old claim: it is the insert of the next attempt, which
 * only one replica can win. Leases run on the wall clock, not the app's (tests pin that one).
 */
export class ClaimLedger {
  constructor(
    private readonly claims: Collection<ClaimDocument>,
    private readonly owner: string,
    private readonly wallClock: () => number = Date.now,
  ) {}

  /** The claim, or null when someone holds an unexpired one. */
  async claim(key: string, leaseMs: number): Promise<Claim | null> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const id = `${key}@${attempt}`;
      try {
        await this.claims.insertOne({ _id: id, key, attempt, owner: this.owner, leaseUntil: new Date(this.wallClock() + leaseMs) });
        return { id, key, attempt };
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const held = await this.claims.findOne({ _id: id });
      if (held && held.leaseUntil.getTime() > this.wallClock()) return null;
    }
    return null;
  }

  /** Keeps our own claim alive while a long turn runs (our document: an unconditional write by `_id`). */
  async renew(claim: Claim, leaseMs: number): Promise<void> {
    await this.claims.updateOne({ _id: claim.id }, { $set: { leaseUntil: new Date(this.wallClock() + leaseMs) } });
  }

  /** Lets the next attempt start at once (after a failure we want retried elsewhere or later). */
  async release(claim: Claim): Promise<void> {
    await this.claims.updateOne({ _id: claim.id }, { $set: { leaseUntil: new Date(0) } });
  }

  /** Claims whose lease ended long ago settle nothing any more (their work is done or re-claimed). */
  async sweep(before: Date): Promise<number> {
    return (await this.claims.deleteMany({ leaseUntil: { $lt: before } })).deletedCount;
  }
}
