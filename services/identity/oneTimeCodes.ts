import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Collection } from 'mongodb';
import { phoneHash } from '../consent/ledger';
import { channelAccountKey } from '../people/person';
import type { PeopleStore } from '../people/peopleStore';
import { isDuplicateKeyError } from '../store/errors';
import type { ChannelAccountRef } from './assurance';
import type { OneTimeCodeSender } from './oneTimeCode';
import type { Language } from '../language/language';

export interface OneTimeCodeDocument {
  /** "<channelId>:<account id>" */
  _id: string;
  challengeId: string;
  /** The number being proved; kept only while the code is open (10 minutes). */
  phoneE164: string;
  /** HMAC of the code with the phone-hash secret: a database read does not reveal a live code. */
  codeHash: string;
  issuedAt: Date;
  expiresAt: Date;
}

export interface OneTimeCodeSlotDocument {
  _id: string;
  at: Date;
}

export const CODE_VALID_MS = 10 * 60_000;
export const MAX_TRIES = 5;
/** Codes sent per hour: per number (so nobody floods a stranger's phone) and per account (so nobody tries many numbers). */
export const SENDS_PER_HOUR_PER_NUMBER = 3;
export const SENDS_PER_HOUR_PER_ACCOUNT = 5;
const HOUR = 3_600_000;

export type StartResult =
  | { kind: 'sent'; channel: OneTimeCodeSender['channel'] }
  | { kind: 'no_sender' }
  /** The account is not one the channel vouches for: a code proved there would bind nothing. */
  | { kind: 'unverifiable_account' }
  | { kind: 'rate_limited' }
  | { kind: 'send_failed' };

export type ConfirmResult =
  /** personId null: the number is proved, and we hold nothing on it. */
  | { kind: 'verified'; phoneE164: string; personId: string | null }
  | { kind: 'wrong'; triesLeft: number }
  | { kind: 'expired' }
  | { kind: 'exhausted' }
  | { kind: 'none' };

/**
 * Proof that a person holds a number: a 6-digit code sent to it over a channel that reaches it, typed back
 * on the account that asked. Valid 10 minutes, 5 tries, sends rate-limited per number and per account.
 */
export interface OneTimeCodesDependencies {
  codes: Collection<OneTimeCodeDocument>;
  slots: Collection<OneTimeCodeSlotDocument>;
  people: PeopleStore;
  hashSecret: string;
  /** WhatsApp's authentication template or the SMS webhook; null when neither is configured. */
  sender: OneTimeCodeSender | null;
  clock: () => Date;
}

export class OneTimeCodes {
  private readonly codes: Collection<OneTimeCodeDocument>;
  private readonly slots: Collection<OneTimeCodeSlotDocument>;
  private readonly people: PeopleStore;
  private readonly hashSecret: string;
  private readonly sender: OneTimeCodeSender | null;
  private readonly clock: () => Date;

  constructor(deps: OneTimeCodesDependencies) {
    ({
      codes: this.codes,
      slots: this.slots,
      people: this.people,
      hashSecret: this.hashSecret,
      sender: this.sender,
      clock: this.clock,
    } = deps);
  }

  get canSend(): boolean {
    return this.sender !== null;
  }

  async start(account: ChannelAccountRef, input: { phoneE164: string; language: Language }): Promise<StartResult> {
    const sender = this.sender;
    if (!sender) return { kind: 'no_sender' };
    if (!account.vouched) return { kind: 'unverifiable_account' };
    const now = this.clock();
    const hour = Math.floor(now.getTime() / HOUR);
    const accountKey = channelAccountKey(account.channelId, account.accountId);
    const numberOk = await this.takeSlot(`send:n:${phoneHash(this.hashSecret, input.phoneE164)}:${hour}`, SENDS_PER_HOUR_PER_NUMBER, now);
    if (numberOk === null) return { kind: 'rate_limited' };
    if ((await this.takeSlot(`send:a:${accountKey}:${hour}`, SENDS_PER_HOUR_PER_ACCOUNT, now)) === null) return { kind: 'rate_limited' };
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const challengeId = randomUUID();
    const document: OneTimeCodeDocument = {
      _id: accountKey,
      challengeId,
      phoneE164: input.phoneE164,
      codeHash: this.hash(challengeId, code),
      issuedAt: now,
      expiresAt: new Date(now.getTime() + CODE_VALID_MS),
    };
    await this.codes.replaceOne({ _id: accountKey }, document, { upsert: true });
    try {
      await sender.send({ phoneE164: input.phoneE164, code, language: input.language });
    } catch {
      await this.codes.deleteOne({ _id: accountKey, challengeId });
      return { kind: 'send_failed' };
    }
    return { kind: 'sent', channel: sender.channel };
  }

  async confirm(account: ChannelAccountRef, typed: string): Promise<ConfirmResult> {
    const accountKey = channelAccountKey(account.channelId, account.accountId);
    const challenge = await this.codes.findOne({ _id: accountKey });
    if (!challenge) return { kind: 'none' };
    const now = this.clock();
    if (challenge.expiresAt <= now) return { kind: 'expired' };
    const tryNumber = await this.takeSlot(`try:${challenge.challengeId}`, MAX_TRIES, now);
    if (tryNumber === null) return { kind: 'exhausted' };
    const given = Buffer.from(this.hash(challenge.challengeId, typed.replace(/\D/g, '')));
    const expected = Buffer.from(challenge.codeHash);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      const triesLeft = MAX_TRIES - tryNumber;
      return triesLeft > 0 ? { kind: 'wrong', triesLeft } : { kind: 'exhausted' };
    }
    // Only the challenge this code belongs to: a newer code asked for meanwhile stays open.
    await this.codes.deleteOne({ _id: accountKey, challengeId: challenge.challengeId });
    const person = await this.people.getByPhone(challenge.phoneE164);
    if (person) await this.people.linkChannelAccount(account.channelId, account.accountId, person._id, 'verified', 'one_time_code');
    return { kind: 'verified', phoneE164: challenge.phoneE164, personId: person?._id ?? null };
  }

  /** Takes the first free of `limit` numbered slots under `prefix`; null when all are taken. */
  private async takeSlot(prefix: string, limit: number, at: Date): Promise<number | null> {
    for (let n = 1; n <= limit; n++) {
      try {
        await this.slots.insertOne({ _id: `${prefix}:${n}`, at });
        return n;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    return null;
  }

  private hash(challengeId: string, code: string): string {
    return createHmac('sha256', this.hashSecret).update(`${challengeId}:${code}`).digest('hex');
  }
}
