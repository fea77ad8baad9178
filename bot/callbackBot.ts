import {
  ActivityHandler,
  AdaptiveCardInvokeResponse,
  AdaptiveCardInvokeValue,
  ConversationState,
  StatePropertyAccessor,
  TurnContext,
} from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { MainDialog } from '../dialogs/mainDialog';
import type { TellingView } from '../dialogs/ports';
import { answeredCard, CHOICE_VERB } from '../dialogs/rendering/choices';

/**
 * Receives every activity and runs the main dialog. State is loaded and saved around it by the
 * OrderedTurns middleware (one read, one write, turns of a conversation in order), not here.
 */
export class CallbackBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;

  constructor(
    conversationState: ConversationState,
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
  }

  /**
   * The logic of a proactive turn we start to tell the person something about their call (bot/promises): never
   * reachable from an activity a client sends, so nobody can make the bot "remind" them of someone else's call.
   */
  async tell(context: TurnContext, telling: TellingView): Promise<void> {
    await this.dialog.tell(context, this.dialogState, telling);
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
    // The state is saved by OrderedTurns once this returns, before the invoke response goes back.
    await this.dialog.run(context, this.dialogState);
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: answered };
  }
}
