import { createLogger, Logger } from '../services/observability/logger';
import { AppMetrics } from '../services/observability/metrics';
import { RateLimiter } from '../services/rateLimit/rateLimiter';
import type { Database } from '../services/store/database';
import { openDatabase } from '../services/store/openDatabase';
import { findProjectRoot } from '../services/store/projectRoot';
import type { AppConfig } from './config';
import { adminReportRoutes } from './http/adminReportRoutes';
import { proactiveRoutes } from './http/proactiveRoutes';
import { createHttpServer, type HttpServer } from './http/server';
import type { OptOutNoticeJob } from './jobs/optOutNoticeJob';
import { createWhatsAppOutbound, type WhatsAppChannel } from './whatsapp/channel';
import { createChannels } from './wiring/channels';
import { createDomain } from './wiring/domain';
import { createJobs } from './wiring/jobs';
import { createStores } from './wiring/stores';
import { createTurnPipeline } from './wiring/turns';

export interface RunningApp {
  url: string;
  port: number;
  database: Database;
  logger: Logger;
  /** Set on the first start of an embedded database: the admin API key, to show once. */
  bootstrapAdminKey?: string;
  /** The WhatsApp channel, when configured (its one-time code sender, its adapter for proactive sends). */
  whatsapp?: WhatsAppChannel;
  /** HTTP requests being served right now. */
  inFlight(): number;
  /** The periodic jobs, for a run now (tests; each also runs on its own timer). */
  jobs: { optOutNotices: Pick<OptOutNoticeJob, 'runOnce'> };
  /** The HTTP server as built, with its routes (tests read what it serves from here). */
  http: HttpServer;
  /** The promise job: one pass now (tests with a pinned clock drive it; it also runs every PROMISE_POLL_MS). */
  promises: { runOnce(): Promise<void> };
  /** Stops accepting, lets in-flight turns finish (up to the grace period), closes the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** Tests run several apps in one process; only a real process should export process-wide metrics. */
  collectProcessMetrics?: boolean;
  /** The one clock of the app; tests pin it to a literal instant. */
  clock?: () => Date;
  /** The embedded database died and could not be started again: the process should end (bot/index.ts exits 1). */
  onEmbeddedDatabaseLost?: (error: Error) => void;
}

/**
 * The one wiring place, read top to bottom: the database, then the stores, the domain, the turn pipeline, the
 * channels and the jobs (bot/wiring/, one step each), then the HTTP server. Every collaborator is handed in.
 */
export async function startApp(config: AppConfig, options: StartOptions = {}): Promise<RunningApp> {
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL, logMessageText: config.LOG_MESSAGE_TEXT });
  const projectRoot = findProjectRoot();
  const { database, embedded } = await openDatabase({
    uri: config.MONGODB_URI,
    dbName: config.MONGODB_DB,
    engine: config.EMBEDDED_DB,
    dataDir: config.DATA_DIR,
    projectRoot,
    logger,
    ...(options.onEmbeddedDatabaseLost ? { onEmbeddedLost: options.onEmbeddedDatabaseLost } : {}),
  });
  const clock = options.clock ?? (() => new Date());
  const metrics = new AppMetrics({ collectProcessMetrics: options.collectProcessMetrics ?? true });

  const stores = await createStores({ database, config, clock, logger, metrics, projectRoot });
  const whatsappOutbound = createWhatsAppOutbound(config, { database, logger, metrics, clock });
  const domain = createDomain({ stores, config, clock, logger, metrics, whatsapp: whatsappOutbound });
  const turns = await createTurnPipeline({ stores, domain, config, clock, logger, metrics });
  const channels = createChannels({ turns, whatsappOutbound, database, config, clock, logger, metrics, projectRoot });
  const jobs = createJobs({ stores, domain, turns, channels, config, clock, logger });

  const { apiKeys, ruleSets, teams, bookings, people, ledger, exclusions, attempts, problems, agents } = stores;
  const rateLimiter = new RateLimiter(database.collection('rateLimits'), () => clock().getTime());
  const http = createHttpServer({
    adapter: turns.adapter,
    bot: turns.bot,
    database,
    apiKeys,
    ruleSets,
    teams,
    bookings,
    people,
    clock,
    consent: { ledger, rights: domain.dataRights, exclusions, clock, exclusionListMaxAgeDays: config.EXCLUSION_LIST_MAX_AGE_DAYS },
    agents: { contactability: domain.contactability, attempts, people, ruleSets, clock },
    defaultPhoneCountry: config.DEFAULT_PHONE_COUNTRY,
    handoff: { desk: domain.agentDesk, agents, problems, people, clock, defaultTimeZone: config.AGENT_DEFAULT_TIME_ZONE },
    metrics,
    logger,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    anonymous: !config.MicrosoftAppId,
    routes: [
      ...channels.webChat.routes,
      ...proactiveRoutes(channels.messenger),
      ...(channels.whatsapp?.routes ?? []),
      ...adminReportRoutes({ report: domain.promiseReport, clock }),
    ],
    guards: {
      limiter: rateLimiter,
      perIp: { limit: config.RATE_LIMIT_PER_IP_PER_MINUTE, windowMs: 60_000 },
      perPerson: { limit: config.RATE_LIMIT_PER_PERSON_PER_MINUTE, windowMs: 60_000 },
      perIpOnMessages: !config.MicrosoftAppId,
      trustedProxyHops: config.TRUSTED_PROXY_HOPS,
    },
  });
  channels.webChat.attach(http.server.server);
  // First run on the embedded database: an admin key, so the admin API is usable at once.
  const bootstrapAdminKey =
    embedded && (await apiKeys.countActive('admin')) === 0 ? (await apiKeys.create('admin', 'first-run bootstrap')).key : undefined;

  await new Promise<void>((resolve, reject) => {
    http.server.server.once('error', reject);
    http.server.listen(config.PORT, config.HOST, () => resolve());
  });
  const port = http.server.address().port;
  jobs.start();
  const url = `http://localhost:${port}`;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      channels.webChat.close();
      await stopAccepting(http.server.server, () => http.inFlight(), config.SHUTDOWN_GRACE_MS);
      await jobs.stop();
      await turns.stateClaims.drain();
      await rateLimiter.drain();
      await database.close();
      await embedded?.stop();
    })();
    return closing;
  };
  return {
    url,
    port,
    database,
    logger,
    bootstrapAdminKey,
    whatsapp: channels.whatsapp,
    inFlight: () => http.inFlight(),
    http,
    promises: { runOnce: () => jobs.promises.runOnce() },
    jobs: { optOutNotices: jobs.optOutNotices },
    close,
  };
}

async function stopAccepting(server: import('node:http').Server, inFlight: () => number, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const deadline = Date.now() + graceMs;
  while (inFlight() > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    server.closeIdleConnections();
  }
  server.closeAllConnections();
  await closed;
}
