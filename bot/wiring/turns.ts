import { ConversationState, UserState } from 'botbuilder';
import { MainDialog, type ConversationFlags } from '../../dialogs/mainDialog';
import type { UserProfile } from '../../dialogs/userProfile';
import { TranscriptRecorder } from '../../services/handoff/transcriptRecorder';
import type { Logger } from '../../services/observability/logger';
import type { AppMetrics } from '../../services/observability/metrics';
import { serverKind } from '../../services/store/serverKind';
import { VersionClaims } from '../../services/turns/versionClaims';
import { createAdapter } from '../adapter';
import { CallbackBot } from '../callbackBot';
import type { AppConfig } from '../config';
import { OrderedTurns } from '../middleware/orderedTurns';
import { TranscriptMiddleware } from '../middleware/transcript';
import { TurnEntry } from '../middleware/turnEntry';
import { TurnIdentity } from '../middleware/turnIdentity';
import { TurnReads } from '../middleware/turnReads';
import { TurnTelemetry } from '../middleware/turnTelemetry';
import { mongoStorageFor } from '../mongoStorage';
import { ConversationReferences } from '../proactive/conversationReferences';
import { AgentChannel } from '../teams/agentChannel';
import { ClientInfoTimeZone } from '../teams/clientTimeZone';
import { TeamsTenantGate } from '../teams/tenantGate';
import type { Domain } from './domain';
import type { Stores } from './stores';

export interface TurnPipelineOptions {
  stores: Stores;
  domain: Domain;
  config: AppConfig;
  clock: () => Date;
  logger: Logger;
  metrics: AppMetrics;
}

/**
 * Step 3: what every turn goes through, on every channel: the dialogs and the bot, the state they keep, and the
 * one middleware list. The Bot Connector's adapter is made here because the agents' channel sends through it.
 */
export async function createTurnPipeline({ stores, domain, config, clock, logger, metrics }: TurnPipelineOptions) {
  const { database, problems, timeline, timelineEvents, agents, teams } = stores;
  const storage = mongoStorageFor(
    await serverKind(database.db),
    database.botState,
    database.collection('botStateClaims'),
    config.TURN_LEASE_MS,
  );
  const stateClaims = new VersionClaims(database.collection('botStateClaims'), { leaseMs: config.TURN_LEASE_MS, retireAfterMs: 10_000 });
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const dialog = new MainDialog(
    userState.createProperty<UserProfile>('profile'),
    conversationState.createProperty<ConversationFlags>('flags'),
    {
      desk: domain.desk,
      consent: domain.consent,
      problems,
      clock,
      defaultPhoneCountry: config.DEFAULT_PHONE_COUNTRY,
      customerServiceContact: config.CUSTOMER_SERVICE_CONTACT,
      rights: domain.rights,
    },
  );
  const bot = new CallbackBot(conversationState, dialog);
  const adapter = createAdapter(config, logger, metrics);
  const references = new ConversationReferences(database.collection('conversationReferences'), clock);
  const agentChannel = new AgentChannel({
    settings: {
      conversationId: config.TEAMS_AGENTS_CONVERSATION_ID,
      appId: config.MicrosoftAppId,
      language: config.TEAMS_AGENTS_LANGUAGE,
      timeZone: config.AGENT_DEFAULT_TIME_ZONE,
    },
    adapter,
    references,
    desk: domain.agentDesk,
    agents,
    teams,
    clock,
    logger,
  });
  timelineEvents.whenBooked((callback) => {
    agentChannel.callbackBooked(callback).catch((error: unknown) => logger.warn({ err: error }, 'handoff card not sent'));
  });
  const transcripts = new TranscriptMiddleware(
    new TranscriptRecorder(timeline, database.collection('channelAccounts'), problems, logger),
    clock,
    logger,
    (conversationId, channelId) => agentChannel.isAgentsConversation(conversationId, channelId),
  );
  // The agents' channel and the transcript come after identity, so both see who is speaking.
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
  adapter.use(...turnMiddleware);
  return { bot, adapter, conversationState, stateClaims, references, agentChannel, turnMiddleware };
}

export type TurnPipeline = Awaited<ReturnType<typeof createTurnPipeline>>;
