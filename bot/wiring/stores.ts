import path from 'node:path';
import { ApiKeyStore } from '../../services/auth/apiKeys';
import { defaultRuleSet } from '../../services/availability/defaultRuleSet';
import { parseRuleSet } from '../../services/availability/ruleSet';
import { RuleSetStore } from '../../services/availability/ruleSetStore';
import { VersionConflict } from '../../services/store/versionConflict';
import { bookingServiceOn } from '../../services/booking/bookingService';
import { ConsentLedger } from '../../services/consent/ledger';
import { CallAttempts } from '../../services/contactability/callAttempts';
import { ExclusionLists } from '../../services/contactability/exclusionLists';
import { AgentStore } from '../../services/handoff/agents';
import { ProblemStore } from '../../services/handoff/problems';
import { TimelineStore } from '../../services/handoff/timeline';
import { TimelineEvents } from '../../services/handoff/timelineEvents';
import type { Logger } from '../../services/observability/logger';
import type { AppMetrics } from '../../services/observability/metrics';
import { PeopleStore } from '../../services/people/peopleStore';
import type { Database } from '../../services/store/database';
import { TeamStore } from '../../services/teams/teamStore';
import type { AppConfig } from '../config';
import { phoneHashSecret } from '../phoneHashSecret';

export interface StoresOptions {
  database: Database;
  config: AppConfig;
  clock: () => Date;
  logger: Logger;
  metrics: AppMetrics;
  projectRoot: string;
}

/**
 * Step 1: what the domain stores, each over its collection. The person's timeline hears of every booking change,
 * consent event and call attempt where it is written, so it comes first.
 */
export async function createStores({ database, config, clock, logger, metrics, projectRoot }: StoresOptions) {
  const timeline = new TimelineStore(database.collection('transcripts'));
  const timelineEvents = new TimelineEvents(timeline, logger);
  const hashSecret = phoneHashSecret(config.PHONE_HASH_SECRET, path.resolve(projectRoot, config.DATA_DIR));
  const stores = {
    database,
    hashSecret,
    timeline,
    timelineEvents,
    apiKeys: new ApiKeyStore(database.apiKeys),
    ruleSets: new RuleSetStore(database.ruleSetVersions),
    teams: new TeamStore(database.collection('teamVersions'), clock),
    people: new PeopleStore(database.collection('people'), database.collection('channelAccounts'), clock),
    agents: new AgentStore(database.collection('agents'), clock),
    bookings: bookingServiceOn(database, {
      changed: (change) => timelineEvents.bookingChanged(change),
      transitioned: metrics.callbackTransitioned,
    }),
    ledger: new ConsentLedger(database.collection('consentEvents'), database.collection('suppressions'), hashSecret, clock, (event) =>
      timelineEvents.consentRecorded(event),
    ),
    exclusions: new ExclusionLists(database.collection('exclusionLists'), database.collection('exclusionEntries'), hashSecret),
    attempts: new CallAttempts(database.collection('callAttempts'), (attempt) => timelineEvents.callAttempted(attempt)),
    problems: new ProblemStore(database.collection('problems'), timeline),
  };
  await seedDefaults(stores, config.DEFAULT_RULE_SET_ID);
  return stores;
}

export type Stores = Awaited<ReturnType<typeof createStores>>;

/** A fresh installation books into sensible defaults, as its one team, until an admin edits them. */
async function seedDefaults({ ruleSets, teams }: Pick<Stores, 'ruleSets' | 'teams'>, defaultTeamId: string): Promise<void> {
  if (!(await ruleSets.current(defaultTeamId))) {
    await ruleSets.save(parseRuleSet(defaultRuleSet(defaultTeamId)), 'system:first-run').catch((error: unknown) => {
      if (!(error instanceof VersionConflict)) throw error; // another replica seeded it first
    });
  }
  await teams.ensureDefault(defaultTeamId);
}
