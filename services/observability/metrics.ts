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

  constructor(options: { collectProcessMetrics: boolean } = { collectProcessMetrics: true }) {
    if (options.collectProcessMetrics) collectDefaultMetrics({ register: this.registry });
  }
}
