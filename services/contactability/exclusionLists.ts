import { randomUUID } from 'node:crypto';
import { Collection } from 'mongodb';
import { phoneHash } from '../consent/ledger';
import { normalisePhone } from '../people/phone';

/** Public do-not-call lists we screen marketing calls against, and the country whose numbers each covers. */
export const EXCLUSION_LISTS = {
  // Spain: Lista Robinson (Adigital), consulted under LGTel art. 66.1.b and RGPD/LOPDGDD art. 23.4.
  'es-robinson': { country: 'ES', name: 'Lista Robinson' },
  // Spain: Stop Publicidad, the other advertising exclusion service operating in Spain.
  'es-stop-publicidad': { country: 'ES', name: 'Stop Publicidad' },
  // United States: the National Do Not Call Registry (47 CFR 64.1200(c)(2)).
  'us-dnc': { country: 'US', name: 'National Do Not Call Registry' },
} as const;

export type ExclusionListId = keyof typeof EXCLUSION_LISTS;

export function isExclusionListId(value: string): value is ExclusionListId {
  return Object.prototype.hasOwnProperty.call(EXCLUSION_LISTS, value);
}

export interface ExclusionListDocument {
  _id: ExclusionListId;
  currentGeneration: string;
  refreshedAt: Date;
  count: number;
}

export interface ExclusionEntryDocument {
  /** "<list>:<generation>:<hash>" */
  _id: string;
  list: ExclusionListId;
  generation: string;
  hash: string;
}

export interface ImportReport {
  list: ExclusionListId;
  imported: number;
  rejected: Array<{ line: number; reason: string }>;
  refreshedAt: string;
}

const BATCH = 1_000;

/**
 * External exclusion lists, stored as salted hashes. A refresh replaces the whole list: the new generation is
 * written first and switched to in one update, so a half-finished import never changes any answer.
 */
export class ExclusionLists {
  constructor(
    private readonly lists: Collection<ExclusionListDocument>,
    private readonly entries: Collection<ExclusionEntryDocument>,
    private readonly hashSecret: string,
  ) {}

  async import(list: ExclusionListId, csvText: string, now: Date): Promise<ImportReport> {
    const country = EXCLUSION_LISTS[list].country;
    const generation = randomUUID();
    const rejected: ImportReport['rejected'] = [];
    const hashes = new Set<string>();
    csvText.split(/\r?\n/).forEach((line, index) => {
      const cell = line.split(/[,;\t]/)[0]?.trim().replace(/^"|"$/g, '') ?? '';
      if (!cell || (index === 0 && !/\d/.test(cell))) return; // blank line or header
      const phone = normalisePhone(cell, country);
      if (phone.ok) hashes.add(phoneHash(this.hashSecret, phone.e164));
      else rejected.push({ line: index + 1, reason: `"${cell.slice(0, 30)}" is not a valid ${country} phone number` });
    });
    const documents = [...hashes].map((hash) => ({ _id: `${list}:${generation}:${hash}`, list, generation, hash }));
    for (let i = 0; i < documents.length; i += BATCH) await this.entries.insertMany(documents.slice(i, i + BATCH), { ordered: false });
    await this.lists.updateOne({ _id: list }, { $set: { currentGeneration: generation, refreshedAt: now, count: documents.length } }, { upsert: true });
    await this.entries.deleteMany({ list, generation: { $ne: generation } });
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
    return (await this.entries.countDocuments({ _id: id }, { limit: 1 })) > 0;
  }
}
