import { DateTime } from 'luxon';
import { ActivityTypes } from 'botbuilder';
import { Dialog, DialogContext, DialogTurnResult, DialogTurnStatus } from 'botbuilder-dialogs';
import { recogniseRightsIntent, RightsIntent } from '../../services/consent/recogniser';
import { formatCallbackTime } from '../i18n/format';
import type { Language } from '../i18n/language';
import { say, StringKey } from '../i18n/strings';
import type { CallbackView, ProvenanceView, RightsPort } from '../ports';
import { promptWithChoices } from '../rendering/choices';
import { yesOrNo } from '../scheduling/answers';

export const RIGHTS_CONFIRMATION_DIALOG = 'rightsConfirmation';

type PendingAction =
  { action: 'export' | 'erase' } | { action: 'cancelWhich'; callback: { id: string; startUtc: string; timeZone: string } };

interface ConfirmationState {
  pending: PendingAction;
  language: Language;
}

export interface RightsDependencies {
  rights: RightsPort;
  /** Cancels one callback (the scheduling desk's job). */
  cancelCallback(callbackId: string): Promise<CallbackView | null>;
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
 * step of any flow. Returns undefined when the message exercises no right.
 */
export async function handleRights(
  dc: DialogContext,
  language: Language,
  deps: RightsDependencies,
  flowActive: boolean,
): Promise<DialogTurnResult | undefined> {
  const { text, channelId, from } = dc.context.activity;
  if (!text) return undefined;
  // Assume a pending callback first: only a bare "cancel" depends on it, and then we look.
  let intent: RightsIntent | null = recogniseRightsIntent(text, { hasPendingCallback: true });
  if (!intent) return undefined;
  if (intent.kind === 'ambiguous_cancel') {
    const pending = await deps.rights.pendingCallback(channelId, from.id);
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
      await optOut(dc, language, deps);
      return dc.endDialog();
    case 'opt_in': {
      const known = await deps.rights.optIn({ channelId, accountId: from.id, personWords: text, wording: say(language, 'optInDone') });
      await dc.cancelAllDialogs();
      if (known) await dc.context.sendActivity(say(language, 'optInDone'));
      // The scheduling flow takes over: with consent granted it asks when; a stranger is asked their number.
      return dc.beginDialog(deps.afterOptInDialogId);
    }
    case 'provenance_question':
      await dc.context.sendActivity(await provenanceAnswer(deps.rights, channelId, from.id, language));
      // Whatever the person was doing goes on; with nothing under way, the turn is complete.
      return flowActive ? Dialog.EndOfTurn : { status: DialogTurnStatus.complete };
    case 'export_request':
    case 'erasure_request': {
      await dc.cancelAllDialogs();
      const action = intent.kind === 'export_request' ? 'export' : 'erase';
      return dc.beginDialog(RIGHTS_CONFIRMATION_DIALOG, { pending: { action }, language } satisfies ConfirmationState);
    }
  }
}

async function optOut(dc: DialogContext, language: Language, deps: RightsDependencies): Promise<void> {
  const { text, channelId, from } = dc.context.activity;
  try {
    const receipt = await deps.rights.optOut({
      channelId,
      accountId: from.id,
      personWords: text ?? '',
      wording: say(language, 'optOutDone', { cancelled: '' }),
    });
    if (!receipt.personKnown) {
      await dc.context.sendActivity(say(language, 'optOutNoRecord'));
      return;
    }
    const cancelled = receipt.cancelled.map((c) => formatCallbackTime(c.startUtc, c.timeZone, language)).join(', ');
    await dc.context.sendActivity(say(language, 'optOutDone', { cancelled }));
  } catch {
    // Never claim an opt-out we could not write.
    await dc.context.sendActivity(say(language, 'optOutFailed'));
  }
}

async function provenanceAnswer(rights: RightsPort, channelId: string, accountId: string, language: Language): Promise<string> {
  const provenance = await rights.provenance(channelId, accountId);
  if (!provenance) return say(language, 'provenanceUnknown');
  const date = DateTime.fromJSDate(provenance.collectedAt)
    .setLocale(language === 'es' ? 'es-ES' : 'en-GB')
    .toFormat(language === 'es' ? "d 'de' LLLL 'de' yyyy" : 'd LLLL yyyy');
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
    const choices =
      pending.action === 'cancelWhich'
        ? [
            say(language, 'cancelOnlyCall', {
              when: formatCallbackTime(new Date(pending.callback.startUtc), pending.callback.timeZone, language),
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
    const { channelId, from } = dc.context.activity;
    if (pending.action === 'cancelWhich') {
      const onlyCall = say(language, 'cancelOnlyCall', {
        when: formatCallbackTime(new Date(pending.callback.startUtc), pending.callback.timeZone, language),
      });
      if (text === onlyCall || /\b(llamada|call|solo|only|1|primera|first)\b/i.test(text)) {
        const cancelled = await this.deps.cancelCallback(pending.callback.id);
        const when = formatCallbackTime(new Date(pending.callback.startUtc), pending.callback.timeZone, language);
        await dc.context.sendActivity(cancelled ? say(language, 'cancelled', { when }) : say(language, 'nothingToCancel'));
        return dc.endDialog();
      }
      // Anything else, including "stop all contact": never leave the person without the opt-out they asked for.
      await optOut(dc, language, this.deps);
      return dc.endDialog();
    }
    const yes = text === say(language, 'yes') ? true : text === say(language, 'no') ? false : yesOrNo(text);
    if (yes === null) return this.beginDialog(dc, { pending, language });
    if (!yes) {
      await dc.context.sendActivity(say(language, 'notDone'));
      return dc.endDialog();
    }
    try {
      if (pending.action === 'export') {
        const data = await this.deps.rights.exportData(channelId, from.id);
        if (!data) await dc.context.sendActivity(say(language, 'nothingHeld'));
        else await dc.context.sendActivity(exportActivity(data, say(language, 'exportReady'), language));
      } else {
        const erased = await this.deps.rights.erase(channelId, from.id);
        await this.deps.forgetPerson(dc);
        await dc.context.sendActivity(say(language, erased ? 'eraseDone' : 'nothingHeld'));
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
