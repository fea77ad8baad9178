import { randomUUID } from 'node:crypto';
import type { Middleware, TurnContext } from 'botbuilder';
import type { RouteDefinition } from '../http/route';
import type { Logger } from '../../services/observability/logger';
import type { AppMetrics } from '../../services/observability/metrics';
import type { Database } from '../../services/store/database';
import { ClaimLedger } from '../../services/store/leasedClaims';
import { WhatsAppContacts } from '../../services/whatsapp/contacts';
import { GraphClient } from '../../services/whatsapp/graphClient';
import { WhatsAppInbox } from '../../services/whatsapp/inbox';
import { WhatsAppOneTimeCodeSender } from '../../services/whatsapp/oneTimeCodeSender';
import { WhatsAppOutbox } from '../../services/whatsapp/outbox';
import { WhatsAppSender } from '../../services/whatsapp/sender';
import { WhatsAppStatuses } from '../../services/whatsapp/statuses';
import { turnErrorHandler } from '../adapter';
import type { AppConfig } from '../config';
import { InboxWorker } from './inboxWorker';
import { whatsAppRoutes } from './routes';
import { WhatsAppAdapter } from './whatsAppAdapter';

export interface WhatsAppChannel {
  adapter: WhatsAppAdapter;
  /** One-time codes over WhatsApp, when an authentication template is configured (for the OTP flow). */
  oneTimeCodes: WhatsAppOneTimeCodeSender | undefined;
  /** Its webhook routes (/api/whatsapp). */
  routes: RouteDefinition[];
  /** Starts the inbox worker: picks up what a crash left, then what each webhook records. */
  start(): void;
  stop(): Promise<void>;
  /** Resolves when no inbound turn or outbox retry is running. */
  idle(): Promise<void>;
}

/** WhatsApp's sending side: what the domain needs before any conversation exists (one-time codes, notices). */
export interface WhatsAppOutbound {
  graph: GraphClient;
  sender: WhatsAppSender;
  claims: ClaimLedger;
  contacts: WhatsAppContacts;
  /** One-time codes over WhatsApp, when an authentication template is configured (for the OTP flow). */
  oneTimeCodes: WhatsAppOneTimeCodeSender | undefined;
}

export interface WhatsAppOutboundDependencies {
  database: Database;
  logger: Logger;
  metrics: AppMetrics;
  clock: () => Date;
}

export interface WhatsAppChannelDependencies extends WhatsAppOutboundDependencies {
  turnMiddleware: readonly Middleware[];
  logic: (context: TurnContext) => Promise<void>;
}

export function isWhatsAppConfigured(config: AppConfig): boolean {
  return config.WHATSAPP_PHONE_NUMBER_ID !== '' && config.WHATSAPP_ACCESS_TOKEN !== '';
}

/** WhatsApp's sending side, or undefined when WhatsApp is not configured. */
export function createWhatsAppOutbound(config: AppConfig, deps: WhatsAppOutboundDependencies): WhatsAppOutbound | undefined {
  if (!isWhatsAppConfigured(config)) return undefined;
  const { database, logger, metrics, clock } = deps;
  const graph = new GraphClient(
    {
      baseUrl: config.WHATSAPP_GRAPH_BASE_URL,
      apiVersion: config.WHATSAPP_GRAPH_API_VERSION,
      phoneNumberId: config.WHATSAPP_PHONE_NUMBER_ID,
      accessToken: config.WHATSAPP_ACCESS_TOKEN,
    },
    {
      onRetry: (failure) => {
        metrics.whatsappOutbound.inc({ type: 'any', outcome: 'retried' });
        logger.warn(
          { channel: 'whatsapp', status: failure.status, metaCode: failure.metaCode, attempt: failure.attempt, delayMs: failure.delayMs },
          'Graph API send failed; retrying',
        );
      },
    },
  );
  const languageCodes = { es: config.WHATSAPP_TEMPLATE_LANGUAGE_ES, en: config.WHATSAPP_TEMPLATE_LANGUAGE_EN };
  const claims = new ClaimLedger(database.collection('whatsappClaims'), `${process.pid}-${randomUUID()}`);
  const contacts = new WhatsAppContacts(database.collection('whatsappContacts'));
  const sender = new WhatsAppSender({
    graph,
    contacts,
    outbox: new WhatsAppOutbox(database.collection('whatsappOutbox')),
    claims,
    templates: {
      names: {
        reminder: config.WHATSAPP_TEMPLATE_REMINDER,
        apology: config.WHATSAPP_TEMPLATE_APOLOGY,
        follow_up: config.WHATSAPP_TEMPLATE_FOLLOW_UP,
      },
      languageCodes,
    },
    logger,
    metrics,
    clock,
    outboxBaseDelayMs: config.WHATSAPP_OUTBOX_RETRY_BASE_MS,
  });
  return {
    graph,
    sender,
    claims,
    contacts,
    oneTimeCodes: config.WHATSAPP_TEMPLATE_ONE_TIME_CODE
      ? new WhatsAppOneTimeCodeSender(graph, { name: config.WHATSAPP_TEMPLATE_ONE_TIME_CODE, languageCodes })
      : undefined,
  };
}

/** Its receiving side on top of the sending one: the adapter the turns run through, the webhook, the inbox worker. */
export function createWhatsAppChannel(config: AppConfig, outbound: WhatsAppOutbound, deps: WhatsAppChannelDependencies): WhatsAppChannel {
  const { database, logger, metrics, clock } = deps;
  const { sender, claims, contacts } = outbound;
  const inbox = new WhatsAppInbox(database.collection('whatsappInbox'));
  const statuses = new WhatsAppStatuses(database.collection('whatsappStatuses'));

  const adapter = new WhatsAppAdapter(sender, config.WHATSAPP_GRAPH_BASE_URL);
  adapter.use(...deps.turnMiddleware);
  adapter.onTurnError = turnErrorHandler(logger, metrics);
  const worker = new InboxWorker({
    inbox,
    claims,
    contacts,
    statuses,
    sender,
    adapter,
    logic: deps.logic,
    logger,
    metrics,
    clock,
    leaseMs: config.WHATSAPP_INBOX_LEASE_MS,
    pollMs: config.WHATSAPP_RETRY_POLL_MS,
  });
  return {
    adapter,
    oneTimeCodes: outbound.oneTimeCodes,
    routes: whatsAppRoutes({
      appSecret: config.WHATSAPP_APP_SECRET,
      verifyToken: config.WHATSAPP_VERIFY_TOKEN,
      inbox,
      statuses,
      contacts,
      afterRecorded: () => worker.kick(),
      logger,
      metrics,
      clock,
      bodyLimitBytes: config.BODY_LIMIT_BYTES,
    }),
    start: () => worker.start(),
    stop: () => worker.stop(),
    idle: () => worker.idle(),
  };
}
