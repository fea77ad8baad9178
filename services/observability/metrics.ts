import { setTimeout as sleep } from 'node:timers/promises';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Each team's kept-on-time ratio (null: nothing to judge yet); the database gives up on the read after `maxTimeMS`. */
export type KeptOnTimeSource = (maxTimeMS: number) => Promise<ReadonlyMap<string, number | null>>;
type Ratios = ReadonlyMap<string, number | null>;

/**
 * The kept-on-time gauge reads the database at scrape, within bounds. A scrape waits at most WAIT_MS for the
 * read (/metrics must answer when the database does not). A figure younger than FRESH_MS is served without
 * reading again, so neither the scrape interval nor the number of scrapers sets the database's load (a week's
 * ratio barely moves in a minute; on the embedded FerretDB the read scans the collection). A read that outlasts a
 * scrape goes on and serves the next one; one older than READ_CAP_MS (the database's own maxTimeMS) is given up,
 * and a figure older than KEEP_MS is never shown: the gauge is then absent rather than stale.
 */
const KEPT_ON_TIME = { WAIT_MS: 2_000, FRESH_MS: 60_000, READ_CAP_MS: 30_000, KEEP_MS: 10 * 60_000 } as const;

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
    // Read at scrape, at most once a minute and never holding the scrape up: see KEPT_ON_TIME.
    collect: () => this.collectKeptOnTime(),
  });

  private keptOnTime?: {
    source: KeptOnTimeSource;
    onError: (error: unknown) => void;
    /** Milliseconds on a clock that only moves forward (ages, never dates). */
    elapsed: () => number;
    reading?: { since: number; done: Promise<void> };
    last?: { at: number; ratios: Ratios };
  };

  /** Feeds `callbacks_transitions_total`: the lifecycle's `transitioned` listener. */
  readonly callbackTransitioned = (change: { from: string; to: string }): Promise<void> => {
    this.callbackTransitions.inc({ from: change.from, to: change.to });
    return Promise.resolve();
  };

  /** Where the kept-on-time gauge reads its figures (see KEPT_ON_TIME for the bounds). */
  watchKeptOnTime(source: KeptOnTimeSource, onError: (error: unknown) => void, elapsed: () => number = () => performance.now()): void {
    this.keptOnTime = { source, onError, elapsed };
  }

  private async collectKeptOnTime(): Promise<void> {
    const watch = this.keptOnTime;
    if (!watch) return;
    this.keptOnTimeRatio.reset();
    const age = (since: number) => watch.elapsed() - since;
    if (!watch.last || age(watch.last.at) >= KEPT_ON_TIME.FRESH_MS) {
      if (!watch.reading || age(watch.reading.since) >= KEPT_ON_TIME.READ_CAP_MS) {
        const since = watch.elapsed();
        const reading = {
          since,
          done: watch.source(KEPT_ON_TIME.READ_CAP_MS).then(
            (ratios) => {
              watch.last = { at: since, ratios };
            },
            (error: unknown) => watch.onError(error),
          ),
        };
        void reading.done.finally(() => {
          if (watch.reading === reading) watch.reading = undefined;
        });
        watch.reading = reading;
      }
      const giveUp = new AbortController();
      const waited = await Promise.race([
        watch.reading.done.then(() => true),
        sleep(KEPT_ON_TIME.WAIT_MS, false, { signal: giveUp.signal }).catch(() => false),
      ]);
      giveUp.abort();
      if (!waited)
        watch.onError(
          new Error(`the kept-on-time ratio took longer than ${KEPT_ON_TIME.WAIT_MS} ms; the last figure, if recent, is shown meanwhile`),
        );
    }
    if (!watch.last || age(watch.last.at) >= KEPT_ON_TIME.KEEP_MS) return;
    for (const [team, ratio] of watch.last.ratios) if (ratio !== null) this.keptOnTimeRatio.set({ team }, ratio);
  }

  constructor(options: { collectProcessMetrics: boolean } = { collectProcessMetrics: true }) {
    if (options.collectProcessMetrics) collectDefaultMetrics({ register: this.registry });
  }
}
