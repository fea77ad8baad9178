import { Collection } from 'mongodb';

/** How to reach a conversation proactively, as the channel described it (a Bot Framework ConversationReference). */
export interface ConversationReferenceDocument {
  _id: string;
  reference: Record<string, unknown>;
  updatedAt: Date;
}

export class ConversationReferences {
  constructor(private readonly references: Collection<ConversationReferenceDocument>) {}

  async remember(conversationId: string, reference: Record<string, unknown>, at: Date): Promise<void> {
    await this.references.updateOne({ _id: conversationId }, { $set: { reference, updatedAt: at } }, { upsert: true });
  }

  async get(conversationId: string): Promise<Record<string, unknown> | null> {
    return (await this.references.findOne({ _id: conversationId }))?.reference ?? null;
  }
}
