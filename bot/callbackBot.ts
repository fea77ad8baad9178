import { ActivityHandler, ConversationState, UserState } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { MainDialog } from '../dialogs/mainDialog';

/** Receives every activity, runs the main dialog, and saves state once at the end of the turn. */
export class CallbackBot extends ActivityHandler {
  constructor(conversationState: ConversationState, userState: UserState, dialog: MainDialog) {
    super();
    const dialogState = conversationState.createProperty<DialogState>('dialogState');

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
}
