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

  /** False when the bot has never heard from that account on that channel, or cannot write there now. */
  async sendText(channelId: string, accountId: string, text: string): Promise<boolean> {
    return (await this.deliver(channelId, accountId, text)) === 'sent';
  }

  /**
   * Writes the text, or says why it cannot: no stored reference (the bot never heard from that account), or
   * a reference this process has no way to write through (a local Direct Line conversation with Azure's in use).
   * A failure of the channel itself (the Bot Connector refused it) is thrown, for the caller to try again.
   */
  async deliver(channelId: string, accountId: string, text: string): Promise<'sent' | 'no_reference' | 'channel_not_reachable'> {
    const reference = await this.references.find(channelId, accountId);
    if (!reference) return 'no_reference';
    // Caught here, not by the adapter's onTurnError, which would log it and answer as if it had been written.
    let failure: { error: unknown } | undefined;
    const logic = async (context: TurnContext) => {
      await context.sendActivity(text).catch((error: unknown) => (failure = { error }));
    };
    if (reference.serviceUrl === LOCAL_DIRECTLINE_SERVICE_URL) {
      if (!this.localDirectLine) return 'channel_not_reachable';
      await this.localDirectLine.continueConversation(reference, logic);
    } else {
      await this.botConnector.continueConversationAsync(this.botAppId, reference, logic);
    }
    if (failure) throw failure.error;
    return 'sent';
  }
}
