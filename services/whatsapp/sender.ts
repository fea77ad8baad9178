import { createHash } from 'node:crypto';
import type { Logger } from '../observability/logger';
import type { AppMetrics } from '../observability/metrics';
import { isSuppressed, SERVICE_WINDOW_MS, SUPPRESSING_META_CODES, withinServiceWindow, WhatsAppContacts } from './contacts';
import { GraphApiError, GraphClient } from './graphClient';
import { checkedMessage, LIMITS, OutboundMessage } from './outboundMessage';
import { OutboxItem, TemplatePurpose, WhatsAppOutbox } from './outbox';
import type { ClaimLedger } from '../store/leasedClaims';
import type { Language } from '../language/language';

export interface TemplateSettings {
  names: Partial<Record<TemplatePurpose, string>>;
  languageCodes: Record<Language, string>;
}

export interface Delivery {
  to: string;
  /** The business number (phone_number_id) to write from: the one the person wrote to; else WHATSAPP_PHONE_NUMBER_ID. */
  from?: string;
  /** The messages as they would go inside the 24-hour window. */
  messages: OutboundMessage[];
  /** Outside the window, the approved template that says it instead, with the text as its parameter. */
  purpose: TemplatePurpose;
  language: Language;
  /** When this answers a message the person just sent: when they sent it (the window is open from then). */
  repliesToSentAt?: Date;
}

export type DeliveryOutcome = { outcome: 'sent'; messageId: string } | { outcome: 'queued' | 'failed' | 'held' | 'suppressed' };

/** Meta's answer when a free-form message is sent outside the window after all (our clock and theirs differ). */
const REENGAGEMENT_REQUIRED = 131047;
const OUTBOX_MAX_ATTEMPTS = 10;
const OUTBOX_MAX_DELAY_MS = 60 * 60_000;

/** A number in logs is a short hash: enough to follow one person's failures, not to read the number. */
export function recipientRef(waId: string): string {
  return createHash('sha256').update(`whatsapp:${waId}`).digest('hex').slice(0, 12);
}

/**
 * Everything about getting a message to a person on WhatsApp: the person's suppression, the 24-hour
 * window (a template outside it), order behind messages already waiting, Meta's refusals (a suppressing
 * code stops further sends), and the outbox for what could not go now.
 */
export class WhatsAppSender {
  constructor(
    private readonly deps: {
      graph: GraphClient;
      contacts: WhatsAppContacts;
      outbox: WhatsAppOutbox;
      claims: ClaimLedger;
      templates: TemplateSettings;
      logger: Logger;
      metrics: AppMetrics;
      /** The app's clock: the window is measured against Meta's message timestamps. */
      clock: () => Date;
      /** The first wait of a message in the outbox; it doubles with each try, with jitter. */
      outboxBaseDelayMs: number;
      wallClock?: () => number;
      random?: () => number;
    },
  ) {}

  private get phoneNumberId(): string {
    return this.deps.graph.phoneNumberId;
  }

  async deliver(delivery: Delivery): Promise<DeliveryOutcome[]> {
    const now = this.deps.clock();
    const from = delivery.from ?? this.phoneNumberId;
    const contact = await this.deps.contacts.get(from, delivery.to);
    const language = contact?.language ?? delivery.language;
    if (isSuppressed(contact, now)) {
      this.countAndLog('suppressed', delivery.messages, delivery.to, 'not sent: Meta said this person opted out or blocked us');
      return delivery.messages.map(() => ({ outcome: 'suppressed' as const }));
    }
    let messages = delivery.messages;
    const answering = delivery.repliesToSentAt !== undefined && now.getTime() - delivery.repliesToSentAt.getTime() < SERVICE_WINDOW_MS;
    if (!answering && !withinServiceWindow(contact, now)) {
      const template = this.templateFor(delivery.purpose, language, delivery.to, textOf(messages));
      if (!template) return [await this.hold(delivery, from, language)];
      messages = [template];
    }
    const outcomes: DeliveryOutcome[] = [];
    let queueBehind = await this.deps.outbox.hasPendingFor(delivery.to);
    for (const message of messages) {
      if (queueBehind) {
        await this.enqueue(message, from, delivery.purpose, language, 0, undefined);
        outcomes.push({ outcome: 'queued' });
        continue;
      }
      const outcome = await this.sendOne(message, from, delivery.purpose, language);
      outcomes.push(outcome);
      if (outcome.outcome === 'queued') queueBehind = true;
      if (outcome.outcome === 'suppressed') break;
    }
    return outcomes;
  }

  /** A file for a document message; Meta's media id, valid for 30 days (so a retry from the outbox can use it). */
  async uploadDocument(bytes: Buffer, mimeType: string, filename: string, from?: string): Promise<string> {
    try {
      return (await this.deps.graph.uploadMedia(bytes, mimeType, filename, from)).mediaId;
    } catch (error) {
      if (error instanceof GraphApiError) {
        this.deps.metrics.whatsappGraphErrors.inc({ status: String(error.status), meta_code: String(error.metaCode ?? '') });
        this.deps.metrics.whatsappOutbound.inc({ type: 'document', outcome: 'failed' });
      }
      throw error;
    }
  }

  /** One message now; a failure Meta may get over goes to the outbox, a suppressing one stops the person. */
  private async sendOne(message: OutboundMessage, from: string, purpose: TemplatePurpose, language: Language): Promise<DeliveryOutcome> {
    try {
      const { messageId } = await this.deps.graph.send(message, from);
      this.deps.metrics.whatsappOutbound.inc({ type: message.type, outcome: 'sent' });
      return { outcome: 'sent', messageId };
    } catch (error) {
      if (!(error instanceof GraphApiError)) throw error;
      this.deps.metrics.whatsappGraphErrors.inc({ status: String(error.status), meta_code: String(error.metaCode ?? '') });
      const lastError = { status: error.status, ...(error.metaCode !== undefined ? { metaCode: error.metaCode } : {}) };
      if (error.metaCode !== undefined && SUPPRESSING_META_CODES.has(error.metaCode)) {
        await this.deps.contacts.suppress(from, message.to, error.metaCode, this.deps.clock());
        this.countAndLog(
          'suppressed',
          [message],
          message.to,
          'Meta refused: the person opted out or blocked us; further sends suppressed',
          error,
        );
        return { outcome: 'suppressed' };
      }
      if (error.metaCode === REENGAGEMENT_REQUIRED && message.type !== 'template') {
        const template = this.templateFor(purpose, language, message.to, textOf([message]));
        if (template) return this.sendOne(template, from, purpose, language);
      }
      if (error.retryable) {
        await this.enqueue(message, from, purpose, language, error.attempts, lastError);
        this.countAndLog('queued', [message], message.to, 'send failed; kept in the outbox for retry', error);
        return { outcome: 'queued' };
      }
      await this.deps.outbox.add(
        {
          status: 'failed',
          phoneNumberId: from,
          to: message.to,
          message,
          purpose,
          language,
          attempts: error.attempts,
          lastError,
        },
        this.deps.clock(),
        new Date(this.wallClock()),
      );
      this.countAndLog('failed', [message], message.to, 'send refused by Meta; kept in the outbox, not retried', error);
      return { outcome: 'failed' };
    }
  }

  /** Retries what waits in the outbox, per person in order; stops at a person's first failure. */
  async retryOutbox(leaseMs: number): Promise<void> {
    const stuck = new Set<string>();
    for (const item of await this.deps.outbox.pending()) {
      if (stuck.has(item.to)) continue;
      // A person's messages leave in the order written: one still waiting holds back those behind it.
      if (item.nextAttemptAt.getTime() > this.wallClock()) {
        stuck.add(item.to);
        continue;
      }
      const claim = await this.deps.claims.claim(`out:${item._id}`, leaseMs);
      if (!claim || !(await this.deps.outbox.isPending(item._id))) {
        stuck.add(item.to);
        continue;
      }
      const ok = await this.retryOne(item);
      if (!ok) stuck.add(item.to);
    }
  }

  private async retryOne(item: OutboxItem): Promise<boolean> {
    const now = this.deps.clock();
    const contact = await this.deps.contacts.get(item.phoneNumberId, item.to);
    if (isSuppressed(contact, now)) {
      await this.deps.outbox.markFinal(item._id, 'failed', item.attempts);
      this.countAndLog('suppressed', [item.message], item.to, 'outbox message dropped from retry: the person opted out or blocked us');
      return true;
    }
    let message = item.message;
    if (message.type !== 'template' && !withinServiceWindow(contact, now)) {
      const template = this.templateFor(item.purpose, contact?.language ?? item.language, item.to, textOf([message]));
      if (!template) {
        await this.deps.outbox.markFinal(item._id, 'held', item.attempts);
        this.countAndLog('held', [message], item.to, 'outbox message held: the window closed and no template is configured');
        return true;
      }
      message = template;
    }
    try {
      await this.deps.graph.send(message, item.phoneNumberId);
      await this.deps.outbox.markSent(item._id, new Date(this.wallClock()));
      this.deps.metrics.whatsappOutbound.inc({ type: message.type, outcome: 'sent' });
      return true;
    } catch (error) {
      if (!(error instanceof GraphApiError)) throw error;
      this.deps.metrics.whatsappGraphErrors.inc({ status: String(error.status), meta_code: String(error.metaCode ?? '') });
      const attempts = item.attempts + error.attempts;
      const lastError = { status: error.status, ...(error.metaCode !== undefined ? { metaCode: error.metaCode } : {}) };
      if (error.metaCode !== undefined && SUPPRESSING_META_CODES.has(error.metaCode)) {
        await this.deps.contacts.suppress(item.phoneNumberId, item.to, error.metaCode, now);
        await this.deps.outbox.markFinal(item._id, 'failed', attempts, lastError);
        this.countAndLog(
          'suppressed',
          [message],
          item.to,
          'Meta refused: the person opted out or blocked us; further sends suppressed',
          error,
        );
        return true;
      }
      if (!error.retryable || attempts >= OUTBOX_MAX_ATTEMPTS) {
        await this.deps.outbox.markFinal(item._id, 'failed', attempts, lastError);
        this.countAndLog('failed', [message], item.to, 'outbox message given up; kept as failed', error);
        return false;
      }
      await this.deps.outbox.markRetry(item._id, attempts, new Date(this.wallClock() + this.backoff(attempts)), lastError);
      this.countAndLog('retried', [message], item.to, 'outbox retry failed; will try again', error);
      return false;
    }
  }

  /** A template message: the configured name for the purpose (follow-up when the purpose has none). */
  templateFor(purpose: TemplatePurpose, language: Language, to: string, text: string): OutboundMessage | null {
    const name = this.deps.templates.names[purpose] || this.deps.templates.names.follow_up;
    if (!name) return null;
    const parameter = templateParameter(text);
    return checkedMessage({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to,
      type: 'template',
      template: {
        name,
        language: { code: this.deps.templates.languageCodes[language] },
        ...(parameter ? { components: [{ type: 'body', parameters: [{ type: 'text', text: parameter }] }] } : {}),
      },
    });
  }

  private async hold(delivery: Delivery, from: string, language: Language): Promise<DeliveryOutcome> {
    for (const message of delivery.messages) {
      await this.deps.outbox.add(
        { status: 'held', phoneNumberId: from, to: delivery.to, message, purpose: delivery.purpose, language, attempts: 0 },
        this.deps.clock(),
        new Date(this.wallClock()),
      );
    }
    this.countAndLog('held', delivery.messages, delivery.to, 'outside the 24-hour window and no template configured; held in the outbox');
    return { outcome: 'held' };
  }

  private async enqueue(
    message: OutboundMessage,
    from: string,
    purpose: TemplatePurpose,
    language: Language,
    attempts: number,
    lastError: { status: number; metaCode?: number } | undefined,
  ): Promise<void> {
    await this.deps.outbox.add(
      {
        status: 'pending',
        phoneNumberId: from,
        to: message.to,
        message,
        purpose,
        language,
        attempts,
        ...(lastError ? { lastError } : {}),
      },
      this.deps.clock(),
      new Date(this.wallClock() + (attempts > 0 ? this.backoff(attempts) : 0)),
    );
  }

  private backoff(attempts: number): number {
    const ceiling = Math.min(OUTBOX_MAX_DELAY_MS, this.deps.outboxBaseDelayMs * 2 ** Math.max(0, attempts - 1));
    return Math.round((this.deps.random ?? Math.random)() * ceiling);
  }

  private wallClock(): number {
    return (this.deps.wallClock ?? Date.now)();
  }

  private countAndLog(outcome: string, messages: readonly OutboundMessage[], to: string, what: string, error?: GraphApiError): void {
    for (const message of messages) this.deps.metrics.whatsappOutbound.inc({ type: message.type, outcome });
    const level = outcome === 'failed' || outcome === 'held' ? 'error' : 'warn';
    this.deps.logger[level](
      {
        channel: 'whatsapp',
        recipient: recipientRef(to),
        messages: messages.length,
        ...(error ? { status: error.status, metaCode: error.metaCode, attempts: error.attempts, err: error.message } : {}),
      },
      what,
    );
  }
}

/** What a message says, as one line: a template's body parameter may hold no newlines or tabs. */
function textOf(messages: readonly OutboundMessage[]): string {
  return messages
    .map((message) => {
      if (message.type === 'text') return message.text.body;
      if (message.type === 'interactive') return message.interactive.body.text;
      if (message.type === 'document') return message.document.caption ?? '';
      return '';
    })
    .filter(Boolean)
    .join(' ');
}

function templateParameter(text: string): string {
  const line = text
    .replace(/[\r\n\t]+/g, ' · ')
    .replace(/ {4,}/g, '   ')
    .trim();
  const chars = [...line];
  return chars.length <= LIMITS.templateParameter ? line : `${chars.slice(0, LIMITS.templateParameter - 1).join('')}…`;
}
