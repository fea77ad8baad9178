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
