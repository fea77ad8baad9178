import { COLLECTIONS, CollectionKey } from '../../services/store/database';
import { serverKind } from '../../services/store/serverKind';
import { openTestDatabase, TestDatabase } from '../support/database';

/**
 * The lookups of the turn's hot path and of the sweeps, each with the declared index it must use. On the embedded
 * FerretDB (SQLite) the plan is SQLite's own EXPLAIN QUERY PLAN, which FerretDB's explain command returns; on
 * MongoDB, its winning plan.
 */
const LOOKUPS: { collection: CollectionKey; filter: Record<string, unknown>; index: string }[] = [
  { collection: 'botState', filter: { _id: 'webchat/conversations/c1/' }, index: '_id_' },
  { collection: 'botStateClaims', filter: { _id: 'webchat/conversations/c1/@e1' }, index: '_id_' },
  { collection: 'people', filter: { _id: 'p1' }, index: '_id_' },
  { collection: 'people', filter: { phoneE164: '+34915550300' }, index: 'phoneE164' },
  { collection: 'channelAccounts', filter: { _id: 'webchat:u1' }, index: '_id_' },
  { collection: 'channelAccounts', filter: { personId: 'p1' }, index: 'personId' },
  { collection: 'callbacks', filter: { activeKey: 'p1|service' }, index: 'activeKey' },
  { collection: 'callbacks', filter: { seatKey: 'rs|2026-11-24T09:00:00.000Z|1' }, index: 'seatKey' },
  { collection: 'callbacks', filter: { personId: 'p1', status: 'booked' }, index: 'personId_status_start' },
  { collection: 'callbacks', filter: { _id: 'cb1', status: 'booked' }, index: '_id_' },
  { collection: 'callbacks', filter: { status: 'booked', startUtc: { $gte: new Date(0) } }, index: 'status_start' },
  // The promise job's two lookups, every pass (services/promises/promiseKeeper.ts).
  {
    collection: 'callbacks',
    filter: { status: { $in: ['booked', 'due', 'retrying', 'missed'] }, startUtc: { $lte: new Date(0) } },
    index: 'status_start',
  },
  { collection: 'callbacks', filter: { status: 'unreachable', noticePending: true }, index: 'status_start' },
  { collection: 'consentEvents', filter: { personId: 'p1' }, index: 'personId_at' },
  { collection: 'suppressions', filter: { _id: 'hash' }, index: '_id_' },
  { collection: 'ruleSetVersions', filter: { ruleSetId: 'default' }, index: 'ruleSetId_version' },
  { collection: 'transcripts', filter: { personId: 'p1' }, index: 'personId' },
  { collection: 'transcripts', filter: { accountKey: 'webchat:u1', personId: null }, index: 'accountKey' },
  { collection: 'rateLimits', filter: { _id: { $in: ['ip|1', 'person|1'] } }, index: '_id_' },
  { collection: 'callAttempts', filter: { phoneE164: '+34915550300', at: { $gte: new Date(0) } }, index: 'phone_at' },
  { collection: 'whatsappInbox', filter: { status: 'pending' }, index: 'status' },
  { collection: 'whatsappOutbox', filter: { to: '34915550300', status: 'pending' }, index: 'to_status' },
  { collection: 'optOutNotices', filter: { status: 'pending', channelId: 'whatsapp' }, index: 'status_channel' },
  { collection: 'problems', filter: { personId: 'p1', status: 'open' }, index: 'personId_status' },
];

describe('lookups by index', () => {
  let database: TestDatabase;
  let kind: 'ferretdb' | 'mongodb';

  beforeAll(async () => {
    database = await openTestDatabase('indexedlookups');
    kind = await serverKind(database.db);
  });
  afterAll(() => database.dispose());

  it.each(LOOKUPS)('$collection $filter uses $index', async ({ collection, filter, index }) => {
    const name = COLLECTIONS[collection].name;
    const explained = await database.db.command({ explain: { find: name, filter } });
    if (kind === 'ferretdb') {
      // e.g. "id=3 parent=0 notused=0 detail=SEARCH people_1a2b USING INDEX people_1a2b_phoneE164 (<expr>=?)"
      const plan = (explained.queryPlanner as { Plan: string[] }).Plan.join('\n');
      expect(plan).toMatch(new RegExp(`SEARCH \\S+ USING INDEX \\S+_${index} \\(`));
      expect(plan).not.toMatch(/\bSCAN\b/);
    } else {
      const plan = JSON.stringify(explained.queryPlanner.winningPlan);
      expect(plan).not.toContain('COLLSCAN');
      if (index !== '_id_') expect(plan).toContain(`"indexName":"${index}"`);
    }
  });
});
