import { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { ComponentDialog, DialogContext, DialogSet, DialogState, DialogTurnResult, DialogTurnStatus } from 'botbuilder-dialogs';
import { say } from './i18n/strings';
import type { RightsPort, TellingView } from './ports';
import { choiceFromSubmit } from './rendering/choices';
import { VerificationDialog } from './identity/verificationDialog';
import { handleRights, resumeVerified, RightsConfirmationDialog, RightsDependencies } from './rights/rightsDialog';
import { reportsFault } from '../services/handoff/recognisers';
import { isHelpRequest, isStartOver } from './scheduling/answers';
import { SCHEDULING_DIALOG, SchedulingDependencies, SchedulingDialog, type SchedulingOptions } from './scheduling/schedulingDialog';
import { turnAccount } from './turnAccount';
import { isReturningPerson, languageForTurn, UserProfileAccessor } from './userProfile';

const RETURNING_PERSON = Symbol('returningPerson');

export interface ConversationFlags {
  greeted?: boolean;
}

export interface MainDialogDependencies extends SchedulingDependencies {
  rights: RightsPort;
}

/**
 * The conversation's root. Interruptions live here, in onContinueDialog, so no flow can forget them:
 * help and start over at any step. Everything else goes to the scheduling flow.
 */
export class MainDialog extends ComponentDialog {
  constructor(
    private readonly profiles: UserProfileAccessor,
    private readonly flags: StatePropertyAccessor<ConversationFlags>,
    deps: MainDialogDependencies,
  ) {
    super('MainDialog');
    this.rightsDeps = {
      rights: deps.rights,
      desk: deps.desk,
      defaultPhoneCountry: deps.defaultPhoneCountry,
      cancelCallback: async (dc, callbackId) => {
        const person = await deps.desk.personForAccount(turnAccount(dc.context));
        return person ? deps.desk.cancel(person, callbackId, 'cancelled by the person in chat') : null;
      },
      afterOptInDialogId: SCHEDULING_DIALOG,
      forgetPerson: (dc) => this.profiles.delete(dc.context),
    };
    this.addDialog(new SchedulingDialog(deps));
    this.addDialog(new RightsConfirmationDialog(this.rightsDeps));
    this.addDialog(
      new VerificationDialog({
        rights: deps.rights,
        desk: deps.desk,
        defaultPhoneCountry: deps.defaultPhoneCountry,
        resume: (dc, purpose, language) => resumeVerified(dc, purpose, language, this.rightsDeps),
      }),
    );
    this.initialDialogId = SCHEDULING_DIALOG;
  }

  private readonly rightsDeps: RightsDependencies;

  /**
   * A turn we start (services/promises, through a proactive turn): whatever the conversation was doing gives way
   * to what we have to tell the person about their call, asked with its choices so the answer lands here.
   */
  async tell(context: TurnContext, dialogState: StatePropertyAccessor<DialogState>, telling: TellingView): Promise<void> {
    const dialogSet = new DialogSet(dialogState);
    dialogSet.add(this);
    const dialogContext = await dialogSet.createContext(context);
    await dialogContext.cancelAllDialogs();
    const options: SchedulingOptions = { telling };
    await dialogContext.beginDialog(this.id, options);
  }

  /** Runs one turn of the dialog stack kept in conversation state. */
  async run(context: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<void> {
    // A card button that posted data instead of text (Action.Submit without imBack) answers like typing its title.
    const submitted = context.activity.text ? undefined : choiceFromSubmit(context.activity);
    if (submitted) context.activity.text = submitted;
    const dialogSet = new DialogSet(dialogState);
    dialogSet.add(this);
    const dialogContext = await dialogSet.createContext(context);
    const result = await dialogContext.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dialogContext.beginDialog(this.id);
  }

  /**
   * The first thing a person hears in a conversation, once: who we are and, for a newcomer, how to stop
   * all contact (GDPR art. 21(4): the right to object is shown at the first communication).
   */
  async greet(context: TurnContext): Promise<void> {
    const flags = await this.flags.get(context, {});
    if (flags.greeted) return;
    const returning = context.turnState.get<boolean | undefined>(RETURNING_PERSON) ?? (await isReturningPerson(context, this.profiles));
    const language = await languageForTurn(context, this.profiles);
    await this.flags.set(context, { ...flags, greeted: true });
    await context.sendActivity(say(language, returning ? 'greetingReturning' : 'greetingNew'));
  }

  protected override async onBeginDialog(inner: DialogContext, options?: SchedulingOptions): Promise<DialogTurnResult> {
    if (options?.telling) return inner.beginDialog(SCHEDULING_DIALOG, options);
    const interrupted = await this.interrupt(inner, false);
    if (interrupted) return interrupted;
    await this.greet(inner.context);
    await this.acknowledgeFault(inner.context);
    return super.onBeginDialog(inner, options);
  }

  protected override async onContinueDialog(inner: DialogContext): Promise<DialogTurnResult> {
    return (await this.interrupt(inner, true)) ?? super.onContinueDialog(inner);
  }

  private async interrupt(inner: DialogContext, active: boolean): Promise<DialogTurnResult | undefined> {
    // Before anything marks the person as seen this turn, remember whether we knew them.
    if (!inner.context.turnState.has(RETURNING_PERSON)) {
      inner.context.turnState.set(RETURNING_PERSON, await isReturningPerson(inner.context, this.profiles));
    }
    const text = inner.context.activity.text;
    const language = await languageForTurn(inner.context, this.profiles);
    // Rights first, before anything else in the turn: an opt-out is written before any other reply.
    const rights = await handleRights(inner, language, this.rightsDeps, active);
    if (rights) return rights;
    if (isHelpRequest(text)) {
      await this.greet(inner.context);
      await inner.context.sendActivity(say(language, 'help'));
      return { status: active ? DialogTurnStatus.waiting : DialogTurnStatus.complete };
    }
    if (text && isStartOver(text)) {
      await inner.context.sendActivity(say(language, 'startOver'));
      await inner.cancelAllDialogs();
      return inner.beginDialog(SCHEDULING_DIALOG);
    }
    // A fault is not an answer to the question on screen: acknowledge it and ask that question again.
    if (active && inner.activeDialog?.id === SCHEDULING_DIALOG && (await this.acknowledgeFault(inner.context))) {
      await inner.repromptDialog();
      return { status: DialogTurnStatus.waiting };
    }
    return undefined;
  }

  /**
   * "El router no funciona": the person hears it was taken down for whoever calls them (the transcript opens
   * it as a problem on their timeline with the same recogniser, and sales calls wait until it is resolved).
   */
  private async acknowledgeFault(context: TurnContext): Promise<boolean> {
    const text = context.activity.text;
    if (!text || !reportsFault(text)) return false;
    await context.sendActivity(say(await languageForTurn(context, this.profiles), 'faultNoted'));
    return true;
  }
}
