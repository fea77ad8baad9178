import path from 'node:path';
import { AddressInfo } from 'node:net';
import { ConversationState, UserState } from 'botbuilder';
import { MainDialog } from '../dialogs/mainDialog';
import type { ConversationFlags } from '../dialogs/mainDialog';
import type { UserProfile } from '../dialogs/userProfile';
import { ApiKeyStore } from '../services/auth/apiKeys';
import { defaultRuleSet } from '../services/availability/defaultRuleSet';
import { parseRuleSet } from '../services/availability/ruleSet';
import { RuleSetStore, RuleSetVersionConflict } from '../services/availability/ruleSetStore';
import { BookingService } from '../services/booking/bookingService';
import { CallbackConsent } from '../services/consent/callbackConsent';
import { ConsentLedger } from '../services/consent/ledger';
import { PeopleStore } from '../services/people/peopleStore';
import { CallbackDesk } from '../services/scheduling/callbackDesk';
import { DataRights } from '../services/dataRights/dataRights';
import { CallAttempts } from '../services/contactability/callAttempts';
import { Contactability } from '../services/contactability/contactability';
import { ExclusionLists } from '../services/contactability/exclusionLists';
import { RightsDesk } from '../services/dataRights/rightsDesk';
import { createLogger, Logger } from '../services/observability/logger';
import { AppMetrics } from '../services/observability/metrics';
import { connectDatabase, Database } from '../services/store/database';
import { EmbeddedDatabase, startEmbeddedDatabase } from '../services/store/embeddedDatabase';
import { findProjectRoot } from '../services/store/projectRoot';
import { createAdapter } from './adapter';
import { TurnTelemetry } from './middleware/turnTelemetry';
import { OrderedTurns } from './middleware/orderedTurns';
import { serverKind } from '../services/store/serverKind';
import { VersionClaims } from '../services/turns/versionClaims';
import { RateLimiter } from '../services/rateLimit/rateLimiter';
import { CallbackBot } from './callbackBot';
import type { AppConfig } from './config';
import { createHttpServer } from './http/server';
import { MongoStorage } from './mongoStorage';
import { phoneHashSecret } from './phoneHashSecret';

export interface RunningApp {
  url: string;
  port: number;
  database: Database;
  logger: Logger;
  /** Set on the first start of an embedded database: the admin API key, to show once. */
  bootstrapAdminKey?: string;
  /** HTTP requests being served right now. */
  inFlight(): number;
  /** Stops accepting, lets in-flight turns finish (up to the grace period), closes the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** Tests run several apps in one process; only a real process should export process-wide metrics. */
  collectProcessMetrics?: boolean;
  /** The one clock of the app; tests pin it to a literal instant. */
  clock?: () => Date;
}

/** The one wiring place: every collaborator is created here and handed in through constructors. */
export async function startApp(config: AppConfig, options: StartOptions = {}): Promise<RunningApp> {
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL, logMessageText: config.LOG_MESSAGE_TEXT });
  const projectRoot = findProjectRoot();
  let embedded: EmbeddedDatabase | undefined;
  if (!config.MONGODB_URI) {
    embedded = await startEmbeddedDatabase({
      projectRoot,
      engine: config.EMBEDDED_DB,
      dataDir: path.resolve(projectRoot, config.DATA_DIR, 'db'),
      logger,
    });
  }
  const database = await connectDatabase({ uri: config.MONGODB_URI ?? embedded!.uri, dbName: config.MONGODB_DB }).catch(
    async (error: unknown) => {
      await embedded?.stop();
      throw error;
    },
  );

  const clock = options.clock ?? (() => new Date());
  const metrics = new AppMetrics({ collectProcessMetrics: options.collectProcessMetrics ?? true });
  const storage = new MongoStorage(database.botState, database.collection('botStateClaims'), {
    reads: (await serverKind(database.db)) === 'ferretdb' ? 'each' : 'in',
  });
  const rateLimiter = new RateLimiter(database.collection('rateLimits'));
  const stateClaims = new VersionClaims(database.collection('botStateClaims'), { leaseMs: config.TURN_LEASE_MS, retireAfterMs: 10_000 });
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);

  const apiKeys = new ApiKeyStore(database.apiKeys);
  const ruleSets = new RuleSetStore(database.ruleSetVersions);
  const people = new PeopleStore(database.collection('people'), database.collection('channelAccounts'), clock);
  const bookings = new BookingService(database.collection('callbacks'));
  const hashSecret = phoneHashSecret(config.PHONE_HASH_SECRET, path.resolve(projectRoot, config.DATA_DIR));
  const ledger = new ConsentLedger(database.collection('consentEvents'), database.collection('suppressions'), hashSecret);
  const exclusions = new ExclusionLists(database.collection('exclusionLists'), database.collection('exclusionEntries'), hashSecret);
  const attempts = new CallAttempts(database.collection('callAttempts'));
  const contactability = new Contactability(people, ledger, bookings, attempts, exclusions, {
    maxAttempts: config.FREQUENCY_CAP_ATTEMPTS,
    perDays: config.FREQUENCY_CAP_DAYS,
    exclusionListMaxAgeDays: config.EXCLUSION_LIST_MAX_AGE_DAYS,
  });
  const dataRights = new DataRights(database.db, people, ledger, bookings);
  if (!(await ruleSets.current(config.DEFAULT_RULE_SET_ID))) {
    // A fresh installation books into sensible defaults until an admin edits them.
    await ruleSets.save(parseRuleSet(defaultRuleSet(config.DEFAULT_RULE_SET_ID)), 'system:first-run').catch((error: unknown) => {
      if (!(error instanceof RuleSetVersionConflict)) throw error; // another replica seeded it first
    });
  }

  const dialog = new MainDialog(
    userState.createProperty<UserProfile>('profile'),
    conversationState.createProperty<ConversationFlags>('flags'),
    {
      desk: new CallbackDesk(people, bookings, ruleSets, config.DEFAULT_RULE_SET_ID, clock),
      consent: new CallbackConsent(ledger, clock),
      clock,
      defaultPhoneCountry: config.DEFAULT_PHONE_COUNTRY,
      customerServiceContact: config.CUSTOMER_SERVICE_CONTACT,
      rights: new RightsDesk(people, dataRights, bookings, clock),
    },
  );
  const bot = new CallbackBot(conversationState, dialog);
  // Every adapter (Bot Connector, WhatsApp, local Direct Line) runs turns through the same middleware.
  // OrderedTurns goes last: it loads and saves the state the bot logic uses, around that logic alone.
  const turnMiddleware = [
    new TurnTelemetry(logger, metrics),
    new OrderedTurns(conversationState, userState, storage, stateClaims, logger, {
      leaseMs: config.TURN_LEASE_MS,
      maxWaitMs: config.TURN_LEASE_MS + 15_000,
      maxRetries: 3,
    }),
  ];
  const adapter = createAdapter(config, logger, metrics, turnMiddleware);
  const http = createHttpServer({
    adapter,
    bot,
    database,
    apiKeys,
    ruleSets,
    people,
    clock,
    consent: { people, ledger, rights: dataRights, exclusions, clock },
    agents: { contactability, attempts, people, clock },
    metrics,
    logger,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    guards: {
      limiter: rateLimiter,
      perIp: { limit: config.RATE_LIMIT_PER_IP_PER_MINUTE, windowMs: 60_000 },
      perPerson: { limit: config.RATE_LIMIT_PER_PERSON_PER_MINUTE, windowMs: 60_000 },
      perIpOnMessages: !config.MicrosoftAppId,
      trustedProxyHops: config.TRUSTED_PROXY_HOPS,
    },
  });
  // First run on the embedded database: an admin key, so the admin API is usable at once.
  const bootstrapAdminKey =
    embedded && (await apiKeys.countActive('admin')) === 0 ? (await apiKeys.create('admin', 'first-run bootstrap')).key : undefined;

  await new Promise<void>((resolve, reject) => {
    http.server.server.once('error', reject);
    http.server.listen(config.PORT, config.HOST, () => resolve());
  });
  const port = (http.server.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await stopAccepting(http.server.server, http.inFlight, config.SHUTDOWN_GRACE_MS);
      await stateClaims.drain();
      await rateLimiter.drain();
      await database.close();
      await embedded?.stop();
    })();
    return closing;
  };
  return { url, port, database, logger, bootstrapAdminKey, inFlight: http.inFlight, close };
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
