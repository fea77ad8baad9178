import { CallbackConsent } from '../../services/consent/callbackConsent';
import { Contactability } from '../../services/contactability/contactability';
import { DataRights } from '../../services/dataRights/dataRights';
import { OptOutNotices } from '../../services/dataRights/optOutNotices';
import { RightsDesk } from '../../services/dataRights/rightsDesk';
import { AgentDesk } from '../../services/handoff/agentDesk';
import { HandoffSummaries } from '../../services/handoff/summaries';
import { SummaryModel, type SummaryModelSettings } from '../../services/handoff/summaryModel';
import { OneTimeCodes } from '../../services/identity/oneTimeCodes';
import { SmsWebhookSender } from '../../services/identity/smsWebhookSender';
import type { Logger } from '../../services/observability/logger';
import type { AppMetrics } from '../../services/observability/metrics';
import { CallRetries } from '../../services/promises/callRetries';
import { PromiseReport } from '../../services/promises/promiseReport';
import { CallbackDesk } from '../../services/scheduling/callbackDesk';
import type { AppConfig } from '../config';
import type { WhatsAppOutbound } from '../whatsapp/channel';
import type { Stores } from './stores';

export interface DomainOptions {
  stores: Stores;
  config: AppConfig;
  clock: () => Date;
  logger: Logger;
  metrics: AppMetrics;
  /** WhatsApp's sending side, when configured: one-time codes go by its authentication template. */
  whatsapp: WhatsAppOutbound | undefined;
}

/** Step 2: the services over the stores: what the dialogs, the agents, the admin API and the jobs ask. */
export function createDomain({ stores, config, clock, logger, metrics, whatsapp }: DomainOptions) {
  const { database, people, ledger, bookings, attempts, exclusions, problems, ruleSets, teams, timeline, agents } = stores;
  const callbacks = database.collection('callbacks');
  const frequencyCap = { maxAttempts: config.FREQUENCY_CAP_ATTEMPTS, perDays: config.FREQUENCY_CAP_DAYS };
  const contactability = new Contactability({
    people,
    ledger,
    bookings,
    attempts,
    exclusions,
    options: { ...frequencyCap, exclusionListMaxAgeDays: config.EXCLUSION_LIST_MAX_AGE_DAYS },
    problems,
    callerNumbers: { ruleSets, defaultRuleSetId: config.DEFAULT_RULE_SET_ID },
  });
  const summaries = new HandoffSummaries({
    summaries: database.collection('summaries'),
    timeline,
    problems,
    people,
    ledger,
    callbacks,
    model: new SummaryModel(summaryModelSettings(config)),
    options: { cap: config.HANDOFF_TIMELINE_CAP, companyName: config.HANDOFF_COMPANY_NAME, clock, logger },
  });
  const promiseReport = new PromiseReport(callbacks, ruleSets);
  metrics.watchKeptOnTime(
    (maxTimeMS) => promiseReport.recentRatios(clock(), maxTimeMS),
    (error) => logger.warn({ err: error }, 'kept-on-time ratio not measured for this scrape'),
  );
  const retries = new CallRetries({ callbacks, bookings, ruleSets, people, attempts, frequencyCap });
  const dataRights = new DataRights(database.db, people, ledger, bookings, clock);
  const agentDesk = new AgentDesk({
    callbacks,
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
    agents,
    teams,
    defaultTeamId: config.DEFAULT_RULE_SET_ID,
    clock,
  });
  // A code goes by WhatsApp when its authentication template is configured, else by the SMS webhook.
  const sms = config.SMS_WEBHOOK_URL ? new SmsWebhookSender({ url: config.SMS_WEBHOOK_URL, token: config.SMS_WEBHOOK_TOKEN }) : null;
  const oneTimeCodes = new OneTimeCodes({
    codes: database.collection('oneTimeCodes'),
    slots: database.collection('oneTimeCodeSlots'),
    people,
    hashSecret: stores.hashSecret,
    sender: whatsapp?.oneTimeCodes ?? sms,
    clock,
  });
  const optOutNotices = new OptOutNotices(database.collection('optOutNotices'), people, clock);
  return {
    contactability,
    summaries,
    promiseReport,
    retries,
    dataRights,
    agentDesk,
    optOutNotices,
    /** The scheduling conversation's door, its consent question and its rights. */
    desk: new CallbackDesk(people, bookings, ruleSets, teams, config.DEFAULT_RULE_SET_ID, clock),
    consent: new CallbackConsent(ledger, dataRights, clock),
    rights: new RightsDesk(people, dataRights, bookings, oneTimeCodes, optOutNotices, clock),
  };
}

export type Domain = ReturnType<typeof createDomain>;

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
