import type { Collection } from 'mongodb';
import { parseRuleSet, type PromisePolicy, type RuleSet } from '../availability/ruleSet';
import type { RuleSetStore } from '../availability/ruleSetStore';
import type { BookingService } from '../booking/bookingService';
import { type CallbackDocument, noticeFields } from '../booking/callback';
import { OPEN_STATUSES } from '../booking/lifecycle';
import type { CallAttempts } from '../contactability/callAttempts';
import { capWindowStart, frequencyCap, type FrequencyCapOptions } from '../contactability/frequencyCap';
import type { PeopleStore } from '../people/peopleStore';
import type { PersonDocument } from '../people/person';

export interface CallRetriesDependencies {
  callbacks: Pick<Collection<CallbackDocument>, 'findOne'>;
  bookings: Pick<BookingService, 'lifecycle' | 'reschedule' | 'offer'>;
  ruleSets: Pick<RuleSetStore, 'current'>;
  people: Pick<PeopleStore, 'get'>;
  attempts: Pick<CallAttempts, 'since'>;
  frequencyCap: FrequencyCapOptions;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const RETRY_SLOTS_TRIED = 5;

/** What happens to a promise after a call nobody answered. */
export class CallRetries {
  constructor(private readonly deps: CallRetriesDependencies) {}

  /**
   * No answer, busy or voicemail: the retry policy. The next attempt goes to the first free slot after the
   * spacing, inside the person's lawful window, the team's hours and the frequency cap; the person is told when,
   * with "another time" to choose instead. After the last attempt, or with no slot left, the callback is
   * unreachable and the person is told that too.
   */
  async afterUnansweredCall(input: { callbackId: string; outcome: string; at: Date }): Promise<CallbackDocument | null> {
    const callback = await this.deps.callbacks.findOne({ _id: input.callbackId });
    if (!callback || !(OPEN_STATUSES as readonly string[]).includes(callback.status)) return null;
    const stored = await this.deps.ruleSets.current(callback.ruleSetId);
    const ruleSet: RuleSet | null = stored ? parseRuleSet(stored.ruleSet) : null;
    const person = await this.deps.people.get(callback.personId);
    const policy = ruleSet?.promises;
    const attemptFields = firstAttemptFields(callback, input.at, policy?.keptOnTimeMinutes ?? 5);
    const giveUp = (reason: string) =>
      this.deps.bookings.lifecycle.transition({
        callbackId: callback._id,
        from: OPEN_STATUSES,
        to: 'unreachable',
        at: input.at,
        reason,
        set: { ...attemptFields, ...noticeFields('unreachable', String(attemptFields.attempts), input.at) },
      });
    if (!ruleSet || !policy || !person) return giveUp(`${input.outcome}; no rule set or person to plan a retry`);
    if (attemptFields.attempts >= policy.retry.maxAttempts)
      return giveUp(`${input.outcome}; attempt ${attemptFields.attempts} of ${policy.retry.maxAttempts}`);
    for (const slot of await this.retrySlots(ruleSet, person, input.at, callback.startUtc, policy)) {
      const moved = await this.deps.bookings.reschedule({
        callbackId: callback._id,
        ruleSet,
        person,
        slotStartUtc: slot,
        now: input.at,
        keepStatus: true,
        reason: `retry after ${input.outcome.replace('_', ' ')}`,
      });
      if (!moved.ok) continue;
      return this.deps.bookings.lifecycle.transition({
        callbackId: callback._id,
        from: OPEN_STATUSES,
        to: 'retrying',
        at: input.at,
        reason: `${input.outcome.replace('_', ' ')}; attempt ${attemptFields.attempts + 1} planned`,
        set: { ...attemptFields, ...noticeFields('retry_planned', slot.toISOString(), input.at) },
      });
    }
    return giveUp(`${input.outcome}; no lawful free time left for another attempt`);
  }

  private async retrySlots(ruleSet: RuleSet, person: PersonDocument, at: Date, startUtc: Date, policy: PromisePolicy): Promise<Date[]> {
    // Spaced from the call just made, and never before the time the person chose (an agent may call early).
    let from = new Date(Math.max(at.getTime(), startUtc.getTime()) + policy.retry.spacingMinutes * MINUTE);
    const recent = await this.deps.attempts.since(person.phoneE164, capWindowStart(at, this.deps.frequencyCap));
    const cap = frequencyCap(
      recent.map((attempt) => attempt.at),
      this.deps.frequencyCap,
    );
    if (cap.capped && cap.clearsAt > from) from = cap.clearsAt;
    const to = new Date(at.getTime() + ruleSet.horizonDays * DAY);
    if (from >= to) return [];
    const slots = await this.deps.bookings.offer({
      ruleSet,
      person,
      range: { fromUtc: from, toUtc: to },
      limit: RETRY_SLOTS_TRIED,
      now: at,
    });
    return slots.map((slot) => slot.startUtc);
  }
}

/**
 * The first attempt on a promise decides whether it was kept on time: within the rule set's minutes of the
 * start that was booked (an attempt before the start counts as on time). Later attempts only add to the count.
 */
export function firstAttemptFields(
  callback: Pick<CallbackDocument, 'startUtc' | 'firstAttemptAt' | 'attempts'>,
  at: Date,
  keptOnTimeMinutes: number,
): { attempts: number; firstAttemptAt?: Date; keptOnTime?: boolean } {
  const attempts = (callback.attempts ?? 0) + 1;
  if (callback.firstAttemptAt) return { attempts };
  return { attempts, firstAttemptAt: at, keptOnTime: at.getTime() - callback.startUtc.getTime() <= keptOnTimeMinutes * MINUTE };
}
