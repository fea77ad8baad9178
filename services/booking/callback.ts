import type { BookedBy } from '../identity/assurance';

export type CallbackStatus = 'booked' | 'cancelled' | 'completed' | 'missed';

export interface CallbackHistoryEntry {
  at: Date;
  action: 'booked' | 'rescheduled' | 'cancelled' | 'completed';
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
