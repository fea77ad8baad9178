import type { Collection } from 'mongodb';
import type { Language } from '../language/language';

export interface ContactDocument {
  _id: string;
  lastInboundAt?: Date;
  language?: Language;
  /** Meta told us the person opted out of our messages or cannot be reached (blocked us). */
  suppressedAt?: Date;
  suppressedCode?: number;
}

/** Meta's customer-service window: free-form messages only within 24 hours of the person's last message. */
export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

// 131050: the person stopped marketing messages from us; 131026: undeliverable, which includes having blocked us.
export const SUPPRESSING_META_CODES: ReadonlySet<number> = new Set([131050, 131026]);

/** What we know per business number and person, for deciding how (and whether) to write to them. */
export class WhatsAppContacts {
  constructor(private readonly contacts: Collection<ContactDocument>) {}

  static key(phoneNumberId: string, waId: string): string {
    return `${phoneNumberId}:${waId}`;
  }

  async get(phoneNumberId: string, waId: string): Promise<ContactDocument | null> {
    return this.contacts.findOne({ _id: WhatsAppContacts.key(phoneNumberId, waId) });
  }

  /** The person wrote: the window opens from when they sent it (never later than now), and never moves back. */
  async recordInbound(phoneNumberId: string, waId: string, sentAt: Date, language: Language | undefined): Promise<void> {
    await this.contacts.updateOne(
      { _id: WhatsAppContacts.key(phoneNumberId, waId) },
      { $max: { lastInboundAt: sentAt }, ...(language ? { $set: { language } } : {}) },
      { upsert: true },
    );
  }

  async suppress(phoneNumberId: string, waId: string, code: number, at: Date): Promise<void> {
    await this.contacts.updateOne(
      { _id: WhatsAppContacts.key(phoneNumberId, waId) },
      { $set: { suppressedAt: at, suppressedCode: code } },
      { upsert: true },
    );
  }
}

export function withinServiceWindow(contact: ContactDocument | null, now: Date): boolean {
  const last = contact?.lastInboundAt?.getTime();
  return last !== undefined && now.getTime() - last < SERVICE_WINDOW_MS;
}

/**
 * A suppressed person gets nothing from us, except replies to what they wrote after the suppression (they
 * came back, within the window): answering someone who writes to us is what they asked for.
 */
export function isSuppressed(contact: ContactDocument | null, now: Date): boolean {
  if (!contact?.suppressedAt) return false;
  const wroteSince = contact.lastInboundAt !== undefined && contact.lastInboundAt > contact.suppressedAt;
  return !(wroteSince && withinServiceWindow(contact, now));
}
