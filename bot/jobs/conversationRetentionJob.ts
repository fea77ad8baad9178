import type { Collection } from 'mongodb';
import type { Logger } from '../../services/observability/logger';
import type { BotStateDocument } from '../../services/store/database';
import { forgetIdleConversations } from '../../services/turns/conversationRetention';
import { Periodic } from './periodic';

const DAY_MS = 86_400_000;

/**
 * Every hour (and a minute after start), the state of conversations idle for longer than the retention
 * goes (services/turns/conversationRetention.ts). Every replica may run it: a delete is idempotent.
 */
export class ConversationRetentionJob {
  private readonly periodic: Periodic;

  constructor(
    private readonly states: Collection<BotStateDocument>,
    private readonly retentionDays: number,
    private readonly clock: () => Date,
    private readonly logger: Logger,
    intervalMs = 3_600_000,
    firstAfterMs = 60_000,
  ) {
    this.periodic = new Periodic(() => this.sweep(), intervalMs, firstAfterMs);
  }

  start(): void {
    if (this.retentionDays > 0) this.periodic.start();
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }

  /** One sweep; a failure is logged and the next sweep tries again. */
  runOnce(): Promise<void> {
    return this.periodic.runOnce();
  }

  private async sweep(): Promise<void> {
    const before = new Date(this.clock().getTime() - this.retentionDays * DAY_MS);
    try {
      const forgotten = await forgetIdleConversations(this.states, before);
      if (forgotten > 0) this.logger.info({ forgotten, before }, 'state of idle conversations deleted');
    } catch (error) {
      this.logger.warn({ err: error }, 'idle conversations could not be swept; the next sweep tries again');
    }
  }
}
