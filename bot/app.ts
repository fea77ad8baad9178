import { TeamStore } from '../services/teams/teamStore';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { ConversationState, UserState } from 'botbuilder';
import { MainDialog } from '../dialogs/mainDialog';
import type { ConversationFlags } from '../dialogs/mainDialog';
import type { UserProfile } from '../dialogs/userProfile';
import { ApiKeyStore } from '../services/auth/apiKeys';
import { defaultRuleSet } from '../services/availability/defaultRuleSet';
import { parseRuleSet } from '../services/availability/ruleSet';
import { RuleSetStore, RuleSetVersionConflict } from '../services/availability/ruleSetStore';
import { bookingServiceOn } from '../services/booking/bookingService';
import { CallbackConsent } from '../services/consent/callbackConsent';
import { ConsentLedger } from '../services/consent/ledger';
import { PeopleStore } from '../services/people/peopleStore';
import { CallbackDesk } from '../services/scheduling/callbackDesk';
import { DataRights } from '../services/dataRights/dataRights';
import { CallAttempts } from '../services/contactability/callAttempts';
import { Contactability } from '../services/contactability/contactability';
import { ExclusionLists } from '../services/contactability/exclusionLists';
import { OptOutNotices } from '../services/dataRights/optOutNotices';
import { RightsDesk } from '../services/dataRights/rightsDesk';
import { OneTimeCodes } from '../services/identity/oneTimeCodes';
import { SmsWebhookSender } from '../services/identity/smsWebhookSender';
import { createLogger, Logger } from '../services/observability/logger';
import { AppMetrics } from '../services/observability/metrics';
import type { Database } from '../services/store/database';
import { ClaimLedger } from '../services/store/leasedClaims';
import { openDatabase } from '../services/store/openDatabase';
import { findProjectRoot } from '../services/store/projectRoot';
import { createAdapter, turnErrorHandler } from './adapter';
import { TurnEntry } from './middleware/turnEntry';
import { TurnIdentity } from './middleware/turnIdentity';
import { TurnReads } from './middleware/turnReads';
import { TurnTelemetry } from './middleware/turnTelemetry';
import { OrderedTurns } from './middleware/orderedTurns';
import { serverKind } from '../services/store/serverKind';
import { VersionClaims } from '../services/turns/versionClaims';
import { RateLimiter } from '../services/rateLimit/rateLimiter';
import { CallbackBot } from './callbackBot';
import { ConversationRetentionJob } from './jobs/conversationRetentionJob';
import { NoticeChannel, OptOutNoticeJob } from './jobs/optOutNoticeJob';
import type { AppConfig } from './config';
import { createHttpServer, type HttpServer } from './http/server';
import { mongoStorageFor } from './mongoStorage';
import { phoneHashSecret } from './phoneHashSecret';
import { proactiveRoutes } from './http/proactiveRoutes';
import { adminReportRoutes } from './http/adminReportRoutes';
import { PromiseReport } from '../services/promises/promiseReport';
import { ConversationReferences, PROACTIVE_CHANNELS } from './proactive/conversationReferences';
import { ProactiveMessenger } from './proactive/proactiveMessenger';
import { ClientInfoTimeZone } from './teams/clientTimeZone';
import { TeamsTenantGate } from './teams/tenantGate';
import { createWebChat } from './webchat/webChat';
import { createWhatsAppChannel, WhatsAppChannel } from './whatsapp/channel';
import { AgentDesk } from '../services/handoff/agentDesk';
import { CallRetries } from '../services/promises/callRetries';
import { PromiseKeeper } from '../services/promises/promiseKeeper';
import { PromiseJob } from './jobs/promiseJob';
import { PromiseTelling } from './promises/promiseTelling';
import { AgentRouting } from '../services/handoff/agentRouting';
import { AgentStore } from '../services/handoff/agents';
import { ProblemStore } from '../services/handoff/problems';
import { HandoffSummaries } from '../services/handoff/summaries';
import { SummaryModel, type SummaryModelSettings } from '../services/handoff/summaryModel';
import { TimelineStore } from '../services/handoff/timeline';
import { TimelineEvents } from '../services/handoff/timelineEvents';
import { TranscriptRecorder } from '../services/handoff/transcriptRecorder';
import { TranscriptMiddleware } from './middleware/transcript';
import { AgentChannel } from './teams/agentChannel';

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

/** The one wiring place: every collaborator is created here and handed in through constructors. */
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
  const storage = mongoStorageFor(
    await serverKind(database.db),
    database.botState,
    database.collection('botStateClaims'),
    config.TURN_LEASE_MS,
  );
  const rateLimiter = new RateLimiter(database.collection('rateLimits'));
  const stateClaims = new VersionClaims(database.collection('botStateClaims'), { leaseMs: config.TURN_LEASE_MS, retireAfterMs: 10_000 });
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);

  const apiKeys = new ApiKeyStore(database.apiKeys);
  const ruleSets = new RuleSetStore(database.ruleSetVersions);
  const people = new PeopleStore(database.collection('people'), database.collection('channelAccounts'), clock);
  // The person's timeline hears of every booking change, consent event and call attempt where it is written.
  const timeline = new TimelineStore(database.collection('transcripts'));
  const timelineEvents = new TimelineEvents(timeline, logger);
  const bookings = bookingServiceOn(database, {
    changed: (change) => timelineEvents.bookingChanged(change),
    transitioned: metrics.callbackTransitioned,
  });
  const hashSecret = phoneHashSecret(config.PHONE_HASH_SECRET, path.resolve(projectRoot, config.DATA_DIR));
  const ledger = new ConsentLedger(database.collection('consentEvents'), database.collection('suppressions'), hashSecret, clock, (event) =>
    timelineEvents.consentRecorded(event),
  );
  const exclusions = new ExclusionLists(database.collection('exclusionLists'), database.collection('exclusionEntries'), hashSecret);
  const attempts = new CallAttempts(database.collection('callAttempts'), (attempt) => timelineEvents.callAttempted(attempt));
  const problems = new ProblemStore(database.collection('problems'), timeline);
  const frequencyCap = { maxAttempts: config.FREQUENCY_CAP_ATTEMPTS, perDays: config.FREQUENCY_CAP_DAYS };
  const contactability = new Contactability(
    people,
    ledger,
    bookings,
    attempts,
    exclusions,
    { ...frequencyCap, exclusionListMaxAgeDays: config.EXCLUSION_LIST_MAX_AGE_DAYS },
    problems,
    { ruleSets, defaultRuleSetId: config.DEFAULT_RULE_SET_ID },
  );
  const summaries = new HandoffSummaries(
    database.collection('summaries'),
    timeline,
    problems,
    people,
    ledger,
    database.collection('callbacks'),
    new SummaryModel(summaryModelSettings(config)),
    { cap: config.HANDOFF_TIMELINE_CAP, companyName: config.HANDOFF_COMPANY_NAME, clock, logger },
  );
  const promiseReport = new PromiseReport(database.collection('callbacks'), ruleSets);
  metrics.watchKeptOnTime(
    (maxTimeMS) => promiseReport.recentRatios(clock(), maxTimeMS),
    (error) => logger.warn({ err: error }, 'kept-on-time ratio not measured for this scrape'),
  );
  const agentStore = new AgentStore(database.collection('agents'), clock);
  const teams = new TeamStore(database.collection('teamVersions'), clock);
  const retries = new CallRetries({ callbacks: database.collection('callbacks'), bookings, ruleSets, people, attempts, frequencyCap });
  const dataRights = new DataRights(database.db, people, ledger, bookings, clock);
  const agentDesk = new AgentDesk({
    callbacks: database.collection('callbacks'),
    claims: database.collection('callbackClaims'),
    timeline,
    summaries,
    people,
    contactability,
    attempts,
    dataRights,
    bookings,
    ruleSets,
    retries,
    agents: agentStore,
    teams,
    defaultTeamId: config.DEFAULT_RULE_SET_ID,
    clock,
  });
  const sms = config.SMS_WEBHOOK_URL ? new SmsWebhookSender({ url: config.SMS_WEBHOOK_URL, token: config.SMS_WEBHOOK_TOKEN }) : null;
  // A code goes by WhatsApp when its authentication template is configured (the channel is made further down), else by SMS.
  const channels: { whatsapp?: WhatsAppChannel } = {};
  const codeSender = () => channels.whatsapp?.oneTimeCodes ?? sms;
  const oneTimeCodes = new OneTimeCodes(
    database.collection('oneTimeCodes'),
    database.collection('oneTimeCodeSlots'),
    people,
    hashSecret,
    codeSender,
    clock,
  );
  const optOutNotices = new OptOutNotices(database.collection('optOutNotices'), people, clock);
  if (!(await ruleSets.current(config.DEFAULT_RULE_SET_ID))) {
    // A fresh installation books into sensible defaults until an admin edits them.
    await ruleSets.save(parseRuleSet(defaultRuleSet(config.DEFAULT_RULE_SET_ID)), 'system:first-run').catch((error: unknown) => {
      if (!(error instanceof RuleSetVersionConflict)) throw error; // another replica seeded it first
    });
  }
  await teams.ensureDefault(config.DEFAULT_RULE_SET_ID);

  const dialog = new MainDialog(
    userState.createProperty<UserProfile>('profile'),
    conversationState.createProperty<ConversationFlags>('flags'),
    {
      desk: new CallbackDesk(people, bookings, ruleSets, teams, config.DEFAULT_RULE_SET_ID, clock),
      consent: new CallbackConsent(ledger, dataRights, clock),
      problems,
      clock,
      defaultPhoneCountry: config.DEFAULT_PHONE_COUNTRY,
      customerServiceContact: config.CUSTOMER_SERVICE_CONTACT,
      rights: new RightsDesk(people, dataRights, bookings, oneTimeCodes, optOutNotices, clock),
    },
  );
  const bot = new CallbackBot(conversationState, dialog);
  // Channels that can reach a person unprompted, for the notice that someone else opted their number out.
  const noticeChannels: NoticeChannel[] = [];
  // The leases of the jobs' work (opt-out notices, the promise job): one replica does each piece.
  const jobClaims = new ClaimLedger(database.collection('jobClaims'), `${process.pid}-${randomUUID()}`);
  const optOutNoticeJob = new OptOutNoticeJob(optOutNotices, people, noticeChannels, jobClaims, logger);
  const conversationRetention = new ConversationRetentionJob(database.botState, config.CONVERSATION_RETENTION_DAYS, clock, logger);
  const references = new ConversationReferences(database.collection('conversationReferences'), clock);
  const agentChannel = new AgentChannel(
    {
      conversationId: config.TEAMS_AGENTS_CONVERSATION_ID,
      appId: config.MicrosoftAppId,
      language: config.TEAMS_AGENTS_LANGUAGE,
      timeZone: config.AGENT_DEFAULT_TIME_ZONE,
    },
    () => adapter,
    references,
    agentDesk,
    agentStore,
    teams,
    clock,
    logger,
  );
  timelineEvents.whenBooked((callback) => {
    agentChannel.callbackBooked(callback).catch((error: unknown) => logger.warn({ err: error }, 'handoff card not sent'));
  });
  const transcripts = new TranscriptMiddleware(
    new TranscriptRecorder(timeline, database.collection('channelAccounts'), problems, logger),
    clock,
    logger,
    (conversationId, channelId) => agentChannel.isAgentsConversation(conversationId, channelId),
  );
  // Every adapter (Bot Connector, WhatsApp, local Direct Line) runs turns through the same middleware: the agents'
  // channel and the transcript after identity, so both see who is speaking.
  const turnMiddleware = [
    new TurnTelemetry(logger, metrics),
    new TurnReads(),
    new TeamsTenantGate(config.TEAMS_ALLOWED_TENANTS, logger),
    new ClientInfoTimeZone(),
    new TurnIdentity(logger),
    new TurnEntry(),
    references.middleware(),
    agentChannel,
    transcripts,
    // Last: it loads and saves the state the bot logic uses, around that logic alone, one turn of a conversation at a time.
    new OrderedTurns(conversationState, userState, storage, stateClaims, logger, {
      leaseMs: config.TURN_LEASE_MS,
      maxWaitMs: config.TURN_LEASE_MS + 15_000,
      maxRetries: 3,
    }),
  ];
  const adapter = createAdapter(config, logger, metrics, turnMiddleware);
  const webChat = createWebChat({
    config,
    dataDir: path.resolve(projectRoot, config.DATA_DIR),
    database,
    bot,
    turnMiddleware,
    onTurnError: turnErrorHandler(logger, metrics),
    logger,
    clock,
  });
  const whatsapp = (channels.whatsapp = createWhatsAppChannel(config, {
    database,
    logger,
    metrics,
    clock,
    conversationState,
    turnMiddleware,
    logic: (context) => bot.run(context),
  }));
  const messenger = new ProactiveMessenger(
    references,
    adapter,
    config.MicrosoftAppId,
    webChat.localDirectLine,
    whatsapp ? { adapter: whatsapp.adapter, phoneNumberId: config.WHATSAPP_PHONE_NUMBER_ID } : undefined,
  );
  // Teams and Web Chat: into the conversation the person last used there (its stored reference); WhatsApp: by the
  // number (outside the 24-hour window its adapter says it through the follow-up template).
  for (const channelId of [...PROACTIVE_CHANNELS, ...(whatsapp ? ['whatsapp'] : [])]) {
    noticeChannels.push({ channelId, send: (accountId, text) => messenger.deliver(channelId, accountId, text) });
  }
  // The promises the bot made, kept: reminders, calls due and missed, the apology, what changed, on the person's channel.
  const promiseJob = new PromiseJob(
    new PromiseKeeper({
      callbacks: database.collection('callbacks'),
      claims: database.collection('callbackClaims'),
      bookings,
      ruleSets,
      people,
      ledger,
      work: jobClaims,
      person: new PromiseTelling(messenger, bot, teams),
      team: agentChannel,
      offers: new AgentRouting(agentStore, database.collection('agentOffers')),
      clock,
      logger,
    }),
    logger,
    config.PROMISE_POLL_MS,
  );
  const http = createHttpServer({
    adapter,
    bot,
    database,
    apiKeys,
    ruleSets,
    teams,
    bookings,
    people,
    clock,
    consent: { people, ledger, rights: dataRights, exclusions, clock, exclusionListMaxAgeDays: config.EXCLUSION_LIST_MAX_AGE_DAYS },
    agents: { contactability, attempts, people, ruleSets, clock },
    defaultPhoneCountry: config.DEFAULT_PHONE_COUNTRY,
    handoff: { desk: agentDesk, agents: agentStore, problems, people, clock, defaultTimeZone: config.AGENT_DEFAULT_TIME_ZONE },
    metrics,
    logger,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    anonymous: !config.MicrosoftAppId,
    routes: [
      ...webChat.routes,
      ...proactiveRoutes(messenger),
      ...(whatsapp?.routes ?? []),
      ...adminReportRoutes({ report: promiseReport, clock }),
    ],
    guards: {
      limiter: rateLimiter,
      perIp: { limit: config.RATE_LIMIT_PER_IP_PER_MINUTE, windowMs: 60_000 },
      perPerson: { limit: config.RATE_LIMIT_PER_PERSON_PER_MINUTE, windowMs: 60_000 },
      perIpOnMessages: !config.MicrosoftAppId,
      trustedProxyHops: config.TRUSTED_PROXY_HOPS,
    },
  });
  webChat.attach(http.server.server);
  // First run on the embedded database: an admin key, so the admin API is usable at once.
  const bootstrapAdminKey =
    embedded && (await apiKeys.countActive('admin')) === 0 ? (await apiKeys.create('admin', 'first-run bootstrap')).key : undefined;

  await new Promise<void>((resolve, reject) => {
    http.server.server.once('error', reject);
    http.server.listen(config.PORT, config.HOST, () => resolve());
  });
  const port = http.server.address().port;
  optOutNoticeJob.start();
  conversationRetention.start();
  promiseJob.start();
  whatsapp?.start();
  const url = `http://localhost:${port}`;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      webChat.close();
      await stopAccepting(http.server.server, () => http.inFlight(), config.SHUTDOWN_GRACE_MS);
      await optOutNoticeJob.stop();
      await conversationRetention.stop();
      await promiseJob.stop();
      await whatsapp?.stop();
      await stateClaims.drain();
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
    whatsapp,
    inFlight: () => http.inFlight(),
    http,
    promises: { runOnce: () => promiseJob.runOnce() },
    jobs: { optOutNotices: optOutNoticeJob },
    close,
  };
}

function summaryModelSettings(config: AppConfig): SummaryModelSettings {
  const azure =
    config.AZURE_OPENAI_ENDPOINT && config.AZURE_OPENAI_API_KEY && config.AZURE_OPENAI_DEPLOYMENT
      ? {
          endpoint: config.AZURE_OPENAI_ENDPOINT,
          apiKey: config.AZURE_OPENAI_API_KEY,
          deployment: config.AZURE_OPENAI_DEPLOYMENT,
          apiVersion: config.AZURE_OPENAI_API_VERSION,
        }
      : undefined;
  return {
    ...(config.OPENAI_API_KEY ? { apiKey: config.OPENAI_API_KEY } : {}),
    ...(config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : {}),
    ...(azure ? { azure } : {}),
    model: config.OPENAI_MODEL,
    timeoutMs: config.OPENAI_TIMEOUT_MS,
    maxRetries: config.OPENAI_MAX_RETRIES,
    breakerThreshold: 3,
    breakerCooldownMs: 60_000,
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
