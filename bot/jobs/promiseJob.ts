import type { Logger } from '../../services/observability/logger';
import type { PromiseKeeper } from '../../services/promises/promiseKeeper';
import { Periodic } from './periodic';

/**
 * Keeps the bot's word on every replica: a pass every few seconds (PROMISE_POLL_MS), each comparing due
 * instants with the wall clock it reads then, so a clock moved from outside (libfaketime, fixed or fast) is
 * followed and nothing is counted in timer ticks.
 */
export class PromiseJob {
  private readonly periodic: Periodic;

  constructor(
    private readonly keeper: Pick<PromiseKeeper, 'sweep'>,
    private readonly logger: Logger,
    intervalMs: number,
  ) {
    this.periodic = new Periodic(() => this.pass(), intervalMs);
  }

  start(): void {
    this.periodic.start();
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }

  runOnce(): Promise<void> {
    return this.periodic.runOnce();
  }

  private async pass(): Promise<void> {
    try {
      await this.keeper.sweep();
    } catch (error) {
      this.logger.warn({ err: error }, 'the promise job could not read the callbacks; it tries again on the next pass');
    }
  }
}
