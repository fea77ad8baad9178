import { randomUUID } from 'node:crypto';
import { AgentRouting } from '../../services/handoff/agentRouting';
import type { Logger } from '../../services/observability/logger';
import { PromiseKeeper } from '../../services/promises/promiseKeeper';
import { ClaimLedger } from '../../services/store/leasedClaims';
import type { AppConfig } from '../config';
import { ConversationRetentionJob } from '../jobs/conversationRetentionJob';
import { OptOutNoticeJob } from '../jobs/optOutNoticeJob';
import { PromiseJob } from '../jobs/promiseJob';
import { PROACTIVE_CHANNELS } from '../proactive/conversationReferences';
import { PromiseTelling } from '../promises/promiseTelling';
import type { Channels } from './channels';
import type { Domain } from './domain';
import type { Stores } from './stores';
import type { TurnPipeline } from './turns';

export interface JobsOptions {
  stores: Stores;
  domain: Domain;
  turns: TurnPipeline;
  channels: Channels;
  config: AppConfig;
  clock: () => Date;
  logger: Logger;
}

/**
 * Step 5: the work due later, on every replica, each piece claimed with a lease in job_claims (one replica does
 * it): the promises kept, the opt-out notices, the retention of idle conversation state.
 */
export function createJobs({ stores, domain, turns, channels, config, clock, logger }: JobsOptions) {
  const { database, people, bookings, ruleSets, ledger, agents, teams } = stores;
  const { messenger, whatsapp } = channels;
  const claims = new ClaimLedger(database.collection('jobClaims'), `${process.pid}-${randomUUID()}`);
  // Teams and Web Chat: into the conversation the person last used there (its stored reference); WhatsApp: by the
  // number (outside the 24-hour window its adapter says it through the follow-up template).
  const noticeChannels = [...PROACTIVE_CHANNELS, ...(whatsapp ? ['whatsapp'] : [])].map((channelId) => ({
    channelId,
    send: (accountId: string, text: string) => messenger.deliver(channelId, accountId, text),
  }));
  const optOutNotices = new OptOutNoticeJob(domain.optOutNotices, people, noticeChannels, claims, logger);
  const retention = new ConversationRetentionJob(database.botState, config.CONVERSATION_RETENTION_DAYS, clock, logger);
  // The promises the bot made, kept: reminders, calls due and missed, the apology, what changed, on the person's channel.
  const promises = new PromiseJob(
    new PromiseKeeper({
      callbacks: database.collection('callbacks'),
      claims: database.collection('callbackClaims'),
      bookings,
      ruleSets,
      people,
      ledger,
      work: claims,
      person: new PromiseTelling(messenger, turns.bot, teams),
      team: turns.agentChannel,
      offers: new AgentRouting(agents, database.collection('agentOffers')),
      clock,
      logger,
    }),
    logger,
    config.PROMISE_POLL_MS,
  );
  return {
    optOutNotices,
    promises,
    start(): void {
      optOutNotices.start();
      retention.start();
      promises.start();
      whatsapp?.start();
    },
    async stop(): Promise<void> {
      await optOutNotices.stop();
      await retention.stop();
      await promises.stop();
      await whatsapp?.stop();
    },
  };
}
