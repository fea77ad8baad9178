import type { Collection } from 'mongodb';
import { z } from 'zod';
import { isDuplicateKeyError } from '../store/errors';
import type { InboundMessage } from './webhookPayload';

/** One inbound message, recorded once (its `_id` is the wamid) before the webhook answers 200. */
export interface InboxDocument {
  _id: string;
  status: 'pending' | 'done';
  receivedAt: Date;
  /** Order within a delivery: several messages of one person arrive in one payload. */
  seq: number;
  phoneNumberId: string;
  waId?: string;
  name?: string;
  sentAt?: Date;
  kind: InboundMessage['kind'];
  messageType: string;
  text?: string;
  replyId?: string;
  doneAt?: Date;
}

const pendingSchema = z.object({
  _id: z.string(),
  status: z.literal('pending'),
  receivedAt: z.date(),
  seq: z.number(),
  phoneNumberId: z.string(),
  waId: z.string(),
  name: z.string().optional(),
  sentAt: z.date().optional(),
  kind: z.enum(['text', 'button_reply', 'list_reply', 'template_button', 'unsupported']),
  messageType: z.string(),
  text: z.string().optional(),
  replyId: z.string().optional(),
});

export type PendingInboxItem = z.infer<typeof pendingSchema>;

export class WhatsAppInbox {
  constructor(private readonly inbox: Collection<InboxDocument>) {}

  /** Records each message once; a message Meta already delivered is a duplicate and counted as such. */
  async record(messages: readonly InboundMessage[], receivedAt: Date): Promise<{ recorded: string[]; duplicates: string[] }> {
    const recorded: string[] = [];
    const duplicates: string[] = [];
    for (const [seq, message] of messages.entries()) {
      const document: InboxDocument = {
        _id: message.wamid,
        status: 'pending',
        receivedAt,
        seq,
        phoneNumberId: message.phoneNumberId,
        waId: message.waId,
        kind: message.kind,
        messageType: message.messageType,
        ...(message.name !== undefined ? { name: message.name } : {}),
        ...(message.sentAt ? { sentAt: message.sentAt } : {}),
        ...(message.text !== undefined ? { text: message.text } : {}),
        ...(message.replyId !== undefined ? { replyId: message.replyId } : {}),
      };
      try {
        await this.inbox.insertOne(document);
        recorded.push(message.wamid);
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        duplicates.push(message.wamid);
      }
    }
    return { recorded, duplicates };
  }

  /** Messages not answered yet, oldest first (an equality lookup on `status`). */
  async pending(limit = 100): Promise<PendingInboxItem[]> {
    const documents = await this.inbox.find({ status: 'pending' }).limit(limit).toArray();
    return documents
      .map((document) => pendingSchema.safeParse(document))
      .filter((result) => result.success)
      .map((result) => result.data)
      .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.seq - b.seq);
  }

  async isPending(wamid: string): Promise<boolean> {
    return (await this.inbox.findOne({ _id: wamid, status: 'pending' }, { projection: { _id: 1 } })) !== null;
  }

  /**
   * Answered: the wamid stays (Meta may still retry it for days), what the person wrote and who they are go,
   * so the inbox holds no personal data once it has done its job.
   */
  async complete(wamid: string, at: Date): Promise<void> {
    await this.inbox.updateOne(
      { _id: wamid },
      { $set: { status: 'done', doneAt: at }, $unset: { text: '', name: '', replyId: '', waId: '' } },
    );
  }

  /** Meta stops retrying a delivery after a few days: past that, an answered message's wamid can go. */
  async sweepAnswered(before: Date): Promise<number> {
    return (await this.inbox.deleteMany({ status: 'done', doneAt: { $lt: before } })).deletedCount;
  }
}
