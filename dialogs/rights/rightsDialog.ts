import { ActivityTypes } from 'botbuilder';
import { Dialog, DialogContext, DialogTurnResult, DialogTurnStatus } from 'botbuilder-dialogs';
import { recogniseRightsIntent, RightsIntent } from '../../services/consent/recogniser';
import { formatDate, formatDayAtTime } from '../../services/language/format';
import type { Language } from '../../services/language/language';
import { say, StringKey } from '../i18n/strings';
import type { OptOutOutcome, OptOutWording } from '../../services/dataRights/rightsDesk';
import { readPhoneAnswer, replyToNoNumber } from '../identity/phoneQuestion';
import { VERIFICATION_DIALOG, type VerificationOptions, type VerifiedPurpose } from '../identity/verificationDialog';
import type { CallbackDeskPort, CallbackView, ProvenanceView, RightsPort } from '../ports';
import { turnAccount } from '../turnAccount';
import { promptWithChoices } from '../rendering/choices';
import { meansOnlyTheCall, yesOrNo } from '../scheduling/answers';

export const RIGHTS_CONFIRMATION_DIALOG = 'rightsConfirmation';

type PendingAction =
  | { action: 'export' | 'erase' }
  | { action: 'cancelWhich'; callback: { id: string; startUtc: string; timeZone: string } }
  /** An opt-out from someone whose number we do not know: which number must not be called. */
  | { action: 'optOutNumber'; words: string };

interface ConfirmationState {
  pending: PendingAction;
  language: Language;
}

export interface RightsDependencies {
  rights: RightsPort;
  desk: Pick<CallbackDeskPort, 'normalisePhone'>;
  defaultPhoneCountry: string;
  /** Cancels one callback of the person, if this identity may (the scheduling desk's job). */
  cancelCallback(dc: DialogContext, callbackId: string): Promise<CallbackView | null>;
  /** The flow that takes over once a person asks to be called again. */
  afterOptInDialogId: string;
  /** Drops what the bot remembers of the person in this turn's state, so erasure is not undone on save. */
  forgetPerson(dc: DialogContext): Promise<void>;
}

const SOURCE_KEYS: Record<ProvenanceView['source'], StringKey> = {
  web_form: 'sourceWebForm',
  campaign: 'sourceCampaign',
  import: 'sourceImport',
  bot: 'sourceBot',
  admin: 'sourceAdmin',
};

/**
 * Rights come first in every turn: an opt-out is recorded before anything else happens, from any
 * step of any flow. Returns undefined when the message exercises no right. What needs a verified
 * identity (provenance, export, erasure, a new grant) goes through the one-time code first.
 */
export async function handleRights(
  dc: DialogContext,
  language: Language,
  deps: RightsDependencies,
  flowActive: boolean,
): Promise<DialogTurnResult | undefined> {
  const { text } = dc.context.activity;
  if (!text) return undefined;
  const account = turnAccount(dc.context);
  // Assume a pending callback first: only a bare "cancel" depends on it, and then we look.
  let intent: RightsIntent | null = recogniseRightsIntent(text, { hasPendingCallback: true });
  if (!intent) return undefined;
  if (intent.kind === 'ambiguous_cancel') {
    const pending = await deps.rights.pendingCallback(account);
    if (pending) {
      await dc.cancelAllDialogs();
      return dc.beginDialog(RIGHTS_CONFIRMATION_DIALOG, {
        pending: {
          action: 'cancelWhich',
          callback: { id: pending.id, startUtc: pending.startUtc.toISOString(), timeZone: pending.timeZone },
        },
        language,
      } satisfies ConfirmationState);
    }
    intent = { kind: 'opt_out', language: intent.language, matched: text };
  }
  switch (intent.kind) {
    case 'opt_out':
      await dc.cancelAllDialogs();
      return optOut(dc, language, deps, text);
    case 'opt_in': {
      await dc.cancelAllDialogs();
      const granted = await optIn(dc, language, deps, text);
      if (granted.kind === 'needs_verification') return verifyThen(dc, language, { then: 'opt_in' });
      // The scheduling flow takes over: with consent granted it asks when; a stranger is asked their number.
      return dc.beginDialog(deps.afterOptInDialogId);
    }
    case 'provenance_question': {
      const answer = await provenanceAnswer(deps.rights, dc, language);
      if (answer !== null) {
        await dc.context.sendActivity(answer);
        // Whatever the person was doing goes on; with nothing under way, the turn is complete.
        return flowActive ? Dialog.EndOfTurn : { status: DialogTurnStatus.complete };
      }
      await dc.cancelAllDialogs();
      return verifyThen(dc, language, { then: 'provenance' });
    }
    case 'export_request':
    case 'erasure_request': {
      await dc.cancelAllDialogs();
      const action = intent.kind === 'export_request' ? 'export' : 'erase';
      if ((await deps.rights.assuranceOf(account)) !== 'verified') return verifyThen(dc, language, { then: action });
      return dc.beginDialog(RIGHTS_CONFIRMATION_DIALOG, { pending: { action }, language } satisfies ConfirmationState);
    }
  }
}

function verifyThen(dc: DialogContext, language: Language, purpose: VerifiedPurpose): Promise<DialogTurnResult> {
  return dc.beginDialog(VERIFICATION_DIALOG, { language, purpose } satisfies VerificationOptions);
}

/** Carries on with a right once the number is proved (the verification dialog calls this). */
export async function resumeVerified(dc: DialogContext, purpose: VerifiedPurpose, language: Language, deps: RightsDependencies) {
  switch (purpose.then) {
    case 'dialog':
      return dc.beginDialog(purpose.dialogId);
    case 'provenance':
      await dc.context.sendActivity((await provenanceAnswer(deps.rights, dc, language)) ?? say(language, 'provenanceUnknown'));
      return dc.endDialog();
    case 'opt_in': {
      await optIn(dc, language, deps, 'verified by one-time code');
      return dc.beginDialog(deps.afterOptInDialogId);
    }
    case 'export':
    case 'erase':
      return dc.beginDialog(RIGHTS_CONFIRMATION_DIALOG, { pending: { action: purpose.then }, language } satisfies ConfirmationState);
  }
}

/** The confirmation of each outcome of an opt-out: the desk records the one it reaches, and that text is shown. */
function optOutWording(language: Language): OptOutWording {
  return (outcome) => say(language, outcome === 'done' ? 'optOutDone' : outcome === 'no_record' ? 'optOutNoRecord' : 'optOutUndisclosed');
}

/** A new grant of calls: the wording recorded with it is the very text shown. */
async function optIn(dc: DialogContext, language: Language, deps: RightsDependencies, personWords: string) {
  const wording = say(language, 'optInDone');
  const granted = await deps.rights.optIn(turnAccount(dc.context), { personWords, wording });
  if (granted.kind === 'ok') await dc.context.sendActivity(wording);
  return granted;
}

async function optOut(dc: DialogContext, language: Language, deps: RightsDependencies, words: string): Promise<DialogTurnResult> {
  try {
    const outcome = await deps.rights.optOut(turnAccount(dc.context), { personWords: words, wording: optOutWording(language) });
    await reportOptOut(dc, language, outcome);
    if (outcome.kind === 'need_number') {
      return dc.beginDialog(RIGHTS_CONFIRMATION_DIALOG, {
        pending: { action: 'optOutNumber', words },
        language,
      } satisfies ConfirmationState);
    }
  } catch {
    // Never claim an opt-out we could not write.
    await dc.context.sendActivity(say(language, 'optOutFailed'));
  }
  return dc.endDialog();
}

/** The confirmation exactly as recorded with the event; then, on its own, any call it cancelled that this identity may see. */
async function reportOptOut(dc: DialogContext, language: Language, outcome: OptOutOutcome): Promise<void> {
  if (outcome.kind === 'need_number') {
    await dc.context.sendActivity(say(language, 'optOutNumberAsk'));
    return;
  }
  await dc.context.sendActivity(outcome.wording);
  for (const call of outcome.disclosed ? outcome.cancelled : outcome.ownCancelled) {
    await dc.context.sendActivity(say(language, 'optOutCancelled', { when: formatDayAtTime(call.startUtc, call.timeZone, language) }));
  }
}

/** The answer to "where did you get my number?" for a verified identity; null when the person must prove the number first. */
async function provenanceAnswer(rights: RightsPort, dc: DialogContext, language: Language): Promise<string | null> {
  const result = await rights.provenance(turnAccount(dc.context));
  if (result.kind !== 'ok') return null;
  const provenance = result.value;
  if (!provenance) return say(language, 'provenanceUnknown');
  // The day as the server's clock reads it (UTC in our containers); the port gives no zone of the person here.
  const date = formatDate(provenance.collectedAt, 'UTC', language);
  return say(language, 'provenanceAnswer', {
    how: say(language, SOURCE_KEYS[provenance.source]),
    date,
    campaign: provenance.campaign ?? '',
    detail: provenance.detail ?? '',
  });
}

/** The one question a right may need before acting: which cancel, or "are you sure". */
export class RightsConfirmationDialog extends Dialog {
  constructor(private readonly deps: RightsDependencies) {
    super(RIGHTS_CONFIRMATION_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: ConfirmationState): Promise<DialogTurnResult> {
    if (!options) return dc.endDialog();
    dc.activeDialog!.state = options;
    const { pending, language } = options;
    // The number was asked for with the opt-out's own reply; the answer comes next turn.
    if (pending.action === 'optOutNumber') return Dialog.EndOfTurn;
    const choices =
      pending.action === 'cancelWhich'
        ? [
            say(language, 'cancelOnlyCall', {
              when: formatDayAtTime(new Date(pending.callback.startUtc), pending.callback.timeZone, language),
            }),
            say(language, 'stopAllContact'),
          ]
        : [say(language, 'yes'), say(language, 'no')];
    const question = pending.action === 'cancelWhich' ? 'cancelWhich' : pending.action === 'export' ? 'confirmExport' : 'confirmErase';
    await dc.context.sendActivity(
      promptWithChoices(
        dc.context.activity.channelId,
        say(language, question),
        choices.map((title) => ({ title })),
      ),
    );
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const { pending, language } = dc.activeDialog!.state as ConfirmationState;
    const text = (dc.context.activity.text ?? '').trim();
    const account = turnAccount(dc.context);
    if (pending.action === 'optOutNumber') {
      const phone = readPhoneAnswer(dc, text, language, this.deps, say(language, 'optOutNumberDeclined'));
      if (phone.kind !== 'number') return replyToNoNumber(dc, phone);
      try {
        const words = { personWords: `${pending.words} → ${text}`, wording: optOutWording(language) };
        await reportOptOut(dc, language, await this.deps.rights.optOutNumber(account, phone.e164, words));
      } catch {
        await dc.context.sendActivity(say(language, 'optOutFailed'));
      }
      return dc.endDialog();
    }
    if (pending.action === 'cancelWhich') {
      const onlyCall = say(language, 'cancelOnlyCall', {
        when: formatDayAtTime(new Date(pending.callback.startUtc), pending.callback.timeZone, language),
      });
      if (text === onlyCall || meansOnlyTheCall(text)) {
        const cancelled = await this.deps.cancelCallback(dc, pending.callback.id);
        const when = formatDayAtTime(new Date(pending.callback.startUtc), pending.callback.timeZone, language);
        await dc.context.sendActivity(cancelled ? say(language, 'cancelled', { when }) : say(language, 'nothingToCancel'));
        return dc.endDialog();
      }
      // Anything else, including "stop all contact": never leave the person without the opt-out they asked for.
      await dc.endDialog();
      return optOut(dc, language, this.deps, text);
    }
    const yes = text === say(language, 'yes') ? true : text === say(language, 'no') ? false : yesOrNo(text);
    if (yes === null) return this.beginDialog(dc, { pending, language });
    if (!yes) {
      await dc.context.sendActivity(say(language, 'notDone'));
      return dc.endDialog();
    }
    try {
      if (pending.action === 'export') {
        const data = await this.deps.rights.exportData(account);
        if (data.kind !== 'ok' || !data.value) await dc.context.sendActivity(say(language, 'nothingHeld'));
        else await dc.context.sendActivity(exportActivity(data.value, say(language, 'exportReady'), language));
      } else {
        const erased = await this.deps.rights.erase(account);
        await this.deps.forgetPerson(dc);
        await dc.context.sendActivity(say(language, erased.kind === 'ok' && erased.value ? 'eraseDone' : 'nothingHeld'));
      }
    } catch {
      await dc.context.sendActivity(say(language, 'rightsFailed'));
    }
    return dc.endDialog();
  }
}

function exportActivity(data: Record<string, unknown>, text: string, language: Language) {
  const json = JSON.stringify(data, null, 2);
  return {
    type: ActivityTypes.Message,
    text,
    attachments: [
      {
        contentType: 'application/json',
        name: language === 'es' ? 'mis-datos.json' : 'my-data.json',
        contentUrl: `data:application/json;base64,${Buffer.from(json).toString('base64')}`,
      },
    ],
  };
}
