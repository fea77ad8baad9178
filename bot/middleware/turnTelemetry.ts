import type { Middleware, TurnContext } from 'botbuilder';
import type { Logger } from '../../services/observability/logger';
import type { AppMetrics } from '../../services/observability/metrics';

/** One log line and one histogram observation per turn: channel, conversation, latency, outcome. */
export class TurnTelemetry implements Middleware {
  constructor(
    private readonly logger: Logger,
    private readonly metrics: AppMetrics,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const started = process.hrtime.bigint();
    let outcome = 'ok';
    try {
      await next();
    } catch (error) {
      outcome = 'error';
      throw error;
    } finally {
      const latencyMs = Number(process.hrtime.bigint() - started) / 1e6;
      const { channelId, conversation, type, text, deliveryMode } = context.activity;
      this.metrics.botTurnSeconds.observe({ channel: channelId, activity_type: type, outcome }, latencyMs / 1000);
      this.logger.info(
        {
          channel: channelId,
          conversationId: conversation?.id,
          activityType: type,
          deliveryMode,
          latencyMs: Math.round(latencyMs * 10) / 10,
          outcome,
          text,
        },
        'turn',
      );
    }
  }
}
