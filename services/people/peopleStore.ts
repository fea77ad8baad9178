import { randomUUID } from 'node:crypto';
import { Collection } from 'mongodb';
import { channelAccountKey, ChannelAccountDocument, CustomerRelation, PersonDocument, personFromDocument, Provenance } from './person';
import { ImportRow, upsertPeople } from './importPeople';
import { numberProvenBy } from './phone';
import { isDuplicateKeyError } from '../store/errors';
import { readOncePerTurn } from '../store/turnReads';
import type { Assurance, ChannelAccountRef, VerifiedBy } from '../identity/assurance';
import type { Language } from '../language/language';

export { normalisePhone } from './phone';
export type { ImportRow } from './importPeople';

export interface NewPersonDefaults {
  provenance: Provenance;
  timeZone?: string;
  region?: string;
  language?: Language;
  existingCustomer?: boolean;
  customer?: CustomerRelation | null;
}

export type PersonPatch = Partial<
  Pick<PersonDocument, 'timeZone' | 'region' | 'language' | 'existingCustomer' | 'customer' | 'provenance'>
>;

export interface AccountLink {
  person: PersonDocument;
  assurance: Assurance;
}

/** People, one per phone number, and the channel accounts that lead to them. */
export class PeopleStore {
  constructor(
    private readonly people: Collection<PersonDocument>,
    private readonly accounts: Collection<ChannelAccountDocument>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async get(personId: string): Promise<PersonDocument | null> {
    return readPerson(await readOncePerTurn(this.people.collectionName, personId, () => this.people.findOne({ _id: personId })));
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
  async upsertByPhone(
    phoneE164: string,
    patch: PersonPatch,
    defaults: NewPersonDefaults,
  ): Promise<{ person: PersonDocument; created: boolean }> {
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
    const updated = await this.people.findOneAndUpdate(
      { _id: personId },
      { $set: { ...definedOnly(patch), updatedAt: this.clock() } },
      { returnDocument: 'after' },
    );
    if (!updated) throw new Error(`no person ${personId}`);
    return personFromDocument(updated);
  }

  /**
   * Creates or updates many people (an import): new numbers are inserted in one batch, known ones updated.
   * Known ones keep their provenance unless the row brings one. Answers how many were new.
   */
  upsertMany(rows: readonly ImportRow[]): Promise<{ created: number; updated: number }> {
    return upsertPeople(this.people, rows, this.clock());
  }

  /**
   * Links a channel account to a person; answers the person it pointed to before, if another. A claimed
   * link never downgrades a verified link to the same person (typing one's own number again proves nothing
   * less); a link to another person starts over at the assurance given.
   */
  async linkChannelAccount(
    channelId: string,
    accountId: string,
    personId: string,
    assurance: Assurance = 'claimed',
    verifiedBy: VerifiedBy | null = null,
  ): Promise<string | null> {
    const link = { _id: channelAccountKey(channelId, accountId) };
    const current = await channelAccountOnce(this.accounts, link._id);
    const keepsVerified = assurance === 'claimed' && current?.personId === personId && current.assurance === 'verified';
    const fields = keepsVerified ? { personId } : { personId, assurance, verifiedBy: assurance === 'verified' ? verifiedBy : null };
    const values = { ...fields, channelId, accountId, linkedAt: this.clock() };
    // A new link is inserted rather than upserted (FerretDB 1.24 reads the whole collection for an upsert that
    // matches nothing); two first links of one account at once: the loser's _id collides, and it updates.
    const inserted = current
      ? false
      : await this.accounts.insertOne({ verifiedBy: null, ...values, ...link }).then(
          () => true,
          (error: unknown) => {
            if (!isDuplicateKeyError(error)) throw error;
            return false;
          },
        );
    if (!inserted) await this.accounts.updateOne(link, { $set: values });
    return current && current.personId !== personId ? current.personId : null;
  }

  /**
   * The person a channel account leads to, and how sure we are that the account is that person. An account
   * the channel did not vouch for this turn is only ever claimed, whatever its link says: anyone can send
   * its id. On WhatsApp (vouched) the account id is the number itself, so a person known from any channel
   * is found there without a link, verified by the number.
   */
  async accountLink(account: ChannelAccountRef): Promise<AccountLink | null> {
    const link = await channelAccountOnce(this.accounts, channelAccountKey(account.channelId, account.accountId));
    const ownNumber = numberProvenBy(account);
    if (ownNumber) {
      const person = link ? await this.get(link.personId) : null;
      const byNumber = person?.phoneE164 === ownNumber ? person : await this.getByPhone(ownNumber);
      if (!byNumber) return null;
      if (link?.personId !== byNumber._id || link.assurance !== 'verified') {
        await this.linkChannelAccount(account.channelId, account.accountId, byNumber._id, 'verified', 'whatsapp_number');
      }
      return { person: byNumber, assurance: 'verified' };
    }
    if (!link) return null;
    const person = await this.get(link.personId);
    if (!person) return null;
    return { person, assurance: account.vouched && link.assurance === 'verified' ? 'verified' : 'claimed' };
  }

  /** The person behind a channel account, whatever the assurance: for what is always safe (an opt-out). */
  async personForChannelAccount(account: ChannelAccountRef): Promise<PersonDocument | null> {
    return (await this.accountLink(account))?.person ?? null;
  }

  channelAccountsOf(personId: string): Promise<ChannelAccountDocument[]> {
    return this.accounts.find({ personId }).toArray();
  }
}

/** A channel account by key, read once per turn (the transcript, the identity check and the desks all ask). */
export function channelAccountOnce(accounts: Collection<ChannelAccountDocument>, key: string): Promise<ChannelAccountDocument | null> {
  return readOncePerTurn(accounts.collectionName, key, () => accounts.findOne({ _id: key }));
}

/** The driver would write an undefined value as null: a field left out of a patch must stay as it is. */
function definedOnly(patch: PersonPatch): PersonPatch {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
}

function readPerson(document: PersonDocument | null): PersonDocument | null {
  return document ? personFromDocument(document) : null;
}
