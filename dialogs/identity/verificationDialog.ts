import { Dialog, DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
import { formatPhone } from '../i18n/format';
import type { Language } from '../../services/language/language';
import { say } from '../i18n/strings';
import type { CallbackDeskPort, RightsPort } from '../ports';
import { readPhoneAnswer, replyToNoNumber } from './phoneQuestion';
import { turnAccount } from '../turnAccount';

export const VERIFICATION_DIALOG = 'verification';

/** What the person wanted when we asked them to prove the number; resumed once they have. */
export type VerifiedPurpose =
  | { then: 'export' | 'erase' | 'provenance' | 'opt_in' }
  /** Booking, consent, or seeing what is booked elsewhere: the scheduling flow, now with a verified identity. */
  | { then: 'dialog'; dialogId: string };

export interface VerificationOptions {
  language: Language;
  purpose: VerifiedPurpose;
  /** Known already (the person just typed it); else the number the account claims, else we ask. */
  phoneE164?: string;
  /** Why we ask, when it is more than "for that": the number has something pending we may not show. */
  reason?: 'heldElsewhere';
}

interface VerificationState extends VerificationOptions {
  stage: 'phone' | 'code';
}

export interface VerificationDependencies {
  rights: RightsPort;
  desk: Pick<CallbackDeskPort, 'normalisePhone'>;
  defaultPhoneCountry: string;
  /** Carries on with what the person asked for, now that the number is proved. */
  resume(dc: DialogContext, purpose: VerifiedPurpose, language: Language): Promise<DialogTurnResult>;
}

/** A one-time code to the number, typed back here: what turns a claimed identity into a verified one. */
export class VerificationDialog extends Dialog {
  constructor(private readonly deps: VerificationDependencies) {
    super(VERIFICATION_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: VerificationOptions): Promise<DialogTurnResult> {
    if (!options) return dc.endDialog();
    const { language } = options;
    await dc.context.sendActivity(say(language, options.reason ?? 'verifyNeeded'));
    if (!this.deps.rights.canVerify) return this.endWith(dc, say(language, 'verifyUnavailable'));
    const phone = options.phoneE164 ?? (await this.deps.rights.claimedNumber(turnAccount(dc.context)));
    dc.activeDialog!.state = { ...options, stage: 'phone' } satisfies VerificationState;
    if (!phone) {
      await dc.context.sendActivity(say(language, 'verifyAskPhone'));
      return Dialog.EndOfTurn;
    }
    return this.send(dc, phone);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as VerificationState;
    const text = (dc.context.activity.text ?? '').trim();
    if (state.stage === 'phone') {
      const phone = readPhoneAnswer(dc, text, state.language, this.deps, say(state.language, 'notDone'));
      if (phone.kind !== 'number') return replyToNoNumber(dc, phone);
      return this.send(dc, phone.e164);
    }
    if (!/^\D*(\d\D*){6}$/.test(text)) {
      await dc.context.sendActivity(say(state.language, 'verifyNotACode'));
      return Dialog.EndOfTurn;
    }
    const result = await this.deps.rights.confirmVerification(turnAccount(dc.context), text);
    switch (result.kind) {
      case 'verified':
        await dc.context.sendActivity(say(state.language, 'verifyDone'));
        await dc.endDialog();
        return this.deps.resume(dc, state.purpose, state.language);
      case 'wrong':
        await dc.context.sendActivity(say(state.language, 'verifyWrong', { left: String(result.triesLeft) }));
        return Dialog.EndOfTurn;
      default:
        return this.endWith(dc, say(state.language, 'verifyExpired'));
    }
  }

  private async send(dc: DialogContext, phoneE164: string): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as VerificationState;
    const { language } = state;
    const sent = await this.deps.rights.startVerification(turnAccount(dc.context), phoneE164, language);
    switch (sent.kind) {
      case 'sent':
        state.stage = 'code';
        await dc.context.sendActivity(
          say(language, 'verifySent', {
            channel: say(language, sent.channel === 'whatsapp' ? 'channelWhatsApp' : 'channelSms'),
            phone: formatPhone(phoneE164),
          }),
        );
        return Dialog.EndOfTurn;
      case 'rate_limited':
        return this.endWith(dc, say(language, 'verifyRateLimited'));
      case 'send_failed':
        return this.endWith(dc, say(language, 'verifySendFailed'));
      default:
        return this.endWith(dc, say(language, 'verifyUnavailable'));
    }
  }

  private async endWith(dc: DialogContext, text: string): Promise<DialogTurnResult> {
    await dc.context.sendActivity(text);
    return dc.endDialog();
  }
}
