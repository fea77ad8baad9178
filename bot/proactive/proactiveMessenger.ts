import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import { LOCAL_DIRECTLINE_SERVICE_URL } from '../directline/adapter';
import type { ConversationReferences } from './conversationReferences';

interface LocalDirectLine {
  continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void>;
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
  ) {}

  /** False when the bot has never heard from that account on that channel. */
  async sendText(channelId: string, accountId: string, text: string): Promise<boolean> {
    const reference = await this.references.find(channelId, accountId);
    if (!reference) return false;
    const logic = async (context: TurnContext) => {
      await context.sendActivity(text);
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
