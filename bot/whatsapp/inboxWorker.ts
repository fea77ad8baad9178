import type { TurnContext } from 'botbuilder';
import { chooseLanguage, detectLanguage } from '../../dialogs/i18n/language';
import type { Logger } from '../../services/observability/logger';
import type { AppMetrics } from '../../services/observability/metrics';
import type { ClaimLedger } from '../../services/store/leasedClaims';
import type { WhatsAppContacts } from '../../services/whatsapp/contacts';
import type { PendingInboxItem, WhatsAppInbox } from '../../services/whatsapp/inbox';
import type { WhatsAppSender } from '../../services/whatsapp/sender';
import type { WhatsAppStatuses } from '../../services/whatsapp/statuses';
import { Periodic } from '../jobs/periodic';
import type { WhatsAppAdapter } from './whatsAppAdapter';
import { languageForNumber, WHATSAPP_WORDING } from './wording';

export interface InboxWorkerDependencies {
  inbox: WhatsAppInbox;
  claims: ClaimLedger;
  contacts: WhatsAppContacts;
  statuses: WhatsAppStatuses;
  sender: WhatsAppSender;
  adapter: WhatsAppAdapter;
  /** The bot's turn: `bot.run(context)`. */
  logic: (context: TurnContext) => Promise<void>;
  logger: Logger;
  metrics: AppMetrics;
  clock: () => Date;
  leaseMs: number;
  pollMs: number;
}

// A message whose turn keeps failing is given up after this many tries, so it cannot block its conversation.
const MAX_TURN_ATTEMPTS = 5;
const CONCURRENT_CONVERSATIONS = 4;
const DAY_MS = 24 * 60 * 60 * 1000;
// Meta retries a delivery for up to 7 days; answered wamids are kept 8, statuses 30. Swept hourly, off the hot path.
const SWEEP_EVERY_MS = 60 * 60 * 1000;

/**
 * Runs the turns of recorded inbound messages after the webhook answered. Each message is claimed first
 * (a unique insert, see ClaimLedger), so it runs once across replicas; one person's messages run in order;
 * on start-up, and every `pollMs`, whatever a crashed process left is picked up, as is the outbox. Both
 * clocks (the poll and the hourly sweep) are the jobs' one Periodic runner.
 */
export class InboxWorker {
  private readonly poll: Periodic;
  private readonly sweeper: Periodic;
  private again = false;
  private stopped = false;

  constructor(private readonly deps: InboxWorkerDependencies) {
    this.poll = new Periodic(() => this.pass(), deps.pollMs);
    this.sweeper = new Periodic(
      () => this.sweep().catch((error: unknown) => this.deps.logger.error({ err: error, channel: 'whatsapp' }, 'inbox sweep failed')),
      SWEEP_EVERY_MS,
      0,
    );
  }

  start(): void {
    this.stopped = false;
    this.poll.start();
    this.sweeper.start();
    this.kick();
  }

  /** Something was recorded: drain soon (after the webhook's answer went out), again if a pass is under way. */
  kick(): void {
    if (this.stopped) return;
    this.again = true;
    void this.poll.runOnce();
  }

  /** Stops polling and waits for the turns under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([this.poll.stop(), this.sweeper.stop()]);
  }

  /** Resolves when nothing is running (tests and shutdown). */
  idle(): Promise<void> {
    return this.poll.idle();
  }

  /** Drains the inbox and retries the outbox, again while kicks arrived during the pass. */
  private async pass(): Promise<void> {
    this.again = true;
    while (this.again && !this.stopped) {
      this.again = false;
      await this.drain().catch((error: unknown) => this.deps.logger.error({ err: error, channel: 'whatsapp' }, 'inbox drain failed'));
      await this.deps.sender
        .retryOutbox(this.deps.leaseMs)
        .catch((error: unknown) => this.deps.logger.error({ err: error, channel: 'whatsapp' }, 'outbox retry failed'));
    }
  }

  private async sweep(): Promise<void> {
    const now = Date.now();
    await this.deps.inbox.sweepAnswered(new Date(now - 8 * DAY_MS));
    await this.deps.claims.sweep(new Date(now - 8 * DAY_MS));
    await this.deps.statuses.sweep(new Date(now - 30 * DAY_MS));
  }

  private async drain(): Promise<void> {
    const byConversation = new Map<string, PendingInboxItem[]>();
    for (const item of await this.deps.inbox.pending()) {
      const key = `${item.phoneNumberId}:${item.waId}`;
      byConversation.set(key, [...(byConversation.get(key) ?? []), item]);
    }
    const queues = [...byConversation.values()];
    const lanes = Array.from({ length: Math.min(CONCURRENT_CONVERSATIONS, queues.length) }, async () => {
      for (let queue = queues.shift(); queue && !this.stopped; queue = queues.shift()) await this.runInOrder(queue);
    });
    await Promise.all(lanes);
  }

  private async runInOrder(items: PendingInboxItem[]): Promise<void> {
    for (const item of items) {
      if (this.stopped) return;
      const claim = await this.deps.claims.claim(`in:${item._id}`, this.deps.leaseMs);
      // Someone else is answering this person right now: their later messages wait, to stay in order.
      if (!claim) return;
      if (!(await this.deps.inbox.isPending(item._id))) continue;
      const heartbeat = setInterval(
        () => void this.deps.claims.renew(claim, this.deps.leaseMs).catch(() => undefined),
        this.deps.leaseMs / 3,
      );
      try {
        await this.runTurn(item);
        await this.deps.inbox.complete(item._id, new Date());
        this.deps.metrics.whatsappInbound.inc({ kind: item.kind, outcome: 'processed' });
      } catch (error) {
        this.deps.metrics.whatsappInbound.inc({ kind: item.kind, outcome: 'failed' });
        this.deps.logger.error({ err: error, channel: 'whatsapp', wamid: item._id, attempt: claim.attempt }, 'inbound turn failed');
        if (claim.attempt + 1 >= MAX_TURN_ATTEMPTS) await this.deps.inbox.complete(item._id, new Date());
        else await this.deps.claims.release(claim);
        return;
      } finally {
        clearInterval(heartbeat);
      }
    }
  }

  private async runTurn(item: PendingInboxItem): Promise<void> {
    const now = this.deps.clock();
    const remembered = (await this.deps.contacts.get(item.phoneNumberId, item.waId))?.language;
    const written = item.kind === 'text' && item.text ? detectLanguage(item.text) : null;
    const language =
      item.kind === 'unsupported'
        ? languageForNumber(item.waId, remembered)
        : chooseLanguage({ text: written ? item.text : undefined, remembered: remembered ?? languageForNumber(item.waId, undefined) });
    // The window opens from when the person wrote (Meta's timestamp), never later than now.
    const sentAt = item.sentAt && item.sentAt < now ? item.sentAt : now;
    await this.deps.contacts.recordInbound(item.phoneNumberId, item.waId, sentAt, written ?? undefined);
    if (item.kind === 'unsupported') {
      // A photo, a voice note, a location: no words for the dialogs, so the channel answers it itself.
      await this.deps.adapter.processInbound(item, language, async (context) => {
        await context.sendActivity(WHATSAPP_WORDING[language].textOnly);
      });
      return;
    }
    await this.deps.adapter.processInbound(item, language, this.deps.logic);
  }
}
