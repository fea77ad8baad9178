import { randomUUID } from 'node:crypto';
import { Collection } from 'mongodb';
import { phoneHash } from '../consent/ledger';
import { isDuplicateKeyError } from '../store/errors';
import { parseExclusionCsv } from './exclusionCsv';

/** Public do-not-call lists we screen marketing calls against, and the country whose numbers each covers. */
export const EXCLUSION_LISTS = {
  // Spain: Lista Robinson (Adigital); LOPDGDD art. 23.4 obliges whoever markets directly without the
  // person's consent to consult the advertising exclusion systems first.
  'es-robinson': { country: 'ES', name: 'Lista Robinson' },
  // Spain: Stop Publicidad, the other advertising exclusion system operating in Spain (same duty).
  'es-stop-publicidad': { country: 'ES', name: 'Stop Publicidad' },
  // United States: the National Do Not Call Registry (47 CFR 64.1200(c)(2)).
  'us-dnc': { country: 'US', name: 'National Do Not Call Registry' },
} as const;

export type ExclusionListId = keyof typeof EXCLUSION_LISTS;

export function isExclusionListId(value: string): value is ExclusionListId {
  return Object.prototype.hasOwnProperty.call(EXCLUSION_LISTS, value);
}

/** The lists that cover numbers of this country. */
export function exclusionListsFor(country: string | undefined): ExclusionListId[] {
  return (Object.keys(EXCLUSION_LISTS) as ExclusionListId[]).filter((id) => EXCLUSION_LISTS[id].country === country);
}

export interface ExclusionListDocument {
  _id: ExclusionListId;
  /** Only entries of this generation answer lookups. */
  currentGeneration: string;
  refreshedAt: Date;
  count: number;
}

/**
 * One import of a list at a time. Its unique _id is the arbiter (a conditional update is not, on FerretDB);
 * it expires, so an import that died does not block the next one for longer than this.
 */
export interface ImportLeaseDocument {
  _id: `${ExclusionListId}@import`;
  until: Date;
}

/** What `exclusion_lists` holds: list documents ("<list>") and import leases ("<list>@import"). */
export interface ExclusionListRecord {
  _id: string;
  currentGeneration?: string;
  refreshedAt?: Date;
  count?: number;
  until?: Date;
}

function asListDocument(record: ExclusionListRecord | null): ExclusionListDocument | null {
  if (record === null || !isExclusionListId(record._id)) return null;
  const { currentGeneration, refreshedAt, count } = record;
  return currentGeneration === undefined || refreshedAt === undefined
    ? null
    : { _id: record._id, currentGeneration, refreshedAt, count: count ?? 0 };
}

export interface ExclusionEntryDocument {
  /** "<list>:<generation>:<hash>": a lookup is one read by _id. */
  _id: string;
  list: ExclusionListId;
  generation: string;
  /** HMAC-SHA256 of the E.164 number, the same as suppressions: the lists' numbers are not kept in clear. */
  hash: string;
  importedAt: Date;
}

/**
 * How old a list is and whether it is too old to rely on: one measure, for contactability's refusal and for the
 * admin's view of the lists. A list never imported is stale.
 */
export function listFreshness(refreshedAt: Date | null, now: Date, maxAgeDays: number): { ageDays: number | null; stale: boolean } {
  const ageDays = refreshedAt === null ? null : (now.getTime() - refreshedAt.getTime()) / 86_400_000;
  return { ageDays, stale: ageDays === null || ageDays > maxAgeDays };
}

export interface ImportReport {
  list: ExclusionListId;
  imported: number;
  rejected: Array<{ line: number; reason: string }>;
  refreshedAt: string;
}

/** Nothing valid in the file: replacing the list with it would silently unlist everyone, so the list is kept. */
export class EmptyExclusionListError extends Error {
  constructor(
    readonly list: ExclusionListId,
    readonly rejected: ImportReport['rejected'],
  ) {
    super(`no valid phone number in the file for ${list}; the current list is kept`);
  }
}

/** Another import of the same list holds the lease; try again when it has finished. */
export class ImportUnderWayError extends Error {
  constructor(readonly list: ExclusionListId) {
    super(`an import of ${list} is under way; try again when it has finished`);
  }
}

const BATCH = 1_000;
const LEASE_MS = 60 * 60_000;

/**
 * External exclusion lists, stored as salted hashes. A refresh replaces the whole list: the new generation is
 * written first and switched to in one single-document update, so a half-finished import never changes any
 * answer; then every other generation of the list goes (the lease guarantees none is being written).
 */
export class ExclusionLists {
  constructor(
    private readonly lists: Collection<ExclusionListRecord>,
    private readonly entries: Collection<ExclusionEntryDocument>,
    private readonly hashSecret: string,
  ) {}

  async import(list: ExclusionListId, csvText: string, now: Date): Promise<ImportReport> {
    const { phones, rejected } = parseExclusionCsv(csvText, EXCLUSION_LISTS[list].country);
    if (phones.length === 0) throw new EmptyExclusionListError(list, rejected);
    await this.takeLease(list, now);
    try {
      const generation = randomUUID();
      const documents = phones.map((phone) => {
        const hash = phoneHash(this.hashSecret, phone);
        return { _id: `${list}:${generation}:${hash}`, list, generation, hash, importedAt: now };
      });
      for (let i = 0; i < documents.length; i += BATCH) await this.entries.insertMany(documents.slice(i, i + BATCH), { ordered: false });
      await this.lists.updateOne(
        { _id: list },
        { $set: { currentGeneration: generation, refreshedAt: now, count: documents.length } },
        { upsert: true },
      );
      // The replaced generation, and any left by an import that died before its switch.
      await this.entries.deleteMany({ list, generation: { $ne: generation } });
      return { list, imported: documents.length, rejected, refreshedAt: now.toISOString() };
    } finally {
      await this.lists.deleteOne({ _id: `${list}@import` });
    }
  }

  private async takeLease(list: ExclusionListId, now: Date): Promise<void> {
    const _id: ImportLeaseDocument['_id'] = `${list}@import`;
    await this.lists.deleteOne({ _id, until: { $lt: now } });
    try {
      await this.lists.insertOne({ _id, until: new Date(now.getTime() + LEASE_MS) });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new ImportUnderWayError(list);
      throw error;
    }
  }

  async status(): Promise<ExclusionListDocument[]> {
    const records = await this.lists
      .find({ _id: { $in: Object.keys(EXCLUSION_LISTS) } })
      .sort({ _id: 1 })
      .toArray();
    return records.map(asListDocument).filter((document): document is ExclusionListDocument => document !== null);
  }

  async listDocument(list: ExclusionListId): Promise<ExclusionListDocument | null> {
    return asListDocument(await this.lists.findOne({ _id: list }));
  }

  async isListed(list: ExclusionListDocument, phoneE164: string): Promise<boolean> {
    const id = `${list._id}:${list.currentGeneration}:${phoneHash(this.hashSecret, phoneE164)}`;
    return (await this.entries.findOne({ _id: id }, { projection: { _id: 1 } })) !== null;
  }
}
