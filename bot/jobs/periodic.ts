/**
 * A job's clock: `run` every `intervalMs` (the first time after `firstAfterMs`), never two at once, and a
 * stop that waits for the run in progress. The timers never keep the process alive.
 */
export class Periodic {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly run: () => Promise<void>,
    private readonly intervalMs: number,
    private readonly firstAfterMs = intervalMs,
  ) {}

  start(): void {
    if (this.timer) return;
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

  /** Resolves when no run is under way (without starting one). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** One run now, or the one already under way. */
  runOnce(): Promise<void> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }
}
