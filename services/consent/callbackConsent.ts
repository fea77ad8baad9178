import type { ConsentLedger } from './ledger';

/** Consent to be called back, as the scheduling conversation asks for it and records the answer. */
export class CallbackConsent {
  constructor(
    private readonly ledger: ConsentLedger,
    private readonly clock: () => Date,
  ) {}

  async callbackConsent(personId: string): Promise<'granted' | 'withdrawn' | 'none'> {
    return (await this.ledger.stateOf(personId)).callbacks.status;
  }

  async recordCallbackConsent(input: {
    personId: string;
    phoneE164: string;
    granted: boolean;
    wording: string;
    personWords: string;
    channelId: string;
  }): Promise<void> {
    await this.ledger.record({
      personId: input.personId,
      event: input.granted ? 'granted' : 'withdrawn',
      scope: 'callbacks',
      channelId: input.channelId,
      wording: input.wording,
      personWords: input.personWords,
      source: 'bot',
      at: this.clock(),
    });
    // Saying yes again, in their own words, is the explicit new grant that lifts an earlier opt-out.
    if (input.granted) await this.ledger.liftSuppression(input.phoneE164);
  }
}
