import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per process (not prom-client's global one), so tests can run several apps side by side. */
export class AppMetrics {
  readonly registry = new Registry();

  readonly httpRequestSeconds = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly botTurnSeconds = new Histogram({
    name: 'bot_turn_duration_seconds',
    help: 'Bot turn latency by channel and activity type',
    labelNames: ['channel', 'activity_type', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly botTurnErrors = new Counter({
    name: 'bot_turn_errors_total',
    help: 'Bot turns that ended in an unhandled error',
    labelNames: ['channel'] as const,
    registers: [this.registry],
  });

  constructor(options: { collectProcessMetrics: boolean } = { collectProcessMetrics: true }) {
    if (options.collectProcessMetrics) collectDefaultMetrics({ register: this.registry });
  }
}
