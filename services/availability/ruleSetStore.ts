import { Collection } from 'mongodb';
import { RuleSet, ruleSetSchema } from './ruleSet';
import { readOncePerTurn } from '../store/turnReads';
import { isDuplicateKeyError } from '../store/errors';
import { VersionConflict, type VersionInForce } from '../store/versionConflict';

/**
 * Every version of every rule set, the newest being the one in force. History is the store itself,
 * so a change can never be half-written: one insert, guarded by the unique (ruleSetId, version) index.
 */
export interface RuleSetVersionDocument {
  ruleSetId: string;
  version: number;
  ruleSet: RuleSet;
  changedBy: string;
  changedAt: Date;
}

export interface StoredRuleSet {
  ruleSet: RuleSet;
  version: number;
  changedBy: string;
  changedAt: string;
}

export class RuleSetStore {
  constructor(private readonly versions: Collection<RuleSetVersionDocument>) {}

  async current(ruleSetId: string): Promise<StoredRuleSet | null> {
    // Asked by several steps of one turn (offer, book, move); read once per turn.
    const latest = await readOncePerTurn(this.versions.collectionName, `current=${ruleSetId}`, () =>
      this.versions.find({ ruleSetId }).sort({ version: -1 }).limit(1).next(),
    );
    return latest ? toStored(latest) : null;
  }

  async history(ruleSetId: string): Promise<StoredRuleSet[]> {
    const all = await this.versions.find({ ruleSetId }).sort({ version: -1 }).toArray();
    return all.map(toStored);
  }

  /** One version as it was written, or null. */
  async atVersion(ruleSetId: string, version: number): Promise<StoredRuleSet | null> {
    const found = await this.versions.findOne({ ruleSetId, version });
    return found ? toStored(found) : null;
  }

  /** The rule sets in force, newest version of each, by id. */
  async list(): Promise<StoredRuleSet[]> {
    // FerretDB 1.24 has no $first/$max accumulators in $group, so: the ids, then each one's newest version.
    // Rule sets are few (teams, campaigns), so this stays a handful of indexed reads.
    const ids = (await this.versions.distinct('ruleSetId')).sort();
    const current = await Promise.all(ids.map((id) => this.current(id)));
    return current.filter((stored): stored is StoredRuleSet => stored !== null);
  }

  /**
   * Saves a new version. `expectedVersion` (from If-Match) makes it a compare-and-set; without it the
   * write goes on top of whatever is newest, and two writers racing still cannot both take one version.
   */
  async save(ruleSet: RuleSet, changedBy: string, expectedVersion?: number): Promise<StoredRuleSet> {
    const current = await this.current(ruleSet.id);
    const currentVersion = current?.version ?? null;
    if (expectedVersion !== undefined && expectedVersion !== (currentVersion ?? 0)) {
      throw new VersionConflict('rule set', ruleSet.id, expectedVersion, inForce(current));
    }
    const document: RuleSetVersionDocument = {
      ruleSetId: ruleSet.id,
      version: (currentVersion ?? 0) + 1,
      ruleSet,
      changedBy,
      changedAt: new Date(),
    };
    try {
      await this.versions.insertOne({ ...document });
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        throw new VersionConflict('rule set', ruleSet.id, currentVersion, inForce(await this.current(ruleSet.id)));
      }
      throw error;
    }
    return toStored(document);
  }
}

function inForce(stored: StoredRuleSet | null): VersionInForce | null {
  return stored && { version: stored.version, changedBy: stored.changedBy, changedAt: new Date(stored.changedAt) };
}

function toStored(document: RuleSetVersionDocument): StoredRuleSet {
  return {
    // Read back through the schema: a document written by an older release must still be a valid rule set.
    ruleSet: ruleSetSchema.parse(document.ruleSet),
    version: document.version,
    changedBy: document.changedBy,
    changedAt: document.changedAt.toISOString(),
  };
}
