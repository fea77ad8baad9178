import { randomUUID } from 'node:crypto';
import type { Collection } from 'mongodb';
import type { ChannelAccountRef } from '../identity/assurance';
import type { PeopleStore } from '../people/peopleStore';
import { isDuplicateKeyError } from '../store/errors';

/**
 * An opt-out that arrived from an identity we could not verify is honoured at once; the real person is
 * then told on their own verified channel, with a one-word way to undo it. One notice per verified account.
 */
export interface OptOutNoticeDocument {
  _id: string;
  personId: string;
  channelId: string;
  accountId: string;
  status: 'pending' | 'sent' | 'undone';
  createdAt: Date;
  sentAt: Date | null;
}

export class OptOutNotices {
  constructor(
    private readonly notices: Collection<OptOutNoticeDocument>,
    private readonly sends: Collection<{ _id: string; at: Date }>,
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

  pending(channelId: string): Promise<OptOutNoticeDocument[]> {
    return this.notices.find({ status: 'pending', channelId }).limit(100).toArray();
  }

  /** One replica sends each notice: the unique _id of its send record is the arbiter, not a conditional update. */
  async claimForSending(id: string): Promise<boolean> {
    try {
      await this.sends.insertOne({ _id: id, at: this.clock() });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** A send that failed is given back, to be tried again on the next round. */
  async releaseClaim(id: string): Promise<void> {
    await this.sends.deleteOne({ _id: id });
  }

  async markSent(id: string): Promise<void> {
    await this.notices.updateOne({ _id: id }, { $set: { status: 'sent', sentAt: this.clock() } });
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
