import { ConversationReference, Middleware, TurnContext } from 'botbuilder';
import type { Collection } from 'mongodb';
import { z } from 'zod';
import type { ConversationReferenceDocument } from '../../services/store/database';
import { isDuplicateKeyError } from '../../services/store/errors';

const referenceSchema = z
  .object({
    channelId: z.string(),
    serviceUrl: z.string(),
    conversation: z.object({ id: z.string() }).passthrough(),
    user: z.object({ id: z.string() }).passthrough().optional(),
    bot: z.object({ id: z.string() }).passthrough().optional(),
  })
  .passthrough();

// Channels whose conversations the bot can write into later: Teams through the Bot Connector, Web Chat
// through Direct Line (Azure's or ours). Others (the Emulator, WhatsApp's own adapter) are left out.
export const PROACTIVE_CHANNELS: ReadonlySet<string> = new Set(['msteams', 'directline', 'webchat']);
const REMEMBERED = 10_000;

/** Where the bot can reach each person's account again: written as they talk, read for proactive messages. */
export class ConversationReferences {
  // What this process last wrote per account, so an unchanged reference costs no write.
  private readonly written = new Map<string, string>();

  constructor(
    private readonly collection: Collection<ConversationReferenceDocument>,
    private readonly clock: () => Date,
  ) {}

  async remember(reference: Partial<ConversationReference>): Promise<void> {
    const accountId = reference.user?.id;
    if (!reference.channelId || !accountId || !reference.conversation?.id || !reference.serviceUrl) return;
    const _id = `${reference.channelId}:${accountId}`;
    // The activity it came with changes every turn and is no place to write to later: kept out, so an
    // unchanged reference costs no write (and a proactive message is a new post, not a reply to an old one).
    const { activityId: _activity, ...lasting } = reference;
    const text = JSON.stringify(lasting);
    if (this.written.get(_id) === text) return;
    await this.replace(_id, { channelId: reference.channelId, accountId, reference: text, updatedAt: this.clock() });
    if (this.written.size >= REMEMBERED) this.written.delete(this.written.keys().next().value!);
    this.written.set(_id, text);
  }

  async find(channelId: string, accountId: string): Promise<Partial<ConversationReference> | null> {
    const document = await this.collection.findOne({ _id: `${channelId}:${accountId}` });
    // Validated for the fields a proactive turn needs; the rest is botbuilder's own shape, kept as written.
    return document ? (referenceSchema.parse(JSON.parse(document.reference)) as unknown as Partial<ConversationReference>) : null;
  }

  /**
   * A whole conversation rather than one person's account (the agents' Teams channel): kept under
   * "conversation:<id>" beside the accounts' references, in the same collection and shape.
   */
  async rememberConversation(reference: Partial<ConversationReference>): Promise<void> {
    const conversationId = reference.conversation?.id;
    if (!reference.channelId || !conversationId || !reference.serviceUrl) return;
    await this.replace(`conversation:${conversationId}`, {
      channelId: reference.channelId,
      accountId: '',
      reference: JSON.stringify(reference),
      updatedAt: this.clock(),
    });
  }

  async findConversation(conversationId: string): Promise<Partial<ConversationReference> | null> {
    const document = await this.collection.findOne({ _id: `conversation:${conversationId}` });
    return document ? (referenceSchema.parse(JSON.parse(document.reference)) as unknown as Partial<ConversationReference>) : null;
  }

  /**
   * Written when it changed, which is mostly a first message: an insert, then a replace if it existed (or
   * another first message of the account won the insert). Not an upsert: FerretDB 1.24 answers an upsert
   * that matches nothing by reading the whole collection.
   */
  private async replace(_id: string, document: Omit<ConversationReferenceDocument, '_id'>): Promise<void> {
    try {
      await this.collection.insertOne({ _id, ...document });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      await this.collection.replaceOne({ _id }, document);
    }
  }

  /** Turn middleware: remembers the reference of every person who writes on a channel we can reach later. */
  middleware(): Middleware {
    return {
      onTurn: async (context: TurnContext, next: () => Promise<void>) => {
        const { activity } = context;
        const fromPerson = activity.from?.id && activity.from.id !== activity.recipient?.id;
        if (fromPerson && PROACTIVE_CHANNELS.has(activity.channelId) && (activity.type === 'message' || activity.type === 'invoke')) {
          await this.remember(TurnContext.getConversationReference(activity));
        }
        await next();
      },
    };
  }
}
