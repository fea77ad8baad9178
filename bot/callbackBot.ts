import {
  ActivityHandler,
  AdaptiveCardInvokeResponse,
  AdaptiveCardInvokeValue,
  ConversationState,
  StatePropertyAccessor,
  TurnContext,
  UserState,
} from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { MainDialog } from '../dialogs/mainDialog';
import { answeredCard, CHOICE_VERB } from '../dialogs/rendering/choices';

/** Receives every activity, runs the main dialog, and saves state once at the end of the turn. */
export class CallbackBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;

  constructor(
    private readonly conversationState: ConversationState,
    private readonly userState: UserState,
    private readonly dialog: MainDialog,
  ) {
    super();
    const dialogState = conversationState.createProperty<DialogState>('dialogState');
    this.dialogState = dialogState;

    this.onMessage(async (context, next) => {
      await dialog.run(context, dialogState);
      await next();
    });

    // Web Chat and Teams announce both the bot and the person joining, sometimes more than once:
    // greet one time per conversation, and only for someone other than the bot.
    this.onMembersAdded(async (context, next) => {
      const someoneElseJoined = (context.activity.membersAdded ?? []).some((m) => m.id !== context.activity.recipient.id);
      if (someoneElseJoined) await dialog.greet(context);
      await next();
    });

    this.onDialog(async (context, next) => {
      await conversationState.saveChanges(context, false);
      await userState.saveChanges(context, false);
      await next();
    });
  }

  /**
   * A tap on a Teams card button (Action.Execute): the choice goes into the dialog as if typed, and the card
   * is replaced by the question with the answer given, so it cannot be tapped twice.
   */
  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invoke: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const answered = invoke.action.verb === CHOICE_VERB ? answeredCard(context.activity) : undefined;
    if (!answered) {
      return {
        statusCode: 400,
        type: 'application/vnd.microsoft.error',
        value: { code: 'BadRequest', message: `expected the "${CHOICE_VERB}" verb with a choice` },
      };
    }
    await this.dialog.run(context, this.dialogState);
    // The handler's own save runs un-awaited after an invoke; save before the invoke response goes back.
    await this.conversationState.saveChanges(context, false);
    await this.userState.saveChanges(context, false);
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: answered };
  }
}
