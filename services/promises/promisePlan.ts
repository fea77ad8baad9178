import { DateTime } from 'luxon';
import type { PromisePolicy } from '../availability/ruleSet';
import type { CallbackDocument } from '../booking/callback';
import { isOpen } from '../booking/lifecycle';

/**
 * What keeping a promise asks for, and when. Nothing here is stored as a timer: every pass of the promise job
 * reads the callbacks and asks this plan which work is due by the wall clock now; each piece has a key that
 * names its occurrence ("reminder|15|<start>"), done once (the callback's `workDone`, a leased claim meanwhile).
 * A move to another time makes new keys, so the reminders of the old time are never sent.
 */
export type PromiseWork =
  /** To the person, a lead time before the start. */
  | { kind: 'reminder'; key: string; dueAt: Date; leadMinutes: number; supersededAt?: Date }
  /** The start: the callback becomes due, and the agent who claimed it (or the team) hears of it. */
  | { kind: 'due'; key: string; dueAt: Date }
  /** Shortly before the start, nobody has claimed it: offered to an agent and announced to the team. */
  | { kind: 'unclaimed'; key: string; dueAt: Date }
  /** Start plus grace with no outcome: missed. */
  | { kind: 'missed'; key: string; dueAt: Date }
  /** Once missed: the apology, with new times, on the person's channel. */
  | { kind: 'apology'; key: string; dueAt: Date }
  /** Missed and not repaired within the policy's days: the offer ends. */
  | { kind: 'lapse'; key: string; dueAt: Date }
  /** A change the person must hear of (moved by an agent, a retry planned, we gave up). */
  | { kind: 'notice'; key: string; dueAt: Date; notice: NonNullable<CallbackDocument['notice']> };

export type PlannedCallback = Pick<
  CallbackDocument,
  'status' | 'startUtc' | 'prospectTimeZone' | 'history' | 'createdAt' | 'missedAt' | 'workDone' | 'notice' | 'noticePending'
>;

const MINUTE = 60_000;
/** A reminder that would arrive this soon after the booking says nothing the confirmation did not. */
const TOO_SOON_AFTER_BOOKING_MS = 15 * MINUTE;
/** Two reminders closer than this are one reminder. */
const REMINDERS_APART_MS = 60 * MINUTE;

/** Every piece of work of this callback whose moment has come and which is not done yet, oldest first. */
export function dueWork(callback: PlannedCallback, policy: PromisePolicy, now: Date): PromiseWork[] {
  const done = new Set(callback.workDone ?? []);
  return plannedWork(callback, policy)
    .filter((work) => work.dueAt.getTime() <= now.getTime() && !done.has(work.key))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/** Every piece of work the callback's current state asks for, due or not. */
export function plannedWork(callback: PlannedCallback, policy: PromisePolicy): PromiseWork[] {
  const start = callback.startUtc;
  const at = start.toISOString();
  const work: PromiseWork[] = [];
  if (callback.noticePending && callback.notice) {
    work.push({ kind: 'notice', key: callback.notice.key, dueAt: callback.notice.at, notice: callback.notice });
  }
  if (isOpen(callback.status)) {
    if (callback.status === 'booked') work.push(...reminders(callback, policy));
    if (callback.status !== 'due') work.push({ kind: 'due', key: `due|${at}`, dueAt: start });
    work.push({ kind: 'unclaimed', key: `unclaimed|${at}`, dueAt: new Date(start.getTime() - policy.unclaimedNoticeMinutes * MINUTE) });
    work.push({ kind: 'missed', key: `missed|${at}`, dueAt: new Date(start.getTime() + policy.graceMinutes * MINUTE) });
  }
  if (callback.status === 'missed' && callback.missedAt) {
    work.push({ kind: 'apology', key: `apology|${at}`, dueAt: callback.missedAt });
    work.push({
      kind: 'lapse',
      key: `lapse|${at}`,
      dueAt: DateTime.fromJSDate(callback.missedAt).plus({ days: policy.repairWithinDays }).toJSDate(),
    });
  }
  return work;
}

/**
 * The reminders of a booked callback: each lead before the start, moved earlier out of the person's quiet hours
 * (in their zone, so a DST night is counted in local hours), skipped when it would come within 15 minutes of the
 * booking or lands on (within an hour of) an earlier reminder, and only the latest one once the start is near:
 * after a pause of the job, the person hears one reminder, not three.
 */
export function reminders(callback: PlannedCallback, policy: PromisePolicy): Array<Extract<PromiseWork, { kind: 'reminder' }>> {
  const start = callback.startUtc.getTime();
  const bookedAt = lastBookedAt(callback).getTime();
  const leads = [...policy.reminderLeadMinutes].sort((a, b) => b - a); // earliest reminder first
  const planned: Array<Extract<PromiseWork, { kind: 'reminder' }>> = [];
  for (const leadMinutes of leads) {
    const moment = outsideQuietHours(new Date(start - leadMinutes * MINUTE), callback.prospectTimeZone, policy.quietHours);
    if (moment.getTime() < bookedAt + TOO_SOON_AFTER_BOOKING_MS) continue;
    const previous = planned[planned.length - 1];
    if (previous && moment.getTime() < previous.dueAt.getTime() + REMINDERS_APART_MS) continue;
    planned.push({ kind: 'reminder', key: `reminder|${leadMinutes}|${callback.startUtc.toISOString()}`, dueAt: moment, leadMinutes });
  }
  // Each reminder is due only until the next one is: a late pass sends the one that is still true.
  return planned.map((reminder, i) => {
    const next = planned[i + 1];
    return next ? { ...reminder, supersededAt: next.dueAt } : reminder;
  });
}

/** A reminder whose successor is already due, or whose call has begun, is skipped rather than sent late. */
export function isStale(work: PromiseWork, callback: Pick<CallbackDocument, 'startUtc'>, now: Date): boolean {
  if (work.kind !== 'reminder') return false;
  return now.getTime() >= callback.startUtc.getTime() || (work.supersededAt !== undefined && now.getTime() >= work.supersededAt.getTime());
}

/**
 * The moment itself if the person is awake then, else the last minute before their quiet hours began (a reminder
 * is moved earlier, never later: later could be after the call).
 */
export function outsideQuietHours(moment: Date, zone: string, quiet: PromisePolicy['quietHours']): Date {
  const local = DateTime.fromJSDate(moment, { zone });
  const minuteOfDay = local.hour * 60 + local.minute;
  const quietStart = minutesOf(quiet.start);
  const quietEnd = minutesOf(quiet.end);
  const wraps = quietStart > quietEnd; // 21:00–09:00 spans midnight
  const inQuiet = wraps ? minuteOfDay >= quietStart || minuteOfDay < quietEnd : minuteOfDay >= quietStart && minuteOfDay < quietEnd;
  if (!inQuiet) return moment;
  // The evening the quiet hours began: today if we are past their start, else yesterday.
  const evening = wraps && minuteOfDay < quietEnd ? local.minus({ days: 1 }) : local;
  const quietBegan = evening.set({ hour: Math.floor(quietStart / 60), minute: quietStart % 60, second: 0, millisecond: 0 });
  return quietBegan.minus({ minutes: 1 }).toJSDate();
}

function minutesOf(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** When the person (or an agent) last set this time: the booking, or its latest move. */
function lastBookedAt(callback: PlannedCallback): Date {
  for (let i = callback.history.length - 1; i >= 0; i--) {
    const entry = callback.history[i];
    if (entry && (entry.action === 'booked' || entry.action === 'rescheduled')) return entry.at;
  }
  return callback.createdAt;
}
