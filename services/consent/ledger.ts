import { createHmac } from 'node:crypto';
import { Collection, ObjectId } from 'mongodb';
import type { Assurance } from '../identity/assurance';

export const CONSENT_SCOPES = ['callbacks', 'marketing_messages', 'whatsapp_messages', 'all'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];
export type ConsentSource = 'bot' | 'admin_api' | 'import' | 'agent';

/** One thing a person said about being contacted. Never updated, never deleted (erasure excepted). */
export interface ConsentEventDocument {
  /** An ObjectId: it grows with time, so events written in the same millisecond keep their order. */
  _id: ObjectId;
  personId: string;
  event: 'granted' | 'withdrawn';
  scope: ConsentScope;
  channelId: string | null;
  /** The exact words the person was shown when asked (or the confirmation they got). */
  wording: string;
  /** What the person wrote, when it came from them. */
  personWords: string | null;
  source: ConsentSource;
  /** For events the person gave in chat: whether the account was verified as theirs. */
  assurance?: Assurance;
  at: Date;
}

export interface SuppressionDocument {
  /** HMAC-SHA256 of the E.164 number: survives erasure without keeping the number. */
  _id: string;
  reason: 'opted_out' | 'erased';
  at: Date;
}

export type ScopeState = { status: 'granted' | 'withdrawn' | 'none'; at: Date | null; wording: string | null };
export type ConsentState = Record<Exclude<ConsentScope, 'all'>, ScopeState>;

const SCOPES = ['callbacks', 'marketing_messages', 'whatsapp_messages'] as const;

/**
 * Acknowledged by a majority and journaled: an opt-out the bot confirms must survive any crash (RGPD art. 21.3:
 * after an objection the data are no longer processed for direct marketing; a lost write would call them again).
 * MongoDB and FerretDB 1.24 both accept this write concern (test/integration/consentLedger.test.ts).
 */
export const DURABLE = { writeConcern: { w: 'majority' as const, j: true } };

export function phoneHash(secret: string, phoneE164: string): string {
  return createHmac('sha256', secret).update(phoneE164).digest('hex');
}

/** The consent ledger: append-only events per person; the current state is derived, never stored. */
export class ConsentLedger {
  constructor(
    private readonly events: Collection<ConsentEventDocument>,
    private readonly suppressions: Collection<SuppressionDocument>,
    private readonly hashSecret: string,
    private readonly clock: () => Date = () => new Date(),
    /** Told of every event appended (the person's timeline); never fails the write it reports. */
    private readonly recorded: (event: ConsentEventDocument) => Promise<void> = () => Promise.resolve(),
  ) {
    if (hashSecret.length === 0) throw new RangeError('the phone hash secret is empty: suppressions would be reversible');
  }

  /** Appends one event, durably. RGPD art. 7.1: we must be able to show what the person agreed to, so the wording is required. */
  async record(event: Omit<ConsentEventDocument, '_id'>): Promise<ConsentEventDocument> {
    if (event.wording.trim() === '') throw new RangeError('a consent event needs the exact wording the person saw');
    const document = { _id: new ObjectId(), ...event };
    await this.events.insertOne(document, DURABLE);
    await this.recorded(document);
    return document;
  }

  /** Stop all contact: one "withdrawn" event for every scope, durable before this returns. */
  optOutEverywhere(input: {
    personId: string;
    channelId: string | null;
    personWords: string | null;
    wording: string;
    source: ConsentSource;
    at?: Date;
  }): Promise<ConsentEventDocument> {
    const { at, ...rest } = input;
    return this.record({ ...rest, at: at ?? this.clock(), event: 'withdrawn', scope: 'all' });
  }

  async history(personId: string): Promise<ConsentEventDocument[]> {
    return this.events.find({ personId }).sort({ at: 1, _id: 1 }).toArray();
  }

  /** The latest word wins: a withdrawal of "all" withdraws every scope; a later grant re-grants just its own. */
  async stateOf(personId: string): Promise<ConsentState> {
    return deriveConsentState(await this.history(personId));
  }

  /** Keyed by a salted hash, so it can outlive the person's erasure without keeping their number. */
  async suppress(phoneE164: string, reason: SuppressionDocument['reason'], at: Date): Promise<void> {
    await this.suppressions.updateOne(
      { _id: phoneHash(this.hashSecret, phoneE164) },
      { $setOnInsert: { reason, at } },
      { upsert: true, ...DURABLE },
    );
  }

  async isSuppressed(phoneE164: string): Promise<boolean> {
    return (await this.suppressions.countDocuments({ _id: phoneHash(this.hashSecret, phoneE164) }, { limit: 1 })) > 0;
  }

  /**
   * An explicit new grant of calls ("callbacks" or "all") from the person lifts an earlier suppression of their
   * number, even after erasure: consent given afresh (RGPD art. 7) overrides the earlier objection.
   */
  async liftSuppression(phoneE164: string): Promise<void> {
    await this.suppressions.deleteOne({ _id: phoneHash(this.hashSecret, phoneE164) }, DURABLE);
  }
}

/** Events oldest first; the latest word wins per scope, and "all" speaks for every scope. */
export function deriveConsentState(events: readonly Pick<ConsentEventDocument, 'event' | 'scope' | 'at' | 'wording'>[]): ConsentState {
  const state = Object.fromEntries(SCOPES.map((scope) => [scope, { status: 'none', at: null, wording: null }])) as ConsentState;
  for (const event of events) {
    const scopes = event.scope === 'all' ? SCOPES : [event.scope];
    for (const scope of scopes) state[scope] = { status: event.event, at: event.at, wording: event.wording };
  }
  return state;
}

/** Grants and withdrawals that speak about calls, the scope contactability and suppression follow. */
export function concernsCalls(scope: ConsentScope): boolean {
  return scope === 'callbacks' || scope === 'all';
}
