import { say } from '../../dialogs/i18n/strings';
import type { OptOutNoticeDocument, OptOutNotices, UndeliverableReason } from '../../services/dataRights/optOutNotices';
import type { Logger } from '../../services/observability/logger';
import type { PeopleStore } from '../../services/people/peopleStore';
import type { ClaimLedger } from '../../services/store/leasedClaims';
import { Periodic } from './periodic';

/** What became of one proactive send: written, or why it could not be. */
export type NoticeDelivery = 'sent' | Exclude<UndeliverableReason, 'send_failed'>;

/** A channel that can reach one of its accounts unprompted (a proactive message). */
export interface NoticeChannel {
  channelId: string;
  /** Throws when the channel failed (worth another try); answers why when it never can. */
  send(accountId: string, text: string): Promise<NoticeDelivery>;
}

export interface OptOutNoticeJobOptions {
  intervalMs?: number;
  /** How long a claim holds a notice: a replica that dies mid-send leaves it to the next run after this. */
  leaseMs?: number;
}

// A notice a channel keeps refusing is given up (marked undeliverable) after this many claims of it.
const MAX_ATTEMPTS = 5;

/**
 * Tells a person, on their own verified channels, that someone else asked us to stop calling their number,
 * with the one-word undo. Runs on every replica; each notice is claimed with a lease (ClaimLedger, job_claims),
 * so it goes once, and a holder that crashed before marking it sent leaves it to the next run.
 */
export class OptOutNoticeJob {
  private readonly periodic: Periodic;
  private readonly leaseMs: number;

  constructor(
    private readonly notices: OptOutNotices,
    private readonly people: PeopleStore,
    private readonly channels: readonly NoticeChannel[],
    private readonly claims: ClaimLedger,
    private readonly logger: Logger,
    options: OptOutNoticeJobOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 60_000;
    this.periodic = new Periodic(() => this.deliver(), options.intervalMs ?? 15_000);
  }

  start(): void {
    this.periodic.start();
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }

  /** One round: every pending notice, on whichever channel it is for. */
  runOnce(): Promise<void> {
    return this.periodic.runOnce();
  }

  private async deliver(): Promise<void> {
    const pending = await this.notices.pending().catch((error: unknown) => {
      this.logger.warn({ err: error }, 'opt-out notices could not be read');
      return [];
    });
    for (const notice of pending) {
      await this.deliverOne(notice).catch((error: unknown) =>
        this.logger.warn({ err: error, channel: notice.channelId }, 'an opt-out notice could not be handled; the next run tries again'),
      );
    }
  }

  private async deliverOne(notice: OptOutNoticeDocument): Promise<void> {
    const claim = await this.claims.claim(`opt-out-notice|${notice._id}`, this.leaseMs);
    if (!claim || !(await this.notices.isPending(notice._id))) return;
    const channel = this.channels.find((c) => c.channelId === notice.channelId);
    if (!channel) {
      await this.notices.markUndeliverable(notice._id, 'channel_not_reachable');
      this.logger.warn({ channel: notice.channelId }, 'an opt-out notice is for a channel this deployment cannot write on');
      return;
    }
    try {
      const person = await this.people.get(notice.personId);
      const delivery = await channel.send(notice.accountId, say(person?.language ?? 'es', 'optOutNotice'));
      if (delivery === 'sent') await this.notices.markSent(notice._id);
      else {
        await this.notices.markUndeliverable(notice._id, delivery);
        this.logger.warn({ channel: notice.channelId, reason: delivery }, 'an opt-out notice could not be delivered');
      }
    } catch (error) {
      if (claim.attempt + 1 >= MAX_ATTEMPTS) {
        await this.notices.markUndeliverable(notice._id, 'send_failed');
        this.logger.error({ err: error, channel: notice.channelId }, 'an opt-out notice kept failing; given up');
        return;
      }
      await this.claims.release(claim);
      this.logger.warn({ err: error, channel: notice.channelId }, 'an opt-out notice could not be sent; it will be retried');
    }
  }
}
