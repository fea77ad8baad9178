import { forgetReadsOnWrites } from './turnReads';
import { Collection, Db, Document, IndexDescription, MongoClient } from 'mongodb';
import type { ApiKeyDocument } from '../auth/apiKeys';
import type { RuleSetVersionDocument } from '../availability/ruleSetStore';
import type { CallbackDocument } from '../booking/callback';
import type { CallbackTransitionDocument } from '../booking/callbackLifecycle';
import type { ConsentEventDocument, SuppressionDocument } from '../consent/ledger';
import type { CallAttemptDocument } from '../contactability/callAttempts';
import type { ExclusionEntryDocument, ExclusionListRecord } from '../contactability/exclusionLists';
import type { OptOutNoticeDocument } from '../dataRights/optOutNotices';
import type { CallbackClaimDocument } from '../handoff/agentDesk';
import type { AgentOfferDocument } from '../handoff/agentRouting';
import type { AgentDocument } from '../handoff/agents';
import type { ProblemDocument } from '../handoff/problems';
import type { SummaryDocument } from '../handoff/summaries';
import type { TimelineEntryDocument } from '../handoff/timeline';
import type { OneTimeCodeDocument, OneTimeCodeSlotDocument } from '../identity/oneTimeCodes';
import type { ChannelAccountDocument, PersonDocument } from '../people/person';
import type { RateLimitDocument } from '../rateLimit/rateLimiter';
import type { TeamVersionDocument } from '../teams/teamStore';
import type { ContactDocument } from '../whatsapp/contacts';
import type { InboxDocument } from '../whatsapp/inbox';
import type { OutboxDocument } from '../whatsapp/outbox';
import type { StatusDocument } from '../whatsapp/statuses';
import type { ClaimDocument } from './leasedClaims';

/**
 * Every collection the product uses, and its indexes, in one place. Indexes stay inside what both
 * MongoDB and FerretDB 1.24 serve: unique and compound indexes only. No TTL or partial indexes (FerretDB
 * answers "not implemented"), and no `sparse` (FerretDB ignores it, so a sparse unique index would make
 * missing fields collide): uniqueness is only ever on fields that are always present.
 */
export const COLLECTIONS = {
  // updatedAt: the sweep of idle conversations (services/turns/conversationRetention.ts).
  botState: { name: 'bot_state', indexes: [{ key: { updatedAt: 1 }, name: 'updatedAt' }] },
  // "<key>@<eTag>" while a write replaces that version: the unique _id lets exactly one writer win.
  botStateClaims: { name: 'bot_state_claims', indexes: [] },
  apiKeys: { name: 'api_keys', indexes: [] },
  ruleSetVersions: {
    name: 'rule_set_versions',
    // One document per version; the unique pair is what stops two admins from both writing version n+1.
    indexes: [{ key: { ruleSetId: 1, version: -1 }, name: 'ruleSetId_version', unique: true }],
  },
  // A person exists once we know their phone number; the number (E.164) is always present and unique.
  people: { name: 'people', indexes: [{ key: { phoneE164: 1 }, name: 'phoneE164', unique: true }] },
  // _id is "<channelId>:<account id>": one channel account belongs to one person.
  channelAccounts: { name: 'channel_accounts', indexes: [{ key: { personId: 1 }, name: 'personId' }] },
  // A booked callback holds a seat: seatKey "<ruleSetId>|<slot start ISO>|<seat n>" is unique, so taking a
  // seat, moving to another, or releasing one are each a single-document write that cannot overbook.
  callbacks: {
    name: 'callbacks',
    indexes: [
      { key: { seatKey: 1 }, name: 'seatKey', unique: true },
      { key: { activeKey: 1 }, name: 'activeKey', unique: true },
      { key: { personId: 1, status: 1, startUtc: 1 }, name: 'personId_status_start' },
      { key: { ruleSetId: 1, status: 1, startUtc: 1 }, name: 'ruleSet_status_start' },
      // Agents' list of what is due, across rule sets (services/handoff/agentDesk.ts), and the promise sweep.
      { key: { status: 1, startUtc: 1 }, name: 'status_start' },
      // The promises report: every callback of a period, whatever became of it.
      { key: { startUtc: 1 }, name: 'startUtc' },
    ],
  },
  // One document per lifecycle transition of a callback, _id "<callbackId>#<rev>": the unique _id lets exactly
  // one writer move a callback from a given revision (FerretDB's conditional updates are a read, then a write).
  callbackTransitions: { name: 'callback_transitions', indexes: [{ key: { callbackId: 1 }, name: 'callbackId' }] },
  // Leases of the jobs' work ("<work key>@<attempt>", services/store/leasedClaims.ts): one replica does each.
  jobClaims: { name: 'job_claims', indexes: [] },
  // Append-only consent ledger; the current state of a person is derived from it.
  consentEvents: { name: 'consent_events', indexes: [{ key: { personId: 1, at: 1 }, name: 'personId_at' }] },
  // _id is a salted hash of the phone number: what survives erasure, so an erased opt-out stays opted out.
  suppressions: { name: 'suppressions', indexes: [] },
  // External do-not-call lists (Lista Robinson, Stop Publicidad, US DNC): one document per list, entries hashed.
  exclusionLists: { name: 'exclusion_lists', indexes: [] },
  exclusionEntries: { name: 'exclusion_entries', indexes: [{ key: { list: 1 }, name: 'list' }] },
  // Calls made or attempted by agents and dialers, for the frequency cap.
  callAttempts: { name: 'call_attempts', indexes: [{ key: { phoneE164: 1, at: -1 }, name: 'phone_at' }] },
  // _id "<channelId>:<account id>": the one open one-time-code challenge of an account (a new code replaces it).
  oneTimeCodes: { name: 'one_time_codes', indexes: [] },
  // _id "<challenge>:<n>" for each try, "<number or account>:<hour>:<n>" for each code sent: the unique _id
  // is what caps tries and sends exactly, even under concurrency (FerretDB's $inc is a read then a write).
  oneTimeCodeSlots: { name: 'one_time_code_slots', indexes: [{ key: { at: 1 }, name: 'at' }] },
  // Told to a person on their own verified channel: someone else asked us to stop calling their number.
  optOutNotices: {
    name: 'opt_out_notices',
    indexes: [
      { key: { status: 1, channelId: 1 }, name: 'status_channel' },
      { key: { channelId: 1, accountId: 1 }, name: 'channel_account' },
    ],
  },
  // The bot's own Direct Line (Web Chat without Azure): _id is the conversation id, minted with its token.
  directlineConversations: { name: 'directline_conversations', indexes: [{ key: { userId: 1 }, name: 'userId' }] },
  // Its activities: _id "<conversation>|<seq>" hands out each watermark once; read by conversation in seq order.
  directlineActivities: {
    name: 'directline_activities',
    indexes: [{ key: { conversationId: 1, seq: 1 }, name: 'conversation_seq' }],
  },
  // Where each channel account can be written to later (proactive messages): _id "<channelId>:<account id>".
  conversationReferences: { name: 'conversation_references', indexes: [] },
  // WhatsApp: _id is Meta's message id (wamid), so a delivery Meta retries is recorded once; the turn runs
  // from here after the webhook answered.
  whatsappInbox: { name: 'whatsapp_inbox', indexes: [{ key: { status: 1 }, name: 'status' }] },
  // Who is answering which inbound message (or retrying which outbound one): _id "<key>@<attempt>" is unique,
  // so exactly one replica wins each attempt; a crashed holder's lease expires and the next attempt is taken.
  whatsappClaims: { name: 'whatsapp_claims', indexes: [] },
  // Outbound messages that could not be sent (kept for retry, never dropped), and those held or refused.
  whatsappOutbox: {
    name: 'whatsapp_outbox',
    indexes: [
      { key: { status: 1 }, name: 'status' },
      { key: { to: 1, status: 1 }, name: 'to_status' },
    ],
  },
  // Per business number and person (_id "<phone number id>:<wa_id>"): the last inbound message (the 24-hour
  // customer-service window), their language, and a suppression after Meta said they opted out or blocked us.
  whatsappContacts: { name: 'whatsapp_contacts', indexes: [] },
  // Meta's delivery statuses of our messages: _id "<wamid>:<sent|delivered|read|failed>", each recorded once.
  whatsappStatuses: { name: 'whatsapp_statuses', indexes: [] },
  // The handoff (services/handoff): one timeline per person, its summary, agents, claims, open problems.
  transcripts: {
    name: 'transcripts',
    indexes: [
      { key: { personId: 1 }, name: 'personId' },
      { key: { accountKey: 1 }, name: 'accountKey' },
      { key: { conversationId: 1 }, name: 'conversationId' },
    ],
  },
  // One document per summary version: the unique pair lets one of two concurrent updates win.
  summaries: { name: 'summaries', indexes: [{ key: { personId: 1, version: -1 }, name: 'personId_version', unique: true }] },
  // One document per version of a team (services/teams): the unique pair stops two admins writing version n+1.
  teamVersions: { name: 'team_versions', indexes: [{ key: { teamId: 1, version: -1 }, name: 'teamId_version', unique: true }] },
  agents: {
    name: 'agents',
    indexes: [
      { key: { teamsUserId: 1 }, name: 'teamsUserId' },
      { key: { team: 1 }, name: 'team' },
    ],
  },
  // Which agent a due-soon callback was offered to first (services/handoff/agentRouting.ts): _id is the callback
  // (offered once), turn "<team>#<n>" is unique (two offers cannot take one turn of the team's rotation).
  agentOffers: {
    name: 'agent_offers',
    indexes: [
      { key: { turn: 1 }, name: 'turn', unique: true },
      { key: { team: 1, seq: -1 }, name: 'team_seq' },
      { key: { team: 1, agentId: 1, seq: -1 }, name: 'team_agent_seq' },
    ],
  },
  // _id is the callback id: the unique _id is what lets exactly one agent claim a callback.
  callbackClaims: { name: 'callback_claims', indexes: [{ key: { personId: 1 }, name: 'personId' }] },
  problems: { name: 'problems', indexes: [{ key: { personId: 1, status: 1 }, name: 'personId_status' }] },
  // Request counters of the public endpoints' rate limits, "<subject>|<window start>", shared by replicas.
  rateLimits: { name: 'rate_limits', indexes: [] },
} as const satisfies Record<string, { name: string; indexes: readonly IndexDescription[] }>;

export type CollectionKey = keyof typeof COLLECTIONS;

/**
 * The document type of each collection, declared once: `Database.collection(key)` takes it from here, so no caller
 * picks another. Type-only imports from the modules that own the documents (erased at run time, and ignored by
 * import-x/no-cycle); the documents of collections only bot/ writes are declared below, since services/ never imports bot/.
 */
export interface CollectionDocuments {
  botState: BotStateDocument;
  botStateClaims: BotStateClaimDocument;
  apiKeys: ApiKeyDocument;
  ruleSetVersions: RuleSetVersionDocument;
  people: PersonDocument;
  channelAccounts: ChannelAccountDocument;
  callbacks: CallbackDocument;
  callbackTransitions: CallbackTransitionDocument;
  jobClaims: ClaimDocument;
  consentEvents: ConsentEventDocument;
  suppressions: SuppressionDocument;
  exclusionLists: ExclusionListRecord;
  exclusionEntries: ExclusionEntryDocument;
  callAttempts: CallAttemptDocument;
  oneTimeCodes: OneTimeCodeDocument;
  oneTimeCodeSlots: OneTimeCodeSlotDocument;
  optOutNotices: OptOutNoticeDocument;
  directlineConversations: DirectLineConversationDocument;
  directlineActivities: DirectLineActivityDocument;
  conversationReferences: ConversationReferenceDocument;
  whatsappInbox: InboxDocument;
  whatsappClaims: ClaimDocument;
  whatsappOutbox: OutboxDocument;
  whatsappContacts: ContactDocument;
  whatsappStatuses: StatusDocument;
  transcripts: TimelineEntryDocument;
  summaries: SummaryDocument;
  teamVersions: TeamVersionDocument;
  agents: AgentDocument;
  agentOffers: AgentOfferDocument;
  callbackClaims: CallbackClaimDocument;
  problems: ProblemDocument;
  rateLimits: RateLimitDocument;
}

export interface BotStateDocument extends Document {
  _id: string;
  /** JSON text: dialog state carries keys with dots and dollars that not every server accepts as field names. */
  state: string;
  eTag: string;
  updatedAt: Date;
}

export interface BotStateClaimDocument extends Document {
  _id: string;
  at: Date;
  /** Set on the claims turns hold as their conversation's lease (services/turns): who, and until when. */
  holder?: string;
  expiresAt?: Date;
}

/** Where each channel account can be written to later (bot/proactive/conversationReferences.ts). */
export interface ConversationReferenceDocument {
  /** "<channelId>:<account id>", the person's account on that channel (as channel_accounts). */
  _id: string;
  channelId: string;
  accountId: string;
  /** JSON text of the botbuilder ConversationReference. */
  reference: string;
  updatedAt: Date;
}

/** A conversation of the bot's own Direct Line (bot/directline/activityStore.ts). */
export interface DirectLineConversationDocument {
  _id: string;
  userId: string;
  startedAt: Date;
}

/**
 * One activity of a local Direct Line conversation. `_id` is "<conversation>|<seq>"; the unique `_id` is what
 * hands out each watermark exactly once, whichever replica writes (no counter update, which FerretDB would
 * apply as a read then a write). The activity is kept as JSON text: cards carry `$schema` and keys with dots.
 */
export interface DirectLineActivityDocument {
  _id: string;
  conversationId: string;
  seq: number;
  activity: string;
  at: Date;
}

export interface Database {
  client: MongoClient;
  db: Db;
  botState: Collection<BotStateDocument>;
  apiKeys: Collection<ApiKeyDocument>;
  ruleSetVersions: Collection<RuleSetVersionDocument>;
  /** Any declared collection, typed by its key (CollectionDocuments). */
  collection<K extends CollectionKey>(key: K): Collection<CollectionDocuments[K]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  uri: string;
  dbName: string;
  /** How long an operation may wait for a server before it fails (and readiness reports unhealthy). */
  serverSelectionTimeoutMs?: number;
  /** The deadline of every database call (OPERATION_DEADLINE_MS unless given here or in the URI). */
  operationDeadlineMs?: number;
}

/**
 * Connections per process. The embedded FerretDB serves each command on one of its 100 SQLite connections and
 * SQLite writes one transaction at a time, so more connections only queue inside the database; 10 keeps three
 * replicas and a test run beside them well inside those 100, and is plenty for a MongoDB server too.
 */
const POOL_SIZE = 10;

/**
 * The deadline of every database call, in the driver: a command not answered in that time fails with a network
 * timeout (and its connection is dropped), and one that waits that long for a pooled connection fails too, so a
 * stuck database is an error the turn reports, never a turn that hangs. Client-side on purpose: maxTimeMS is
 * enforced by the server, and a stuck server enforces nothing (the driver's timeoutMS is gone in mongodb 7).
 * Above FerretDB's SQLite busy_timeout (10 s), so a write waiting for the lock gets the database's own error first;
 * a read the driver retries once may take twice as long.
 */
const OPERATION_DEADLINE_MS = 15_000;

export async function connectDatabase(options: ConnectOptions): Promise<Database> {
  const client = new MongoClient(options.uri, {
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 5_000,
    appName: 'callback-bot',
    // Command events let tests and the benchmark count round trips per turn on the wire.
    monitorCommands: true,
    // Options the MONGODB_URI gives itself win: an operator sizes the pool and deadline for their server.
    ...unlessInUri(options.uri, {
      maxPoolSize: POOL_SIZE,
      socketTimeoutMS: options.operationDeadlineMs ?? OPERATION_DEADLINE_MS,
      waitQueueTimeoutMS: options.operationDeadlineMs ?? OPERATION_DEADLINE_MS,
    }),
  });
  forgetReadsOnWrites(client);
  await client.connect();
  const db = client.db(options.dbName);
  await ensureIndexes(db);
  return {
    client,
    db,
    botState: collectionOf(db, 'botState'),
    apiKeys: collectionOf(db, 'apiKeys'),
    ruleSetVersions: collectionOf(db, 'ruleSetVersions'),
    collection: (key) => collectionOf(db, key),
    ping: async () => {
      await db.command({ ping: 1 });
    },
    close: () => client.close(),
  };
}

function collectionOf<K extends CollectionKey>(db: Db, key: K): Collection<CollectionDocuments[K]> {
  return db.collection<CollectionDocuments[K]>(COLLECTIONS[key].name);
}

/** Creates collections and indexes; safe to run on every start and from several replicas at once. */
export async function ensureIndexes(db: Db): Promise<void> {
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  for (const { name, indexes } of Object.values(COLLECTIONS)) {
    if (!existing.has(name)) {
      await db.createCollection(name).catch((error: unknown) => {
        // Another replica created it between our list and our create.
        if (!isNamespaceExists(error)) throw error;
      });
    }
    const specs: readonly IndexDescription[] = indexes;
    if (specs.length === 0) continue;
    // Only the missing ones, one at a time: FerretDB 1.24 panics on a createIndexes whose list mixes
    // several indexes that already exist (seen on a restart), and asking once per start is cheap.
    const present = new Set((await db.collection(name).listIndexes().toArray()).map((index: { name?: unknown }) => String(index.name)));
    for (const spec of specs) {
      if (!present.has(String(spec.name))) await db.collection(name).createIndexes([spec]);
    }
  }
}

/** The options whose name (case-insensitive, as the driver reads them) the URI's query does not set. */
function unlessInUri<T extends Record<string, number>>(uri: string, options: T): Partial<T> {
  const query = uri.split('?')[1]?.toLowerCase() ?? '';
  const given = new Set(query.split('&').map((pair) => pair.split('=')[0]));
  return Object.fromEntries(Object.entries(options).filter(([name]) => !given.has(name.toLowerCase()))) as Partial<T>;
}

function isNamespaceExists(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: number }).code === 48;
}
