import { say } from '../../dialogs/i18n/strings';
import type { OptOutNotices } from '../../services/dataRights/optOutNotices';
import type { Logger } from '../../services/observability/logger';
import type { PeopleStore } from '../../services/people/peopleStore';
import { Periodic } from './periodic';

/** A channel that can reach one of its accounts unprompted (a proactive message). */
export interface NoticeChannel {
  channelId: string;
  send(accountId: string, text: string): Promise<void>;
}

/**
 * Tells a person, on their own verified channel, that someone else asked us to stop calling their number,
 * with the one-word undo. Runs on every replica; each notice is claimed by a unique insert, so it goes once.
 */
export class OptOutNoticeJob {
  private readonly periodic: Periodic;

  constructor(
    private readonly notices: OptOutNotices,
    private readonly people: PeopleStore,
    private readonly channels: readonly NoticeChannel[],
    private readonly logger: Logger,
    intervalMs = 15_000,
  ) {
    this.periodic = new Periodic(() => this.deliver(), intervalMs);
  }

  start(): void {
    if (this.channels.length > 0) this.periodic.start();
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }

  /** One round: every pending notice on every channel we can reach. */
  runOnce(): Promise<void> {
    return this.periodic.runOnce();
  }

  private async deliver(): Promise<void> {
    for (const channel of this.channels) {
      const pending = await this.notices.pending(channel.channelId).catch((error: unknown) => {
        this.logger.warn({ err: error }, 'opt-out notices could not be read');
        return [];
      });
      for (const notice of pending) {
        if (!(await this.notices.claimForSending(notice._id))) continue;
        try {
          const person = await this.people.get(notice.personId);
          await channel.send(notice.accountId, say(person?.language ?? 'es', 'optOutNotice'));
          await this.notices.markSent(notice._id);
        } catch (error) {
          await this.notices.releaseClaim(notice._id);
          this.logger.warn({ err: error, channel: channel.channelId }, 'an opt-out notice could not be sent; it will be retried');
        }
      }
    }
  }
}
