import { setTimeout as sleep } from 'node:timers/promises';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Each team's kept-on-time ratio (null: nothing to judge yet), read within `budgetMs`. */
export type KeptOnTimeSource = (budgetMs: number) => Promise<ReadonlyMap<string, number | null>>;

/** How long a scrape waits for the database's answer to the ratio; /metrics must answer even when it does not. */
const KEPT_ON_TIME_BUDGET_MS = 2_000;

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

  readonly whatsappWebhookRequests = new Counter({
    name: 'whatsapp_webhook_requests_total',
    help: 'WhatsApp webhook deliveries by outcome (accepted, refused_signature, invalid_payload, handshake_ok, handshake_refused)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly whatsappInbound = new Counter({
    name: 'whatsapp_inbound_messages_total',
    help: 'Inbound WhatsApp messages by kind and outcome (recorded, duplicate, processed, failed)',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly whatsappStatuses = new Counter({
    name: 'whatsapp_status_updates_total',
    help: 'Delivery status updates from Meta (sent, delivered, read, failed)',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  readonly whatsappOutbound = new Counter({
    name: 'whatsapp_outbound_messages_total',
    help: 'Outbound WhatsApp messages by type and outcome (sent, retried, queued, failed, held, suppressed)',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly whatsappGraphErrors = new Counter({
    name: 'whatsapp_graph_errors_total',
    help: 'Failed Graph API calls by HTTP status and Meta error code',
    labelNames: ['status', 'meta_code'] as const,
    registers: [this.registry],
  });

  /** Every lifecycle transition of a callback, by the states it left and reached (the outcomes among them). */
  readonly callbackTransitions = new Counter({
    name: 'callbacks_transitions_total',
    help: 'Callback status transitions (booked → due → reached | … | missed → repaired | lapsed, cancelled, unreachable)',
    labelNames: ['from', 'to'] as const,
    registers: [this.registry],
  });

  readonly keptOnTimeRatio = new Gauge({
    name: 'callbacks_kept_on_time_ratio',
    help: 'Per team, promises of the last 7 days whose first call came on time, of those not cancelled whose on-time window has closed',
    labelNames: ['team'] as const,
    registers: [this.registry],
    // Computed at scrape, so the figure is never older than the scrape; see watchKeptOnTime.
    collect: () => this.collectKeptOnTime(),
  });

  private keptOnTime?: {
    source: KeptOnTimeSource;
    onError: (error: unknown) => void;
    pending?: Promise<ReadonlyMap<string, number | null>>;
  };

  /** Feeds `callbacks_transitions_total`: the lifecycle's `transitioned` listener. */
  readonly callbackTransitioned = (change: { from: string; to: string }): Promise<void> => {
    this.callbackTransitions.inc({ from: change.from, to: change.to });
    return Promise.resolve();
  };

  /**
   * Where the kept-on-time gauge reads its figures at each scrape. A database slower than the budget, or failing,
   * leaves the gauge without samples for that scrape (absent, not stale) and /metrics answers anyway; scrapes
   * that come while a read is running wait on that same read rather than starting another.
   */
  watchKeptOnTime(source: KeptOnTimeSource, onError: (error: unknown) => void): void {
    this.keptOnTime = { source, onError };
  }

  private async collectKeptOnTime(): Promise<void> {
    const watch = this.keptOnTime;
    if (!watch) return;
    this.keptOnTimeRatio.reset();
    const read = (watch.pending ??= watch.source(KEPT_ON_TIME_BUDGET_MS));
    const giveUp = new AbortController();
    try {
      const ratios = await Promise.race([
        read,
        sleep(KEPT_ON_TIME_BUDGET_MS, undefined, { signal: giveUp.signal }).then(() => {
          throw new Error(`the kept-on-time ratio took longer than ${KEPT_ON_TIME_BUDGET_MS} ms`);
        }),
      ]);
      for (const [team, ratio] of ratios) if (ratio !== null) this.keptOnTimeRatio.set({ team }, ratio);
    } catch (error) {
      watch.onError(error);
    } finally {
      giveUp.abort();
      // Settled or given up on: the next scrape reads afresh (a read given up on ends by its own maxTimeMS).
      if (watch.pending === read) watch.pending = undefined;
    }
  }

  constructor(options: { collectProcessMetrics: boolean } = { collectProcessMetrics: true }) {
    if (options.collectProcessMetrics) collectDefaultMetrics({ register: this.registry });
  }
}
