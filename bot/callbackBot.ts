import { ActivityHandler, ConversationState } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { MainDialog } from '../dialogs/mainDialog';

/**
 * Receives every activity and runs the main dialog. State is loaded and saved around it by the
 * OrderedTurns middleware (one read, one write, turns of a conversation in order), not here.
 */
export class CallbackBot extends ActivityHandler {
  constructor(conversationState: ConversationState, dialog: MainDialog) {
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
  }
}
