import { randomUUID } from 'node:crypto';
import { Collection } from 'mongodb';

export const CALL_PURPOSES = ['acquisition', 'upsell', 'service'] as const;
export type CallPurpose = (typeof CALL_PURPOSES)[number];
export const CALL_OUTCOMES = ['answered', 'no_answer', 'busy', 'voicemail', 'refused'] as const;

export interface CallAttemptDocument {
  _id: string;
  personId: string | null;
  phoneE164: string;
  at: Date;
  purpose: CallPurpose;
  outcome: (typeof CALL_OUTCOMES)[number];
  agentKeyId: string;
}

/** Calls agents and dialers made, counted for the frequency cap. */
export class CallAttempts {
  constructor(
    private readonly attempts: Collection<CallAttemptDocument>,
    /** Told of every attempt written (the person's timeline); never fails the write it reports. */
    private readonly recorded: (attempt: CallAttemptDocument) => Promise<void> = () => Promise.resolve(),
  ) {}

  async record(attempt: Omit<CallAttemptDocument, '_id'>): Promise<CallAttemptDocument> {
    const document = { _id: randomUUID(), ...attempt };
    await this.attempts.insertOne(document);
    await this.recorded(document);
    return document;
  }

  /** Attempts to this number since `since`, oldest first. */
  since(phoneE164: string, since: Date): Promise<CallAttemptDocument[]> {
    return this.attempts
      .find({ phoneE164, at: { $gte: since } })
      .sort({ at: 1 })
      .toArray();
  }
}
