import { randomUUID } from 'node:crypto';
import { Collection, MongoBulkWriteError, MongoServerError } from 'mongodb';
import { channelAccountKey, ChannelAccountDocument, CustomerRelation, PersonDocument, personFromDocument, Provenance } from './person';
import { normalisePhone } from './phone';
import { isDuplicateKeyError } from '../store/errors';

export { normalisePhone } from './phone';

export interface NewPersonDefaults {
  provenance: Provenance;
  timeZone?: string;
  region?: string;
  language?: 'es' | 'en';
  existingCustomer?: boolean;
  customer?: CustomerRelation | null;
}

export type PersonPatch = Partial<Pick<PersonDocument, 'timeZone' | 'region' | 'language' | 'existingCustomer' | 'customer' | 'provenance'>>;

/** People, one per phone number, and the channel accounts that lead to them. */
export class PeopleStore {
  constructor(
    private readonly people: Collection<PersonDocument>,
    private readonly accounts: Collection<ChannelAccountDocument>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async get(personId: string): Promise<PersonDocument | null> {
    return readPerson(await this.people.findOne({ _id: personId }));
  }

  async getByPhone(phoneE164: string): Promise<PersonDocument | null> {
    return readPerson(await this.people.findOne({ phoneE164 }));
  }

  /** One atomic upsert; two first contacts racing on one number still make one person. */
  async findOrCreateByPhone(phoneE164: string, defaults: NewPersonDefaults): Promise<PersonDocument> {
    return (await this.upsertByPhone(phoneE164, {}, defaults)).person;
  }

  /**
   * Applies `patch` to the person with this number, creating them from `defaults` when there is none, in one
   * write; answers whether this call created them (an admin PUT answers 201 or 200 from it, race-free).
   */
  async upsertByPhone(phoneE164: string, patch: PersonPatch, defaults: NewPersonDefaults): Promise<{ person: PersonDocument; created: boolean }> {
    const now = this.clock();
    const id = randomUUID();
    const changes = definedOnly(patch);
    const fresh: Omit<PersonDocument, 'phoneE164'> = {
      _id: id,
      timeZone: defaults.timeZone ?? null,
      region: defaults.region ?? null,
      language: defaults.language ?? null,
      existingCustomer: defaults.existingCustomer ?? false,
      customer: defaults.customer ?? null,
      provenance: defaults.provenance,
      createdAt: now,
      updatedAt: now,
    };
    // MongoDB refuses one path in both $set and $setOnInsert: what the patch sets is left out of the insert.
    const patching = Object.keys(changes).length > 0;
    const onInsert = Object.fromEntries(Object.entries(fresh).filter(([key]) => !(key in changes) && !(patching && key === 'updatedAt')));
    const update = patching ? { $set: { ...changes, updatedAt: now }, $setOnInsert: onInsert } : { $setOnInsert: onInsert };
    // A lost race on a new number is a duplicate key on phoneE164; the next attempt then finds that person.
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const document = await this.people.findOneAndUpdate({ phoneE164 }, update, { upsert: true, returnDocument: 'after' });
        if (document) {
          const person = personFromDocument(document);
          return { person, created: person._id === id };
        }
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    throw new Error(`person ${phoneE164} could not be created or read back`);
  }

  async update(personId: string, patch: PersonPatch): Promise<PersonDocument> {
    const updated = await this.people.findOneAndUpdate({ _id: personId }, { $set: { ...definedOnly(patch), updatedAt: this.clock() } }, { returnDocument: 'after' });
    if (!updated) throw new Error(`no person ${personId}`);
    return personFromDocument(updated);
  }

  /**
   * Creates or updates many people (an import): new numbers are inserted in one batch, known ones updated.
   * Known ones keep their provenance unless the row brings one. Answers how many were new.
   */
  async upsertMany(rows: Array<{ phoneE164: string; patch: PersonPatch; provenance: Provenance }>): Promise<{ created: number; updated: number }> {
    const now = this.clock();
    const known = new Set(
      (await this.people.find({ phoneE164: { $in: rows.map((r) => r.phoneE164) } }, { projection: { phoneE164: 1 } }).toArray()).map((p) => p.phoneE164),
    );
    const fresh = rows.filter((r) => !known.has(r.phoneE164));
    // One insert batch, not an upsert per row: FerretDB answers a batch of inserts many times faster.
    const documents: PersonDocument[] = fresh.map(({ phoneE164, patch, provenance }) => ({
      _id: randomUUID(), phoneE164, timeZone: null, region: null, language: null, existingCustomer: false, customer: null,
      provenance, createdAt: now, updatedAt: now, ...patch,
    }));
    let raced: typeof rows = [];
    if (documents.length > 0) {
      try {
        await this.people.insertMany(documents, { ordered: false });
      } catch (error) {
        if (!(error instanceof MongoBulkWriteError) || !isDuplicateKeyError(firstWriteError(error))) throw error;
        // Someone created a few of these meanwhile: those rows become updates.
        const failed = new Set((Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors]).map((e) => e.index));
        raced = fresh.filter((_, index) => failed.has(index));
      }
    }
    const updates = [...rows.filter((r) => known.has(r.phoneE164)), ...raced].filter((r) => Object.keys(r.patch).length > 0);
    if (updates.length > 0) {
      await this.people.bulkWrite(updates.map(({ phoneE164, patch }) => ({ updateOne: { filter: { phoneE164 }, update: { $set: { ...patch, updatedAt: now } } } })), { ordered: false });
    }
    return { created: fresh.length - raced.length, updated: rows.length - fresh.length + raced.length };
  }

  /** Links a channel account to a person; answers the person it pointed to before, if another. */
  async linkChannelAccount(channelId: string, accountId: string, personId: string): Promise<string | null> {
    const link = { _id: channelAccountKey(channelId, accountId) };
    const update = { $set: { personId, channelId, accountId, linkedAt: this.clock() } };
    let before: ChannelAccountDocument | null;
    try {
      before = await this.accounts.findOneAndUpdate(link, update, { upsert: true, returnDocument: 'before' });
    } catch (error) {
      // Two first messages from one account upserting at once: the loser's _id collides; the link exists now.
      if (!isDuplicateKeyError(error)) throw error;
      before = await this.accounts.findOneAndUpdate(link, update, { returnDocument: 'before' });
    }
    return before && before.personId !== personId ? before.personId : null;
  }

  /**
   * The person behind a channel account. On WhatsApp the account id is the phone number itself, so a
   * person known from any channel is found there without a link (and the link is made).
   */
  async personForChannelAccount(channelId: string, accountId: string): Promise<PersonDocument | null> {
    const link = await this.accounts.findOne({ _id: channelAccountKey(channelId, accountId) });
    if (link) return this.get(link.personId);
    if (channelId !== 'whatsapp') return null;
    const phone = normalisePhone(accountId.startsWith('+') ? accountId : `+${accountId}`);
    if (!phone.ok) return null;
    const person = await this.getByPhone(phone.e164);
    if (person) await this.linkChannelAccount(channelId, accountId, person._id);
    return person;
  }

  channelAccountsOf(personId: string): Promise<ChannelAccountDocument[]> {
    return this.accounts.find({ personId }).toArray();
  }
}

/** The driver would write an undefined value as null: a field left out of a patch must stay as it is. */
function definedOnly(patch: PersonPatch): PersonPatch {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
}

function readPerson(document: PersonDocument | null): PersonDocument | null {
  return document ? personFromDocument(document) : null;
}

function firstWriteError(error: MongoBulkWriteError): MongoServerError {
  const first = Array.isArray(error.writeErrors) ? error.writeErrors[0] : error.writeErrors;
  return new MongoServerError({ message: first?.errmsg ?? error.message, code: first?.code ?? error.code });
}
