import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import { LOCAL_DIRECTLINE_SERVICE_URL } from '../directline/adapter';
import type { ConversationReferences } from './conversationReferences';

interface LocalDirectLine {
  continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void>;
}

/** What became of a proactive turn: written, or why it could not be. */
export type Delivery = 'sent' | 'no_reference' | 'channel_not_reachable';

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

  /** False when the bot has never heard from that account on that channel, or cannot write there now. */
  async sendText(channelId: string, accountId: string, text: string): Promise<boolean> {
    return (await this.deliver(channelId, accountId, text)) === 'sent';
  }

  /** Writes the text, or says why it cannot (see continueWith). */
  deliver(channelId: string, accountId: string, text: string): Promise<Delivery> {
    return this.continueWith(channelId, accountId, async (context) => {
      await context.sendActivity(text);
    });
  }

  /**
   * Runs `logic` as a turn of the account's conversation on its channel (through the app's turn middleware, so
   * its state and transcript are the conversation's own), or says why it cannot: no stored reference (the bot
   * never heard from that account), or a channel this process cannot write through (WhatsApp not configured, a
   * local Direct Line conversation with Azure's in use). A failure of the channel itself (the Bot Connector or
   * Meta refused it) is thrown, for the caller to try again.
   */
  async continueWith(
    channelId: string,
    accountId: string,
    logic: (context: TurnContext) => Promise<void>,
    /** On WhatsApp, the business number to write from (a team's own); else WHATSAPP_PHONE_NUMBER_ID. */
    whatsAppFrom?: string,
  ): Promise<Delivery> {
    // Caught here, not by the adapter's onTurnError, which would log it and answer as if it had been written.
    let failure: { error: unknown } | undefined;
    const run = async (context: TurnContext) => {
      // A new message of the conversation: not a reply to the continuation's made-up event (a thread, on Teams).
      delete context.activity.id;
      await logic(context).catch((error: unknown) => (failure = { error }));
    };
    if (channelId === 'whatsapp') {
      if (!this.whatsapp) return 'channel_not_reachable';
      const from = whatsAppFrom ?? this.whatsapp.phoneNumberId;
      await this.whatsapp.adapter.continueConversation(this.whatsapp.adapter.referenceFor(from, accountId), run);
    } else {
      const reference = await this.references.find(channelId, accountId);
      if (!reference) return 'no_reference';
      if (reference.serviceUrl === LOCAL_DIRECTLINE_SERVICE_URL) {
        if (!this.localDirectLine) return 'channel_not_reachable';
        await this.localDirectLine.continueConversation(reference, run);
      } else {
        await this.botConnector.continueConversationAsync(this.botAppId, reference, run);
      }
    }
    if (failure) throw failure.error;
    return 'sent';
  }
}
