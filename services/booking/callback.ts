import type { BookedBy } from '../identity/assurance';
import type { CallbackPurpose, CallbackStatus } from './lifecycle';

export type { CallbackStatus } from './lifecycle';

export interface CallbackHistoryEntry {
  at: Date;
  /** 'booked' and 'rescheduled' by the booking service; a status name for each lifecycle transition. */
  action: 'booked' | 'rescheduled' | CallbackStatus;
  startUtc?: Date;
  reason?: string;
}

/** A promised callback. While booked it holds one seat of its slot and is the person's one active callback. */
export interface CallbackDocument {
  _id: string;
  personId: string;
  ruleSetId: string;
  status: CallbackStatus;
  /** "<ruleSetId>|<slot start ISO>|<seat>" while booked, "released|<_id>" after: unique, always present. */
  seatKey: string;
  /** "<personId>|active" while booked, "<personId>|closed|<_id>" after: unique, so one active callback per person. */
  activeKey: string;
  startUtc: Date;
  endUtc: Date;
  prospectTimeZone: string;
  channelId: string;
  /**
   * The account that booked it and how sure we were that it was the person. A callback booked by a merely
   * claimed identity says so to whoever calls. Absent on callbacks booked before identities had a level.
   */
  bookedBy?: BookedBy;
  createdAt: Date;
  updatedAt: Date;
  history: CallbackHistoryEntry[];
  /** Lifecycle transitions so far: the next one claims "<_id>#<rev + 1>" in callback_transitions. Absent = 0. */
  rev?: number;
  /** Sales or service (absent: sales, 'acquisition'). */
  purpose?: CallbackPurpose;
  /** The first call attempt on this promise, and whether it came within the rule set's kept-on-time minutes. */
  firstAttemptAt?: Date;
  keptOnTime?: boolean;
  /** Call attempts made on this promise (no answer, busy, voicemail start the retry policy). */
  attempts?: number;
  /** When the start plus the grace passed with no outcome. */
  missedAt?: Date;
  /** On a repair: the missed callback it repairs. On a missed one: the callback that repaired it. */
  repairOf?: string;
  repairedBy?: string;
  /** Keys of the scheduled work already done for this promise (reminders, notices): each happens once. */
  workDone?: string[];
  /**
   * Something the person must be told because of this change (an agent moved the call, a retry was planned, we
   * gave up), written in the same update as the change, so a crash cannot lose it; the promise job tells it and
   * records its key in `workDone` and clears `noticePending`.
   */
  notice?: CallbackNotice;
  noticePending?: boolean;
}

export interface CallbackNotice {
  kind: 'moved' | 'retry_planned' | 'unreachable';
  /** Unique per occurrence ("moved|<new start>"), so it is told once. */
  key: string;
  at: Date;
}

/** The fields that ask the promise job to tell the person of a change, set in the change's own write. */
export function noticeFields(
  kind: CallbackNotice['kind'],
  occurrence: string,
  at: Date,
): Pick<CallbackDocument, 'notice' | 'noticePending'> {
  return { notice: { kind, key: `${kind}|${occurrence}`, at }, noticePending: true };
}

export function seatKey(ruleSetId: string, slotStartUtc: Date, seat: number): string {
  return `${ruleSetId}|${slotStartUtc.toISOString()}|${seat}`;
}

export function activeKey(personId: string): string {
  return `${personId}|active`;
}

export function releasedKeys(callback: Pick<CallbackDocument, '_id' | 'personId'>): Pick<CallbackDocument, 'seatKey' | 'activeKey'> {
  return { seatKey: `released|${callback._id}`, activeKey: `${callback.personId}|closed|${callback._id}` };
}

/** What a conversation, a receipt or an agent is shown of a callback: when, and in which zone to say it. */
export interface CallbackView {
  id: string;
  startUtc: Date;
  timeZone: string;
}

export function callbackView(callback: Pick<CallbackDocument, '_id' | 'startUtc' | 'prospectTimeZone'>): CallbackView {
  return { id: callback._id, startUtc: callback.startUtc, timeZone: callback.prospectTimeZone };
}

/**
 * Which team a callback belongs to: a team's id is its rule set's id (services/teams/team.ts), so the callback's rule
 * set names it. The one place that says so: the report, the gauge, the agents' rotation and the desk's team scope ask
 * here, and query by `TEAM_FIELD`.
 */
export const TEAM_FIELD = 'ruleSetId' satisfies keyof CallbackDocument;

export function teamOf(callback: Pick<CallbackDocument, typeof TEAM_FIELD>): string {
  return callback[TEAM_FIELD];
}
