import { randomUUID } from 'node:crypto';
import { Collection } from 'mongodb';
import { phoneHash } from '../consent/ledger';
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

export interface ExclusionEntryDocument {
  /** "<list>:<generation>:<hash>": a lookup is one read by _id. */
  _id: string;
  list: ExclusionListId;
  generation: string;
  /** HMAC-SHA256 of the E.164 number, the same as suppressions: the lists' numbers are not kept in clear. */
  hash: string;
  importedAt: Date;
}

export interface ImportReport {
  list: ExclusionListId;
  imported: number;
  rejected: Array<{ line: number; reason: string }>;
  refreshedAt: string;
}

/** Nothing valid in the file: replacing the list with it would silently unlist everyone, so the list is kept. */
export class EmptyExclusionListError extends Error {
  constructor(readonly list: ExclusionListId, readonly rejected: ImportReport['rejected']) {
    super(`no valid phone number in the file for ${list}; the current list is kept`);
  }
}

const BATCH = 1_000;
// A generation not switched to within a day belongs to an import that died; the next import sweeps it.
const ABANDONED_AFTER_MS = 86_400_000;

/**
 * External exclusion lists, stored as salted hashes. A refresh replaces the whole list: the new generation is
 * written first and switched to in one single-document update, so a half-finished import never changes any
 * answer; then the generation it replaced is deleted (only that one, so a concurrent import keeps its entries).
 */
export class ExclusionLists {
  constructor(
    private readonly lists: Collection<ExclusionListDocument>,
    private readonly entries: Collection<ExclusionEntryDocument>,
    private readonly hashSecret: string,
  ) {}

  async import(list: ExclusionListId, csvText: string, now: Date): Promise<ImportReport> {
    const { phones, rejected } = parseExclusionCsv(csvText, EXCLUSION_LISTS[list].country);
    if (phones.length === 0) throw new EmptyExclusionListError(list, rejected);
    const generation = randomUUID();
    const documents = phones.map((phone) => {
      const hash = phoneHash(this.hashSecret, phone);
      return { _id: `${list}:${generation}:${hash}`, list, generation, hash, importedAt: now };
    });
    for (let i = 0; i < documents.length; i += BATCH) await this.entries.insertMany(documents.slice(i, i + BATCH), { ordered: false });
    const replaced = await this.lists.findOneAndUpdate(
      { _id: list },
      { $set: { currentGeneration: generation, refreshedAt: now, count: documents.length } },
      { upsert: true, returnDocument: 'before' },
    );
    if (replaced) await this.entries.deleteMany({ list, generation: replaced.currentGeneration });
    await this.entries.deleteMany({ list, generation: { $ne: generation }, importedAt: { $lt: new Date(now.getTime() - ABANDONED_AFTER_MS) } });
    return { list, imported: documents.length, rejected, refreshedAt: now.toISOString() };
  }

  async status(): Promise<ExclusionListDocument[]> {
    return this.lists.find({}).sort({ _id: 1 }).toArray();
  }

  async listDocument(list: ExclusionListId): Promise<ExclusionListDocument | null> {
    return this.lists.findOne({ _id: list });
  }

  async isListed(list: ExclusionListDocument, phoneE164: string): Promise<boolean> {
    const id = `${list._id}:${list.currentGeneration}:${phoneHash(this.hashSecret, phoneE164)}`;
    return (await this.entries.findOne({ _id: id }, { projection: { _id: 1 } })) !== null;
  }
}
