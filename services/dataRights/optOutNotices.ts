import { randomUUID } from 'node:crypto';
import type { Collection } from 'mongodb';
import type { ChannelAccountRef } from '../identity/assurance';
import type { PeopleStore } from '../people/peopleStore';

/**
 * An opt-out that arrived from an identity we could not verify is honoured at once; the real person is
 * then told on their own verified channel, with a one-word way to undo it. One notice per verified account.
 */
export interface OptOutNoticeDocument {
  _id: string;
  personId: string;
  channelId: string;
  accountId: string;
  status: 'pending' | 'sent' | 'undone' | 'undeliverable';
  createdAt: Date;
  sentAt: Date | null;
  /** Why it could not be delivered (status 'undeliverable'); absent otherwise. */
  reason?: UndeliverableReason;
}

/**
 * no_reference: the bot never heard from that account, so it has no conversation to write into;
 * channel_not_reachable: this deployment cannot write on that channel (not configured, or no proactive path);
 * send_failed: the channel kept refusing it.
 */
export type UndeliverableReason = 'no_reference' | 'channel_not_reachable' | 'send_failed';

export class OptOutNotices {
  constructor(
    private readonly notices: Collection<OptOutNoticeDocument>,
    private readonly people: PeopleStore,
    private readonly clock: () => Date,
  ) {}

  /** Queues a notice to each verified account of the person other than the one that asked. */
  async queueFor(personId: string, except: ChannelAccountRef): Promise<number> {
    const accounts = await this.people.channelAccountsOf(personId);
    const targets = accounts.filter(
      (a) => a.assurance === 'verified' && !(a.channelId === except.channelId && a.accountId === except.accountId),
    );
    if (targets.length === 0) return 0;
    const now = this.clock();
    await this.notices.insertMany(
      targets.map((a) => ({
        _id: randomUUID(),
        personId,
        channelId: a.channelId,
        accountId: a.accountId,
        status: 'pending' as const,
        createdAt: now,
        sentAt: null,
      })),
    );
    return targets.length;
  }

  /** Notices still to send, on every channel; who sends each is settled by a leased claim (bot/jobs/optOutNoticeJob.ts). */
  pending(): Promise<OptOutNoticeDocument[]> {
    return this.notices.find({ status: 'pending' }).limit(100).toArray();
  }

  /** Still pending? Read again after winning the claim: another replica may have finished it meanwhile. */
  async isPending(id: string): Promise<boolean> {
    return (await this.notices.findOne({ _id: id }))?.status === 'pending';
  }

  async markSent(id: string): Promise<void> {
    await this.notices.updateOne({ _id: id }, { $set: { status: 'sent', sentAt: this.clock() } });
  }

  /** Kept, with the reason, rather than left pending for ever: the person could not be told on that account. */
  async markUndeliverable(id: string, reason: UndeliverableReason): Promise<void> {
    await this.notices.updateOne({ _id: id }, { $set: { status: 'undeliverable', reason } });
  }

  /** The newest notice sent to this account that has not been undone, if any. */
  async openFor(account: ChannelAccountRef): Promise<OptOutNoticeDocument | null> {
    const open = await this.notices.find({ channelId: account.channelId, accountId: account.accountId }).toArray();
    return open.filter((n) => n.status !== 'undone').sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0] ?? null;
  }

  async markUndone(id: string): Promise<void> {
    await this.notices.updateOne({ _id: id }, { $set: { status: 'undone' } });
  }
}
