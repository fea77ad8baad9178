import type { DataRights } from '../dataRights/dataRights';
import type { Assurance } from '../identity/assurance';
import type { ConsentLedger } from './ledger';

/**
 * Consent to be called back, as the scheduling conversation asks for it. What a claimed identity hears is
 * decided here: it never learns that someone else already said yes, and cannot undo an opt-out.
 */
export type CallbackConsentStatus = 'granted' | 'withdrawn' | 'none' | 'needs_verification';

export class CallbackConsent {
  constructor(
    private readonly ledger: ConsentLedger,
    private readonly rights: DataRights,
    private readonly clock: () => Date,
  ) {}

  async callbackConsent(person: { id: string; phoneE164: string; assurance: Assurance }): Promise<CallbackConsentStatus> {
    const [state, suppressed] = await Promise.all([this.ledger.stateOf(person.id), this.ledger.isSuppressed(person.phoneE164)]);
    const status = state.callbacks.status;
    const stopped = status === 'withdrawn' || (status !== 'granted' && suppressed);
    if (person.assurance === 'claimed') return stopped ? 'needs_verification' : 'none';
    return stopped ? 'withdrawn' : status;
  }

  async recordCallbackConsent(input: {
    phoneE164: string;
    granted: boolean;
    wording: string;
    personWords: string;
    channelId: string;
    assurance: Assurance;
  }): Promise<void> {
    await this.rights.recordConsent({
      phoneE164: input.phoneE164,
      event: input.granted ? 'granted' : 'withdrawn',
      scope: 'callbacks',
      channelId: input.channelId,
      wording: input.wording,
      personWords: input.personWords,
      source: 'bot',
      assurance: input.assurance,
      at: this.clock(),
    });
  }
}
