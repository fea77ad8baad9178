import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import { LOCAL_DIRECTLINE_SERVICE_URL } from '../directline/adapter';
import type { ConversationReferences } from './conversationReferences';

interface LocalDirectLine {
  continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void>;
}

/** The WhatsApp channel's side: a person is reached by their number, no stored reference needed. */
interface WhatsAppReach {
  continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void>;
  referenceFor(phoneNumberId: string, waId: string): Partial<ConversationReference>;
}

/**
 * Writes to a person in the conversation they last used on a channel, later than their own message (a
 * reminder, an agent's note). Teams and Azure Direct Line go through the Bot Connector adapter; the local
 * Direct Line through its own adapter, so the message lands in its store and on the page's stream.
 */
export class ProactiveMessenger {
  constructor(
    private readonly references: ConversationReferences,
    private readonly botConnector: CloudAdapter,
    private readonly botAppId: string,
    private readonly localDirectLine: LocalDirectLine | undefined,
    private readonly whatsapp?: { adapter: WhatsAppReach; phoneNumberId: string },
  ) {}

  /** False when the bot has never heard from that account on that channel. */
  sendText(channelId: string, accountId: string, text: string): Promise<boolean> {
    return this.continueWith(channelId, accountId, async (context) => {
      await context.sendActivity(text);
    });
  }

  /**
   * Runs `logic` as a turn of the account's conversation on its channel (through the app's turn middleware, so
   * its state and transcript are the conversation's own). False when the account cannot be reached there.
   */
  async continueWith(channelId: string, accountId: string, logic: (context: TurnContext) => Promise<void>): Promise<boolean> {
    if (channelId === 'whatsapp') {
      if (!this.whatsapp) return false;
      await this.whatsapp.adapter.continueConversation(this.whatsapp.adapter.referenceFor(this.whatsapp.phoneNumberId, accountId), logic);
      return true;
    }
    const reference = await this.references.find(channelId, accountId);
    if (!reference) return false;
    // A new message of the conversation: not a reply to the continuation's made-up event (a thread, on Teams).
    const given = logic;
    logic = (context) => {
      delete context.activity.id;
      return given(context);
    };
    if (reference.serviceUrl === LOCAL_DIRECTLINE_SERVICE_URL) {
      if (!this.localDirectLine) return false;
      await this.localDirectLine.continueConversation(reference, logic);
    } else {
      await this.botConnector.continueConversationAsync(this.botAppId, reference, logic);
    }
    return true;
  }
}
