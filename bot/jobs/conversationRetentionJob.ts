import type { Collection } from 'mongodb';
import type { Logger } from '../../services/observability/logger';
import type { BotStateDocument } from '../../services/store/database';
import { forgetIdleConversations } from '../../services/turns/conversationRetention';

const DAY_MS = 86_400_000;

/**
 * Every hour (and a minute after start), the state of conversations idle for longer than the retention
 * goes (services/turns/conversationRetention.ts). Every replica may run it: a delete is idempotent.
 */
export class ConversationRetentionJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly states: Collection<BotStateDocument>,
    private readonly retentionDays: number,
    private readonly clock: () => Date,
    private readonly logger: Logger,
    private readonly intervalMs = 3_600_000,
    private readonly firstAfterMs = 60_000,
  ) {}

  start(): void {
    if (this.retentionDays === 0 || this.timer) return;
    this.timer = setTimeout(() => {
      void this.runOnce();
      this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
      this.timer.unref();
    }, this.firstAfterMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One sweep; a failure is logged and the next sweep tries again. */
  runOnce(): Promise<void> {
    this.running ??= this.sweep().finally(() => (this.running = undefined));
    return this.running;
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
