import { randomUUID } from 'node:crypto';
import type { Collection } from 'mongodb';
import { z } from 'zod';
import { outboundMessageSchema, OutboundMessage } from './outboundMessage';
import { LANGUAGES, type Language } from '../language/language';

export type TemplatePurpose = 'reminder' | 'apology' | 'follow_up';

/**
 * An outbound message that did not go out: `pending` ones are retried (never dropped), `failed` ones were
 * refused by Meta for good (kept so someone can see them), `held` ones need a template nobody configured.
 */
export interface OutboxDocument {
  _id: string;
  status: 'pending' | 'sent' | 'failed' | 'held';
  phoneNumberId: string;
  to: string;
  /** JSON text of the Graph API body: template bodies carry field names Meta chose, kept verbatim. */
  message?: string;
  /** If the 24-hour window has closed by the time of a retry, this template says it instead. */
  purpose: TemplatePurpose;
  language: Language;
  attempts: number;
  createdAt: Date;
  /** Order of writing, in this process: one turn's messages share an instant of the app's clock. */
  order: number;
  nextAttemptAt: Date;
  lastError?: { status: number; metaCode?: number };
  sentAt?: Date;
}

const itemSchema = z.object({
  _id: z.string(),
  status: z.enum(['pending', 'sent', 'failed', 'held']),
  phoneNumberId: z.string(),
  to: z.string(),
  message: z.string().transform((text, ctx) => {
    const parsed = outboundMessageSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: 'custom', message: 'stored message no longer within Meta limits' });
    return z.NEVER;
  }),
  purpose: z.enum(['reminder', 'apology', 'follow_up']),
  language: z.enum(LANGUAGES),
  attempts: z.number(),
  createdAt: z.date(),
  order: z.number(),
  nextAttemptAt: z.date(),
});

export type OutboxItem = z.infer<typeof itemSchema>;

export interface NewOutboxItem {
  status: 'pending' | 'failed' | 'held';
  phoneNumberId: string;
  to: string;
  message: OutboundMessage;
  purpose: TemplatePurpose;
  language: Language;
  attempts: number;
  lastError?: { status: number; metaCode?: number };
}

let lastOrder = 0;
function nextOrder(): number {
  lastOrder = Math.max(lastOrder + 1, Date.now() * 1000);
  return lastOrder;
}

export class WhatsAppOutbox {
  constructor(private readonly outbox: Collection<OutboxDocument>) {}

  async add(item: NewOutboxItem, createdAt: Date, nextAttemptAt: Date): Promise<string> {
    const _id = randomUUID();
    await this.outbox.insertOne({ ...item, _id, message: JSON.stringify(item.message), createdAt, order: nextOrder(), nextAttemptAt });
    return _id;
  }

  /** A later message to someone with messages waiting must wait behind them, or they would arrive out of order. */
  async hasPendingFor(to: string): Promise<boolean> {
    return (await this.outbox.findOne({ to, status: 'pending' }, { projection: { _id: 1 } })) !== null;
  }

  async pending(limit = 200): Promise<OutboxItem[]> {
    const documents = await this.outbox.find({ status: 'pending' }).limit(limit).toArray();
    return documents
      .map((document) => itemSchema.safeParse(document))
      .filter((result) => result.success)
      .map((result) => result.data)
      .sort((a, b) => a.order - b.order);
  }

  async isPending(id: string): Promise<boolean> {
    return (await this.outbox.findOne({ _id: id, status: 'pending' }, { projection: { _id: 1 } })) !== null;
  }

  /** Sent: the body (personal data) goes, the record of the delivery stays. */
  async markSent(id: string, at: Date): Promise<void> {
    await this.outbox.updateOne({ _id: id }, { $set: { status: 'sent', sentAt: at }, $unset: { message: '' } });
  }

  async markRetry(id: string, attempts: number, nextAttemptAt: Date, lastError: { status: number; metaCode?: number }): Promise<void> {
    await this.outbox.updateOne({ _id: id }, { $set: { attempts, nextAttemptAt, lastError } });
  }

  async markFinal(
    id: string,
    status: 'failed' | 'held',
    attempts: number,
    lastError?: { status: number; metaCode?: number },
  ): Promise<void> {
    await this.outbox.updateOne({ _id: id }, { $set: { status, attempts, ...(lastError ? { lastError } : {}) } });
  }
}
