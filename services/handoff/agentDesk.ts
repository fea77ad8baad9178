import { Collection } from 'mongodb';
import { DateTime } from 'luxon';
import type { RuleSetStore } from '../availability/ruleSetStore';
import { parseRuleSet } from '../availability/ruleSet';
import type { BookingService } from '../booking/bookingService';
import type { CallbackDocument } from '../booking/callback';
import { DEFAULT_CALLBACK_PURPOSE, isOpen, OPEN_STATUSES, type REACHED_STATUSES } from '../booking/lifecycle';
import type { ConsentLedger } from '../consent/ledger';
import type { CallAttempts, CallAttemptDocument, CallPurpose } from '../contactability/callAttempts';
import { CALL_PURPOSES } from '../contactability/callAttempts';
import type { ContactabilityAnswer, Contactability } from '../contactability/contactability';
import type { PeopleStore } from '../people/peopleStore';
import type { PersonDocument } from '../people/person';
import { isDuplicateKeyError } from '../store/errors';
import type { AgentDocument } from './agents';
import { type CallRetries, firstAttemptFields } from '../promises/callRetries';
import type { HandoffSummaries, SummaryDocument } from './summaries';
import { type CallbackOutcome, timelineEntry, type TimelineEntryDocument, TimelineStore } from './timeline';

export interface CallbackClaimDocument {
  /** The callback id: one claim per callback, whoever races for it. */
  _id: string;
  personId: string;
  agentId: string;
  agentName: string;
  at: Date;
}

export interface DueCallback {
  callbackId: string;
  status: CallbackDocument['status'];
  startUtc: string;
  /** In the agent's zone and in the prospect's, with offsets. */
  startAgent: string;
  startProspect: string;
  prospectTimeZone: string;
  /** "today" in the agent's zone, or later. */
  day: 'today' | 'upcoming' | 'past';
  person: { id: string; phoneE164: string; name: string | null };
  claim: { agentId: string; agentName: string; at: string } | null;
  /** Who booked it: 'claimed' means the number was only typed there, so the person may not be who the call expects. */
  bookedBy: { channelId: string; assurance: 'verified' | 'claimed' | 'unknown' };
  contactability: ContactabilityAnswer;
  summary: SummaryDocument | null;
}

export class CallbackNotFound extends Error {
  readonly code = 'CALLBACK_NOT_FOUND';
}
export class AlreadyClaimed extends Error {
  readonly code = 'ALREADY_CLAIMED';
  constructor(readonly claim: CallbackClaimDocument) {
    super(`claimed by ${claim.agentName} at ${claim.at.toISOString()}`);
  }
}
export class CallbackClosed extends Error {
  readonly code = 'CALLBACK_CLOSED';
}
export class RescheduleRefused extends Error {
  readonly code = 'RESCHEDULE_REFUSED';
}

// Outcomes that end the callback, and the status each leaves it in; the others leave it open for another try.
const CLOSING_STATUS: Partial<Record<CallbackOutcome, (typeof REACHED_STATUSES)[number]>> = {
  reached: 'reached',
  converted: 'converted',
  not_interested: 'not_interested',
  wrong_number: 'wrong_number',
};
const ATTEMPT_OUTCOME: Record<CallbackOutcome, CallAttemptDocument['outcome']> = {
  reached: 'answered',
  converted: 'answered',
  reschedule: 'answered',
  not_interested: 'refused',
  wrong_number: 'answered',
  no_answer: 'no_answer',
  busy: 'busy',
  voicemail: 'voicemail',
};
const SALES_PURPOSE: CallPurpose = 'acquisition';
// Outcomes that leave the promise open: the retry policy plans the next attempt (services/promises).
const UNANSWERED: ReadonlySet<CallbackOutcome> = new Set(['no_answer', 'busy', 'voicemail']);

export interface AgentDeskDependencies {
  callbacks: Collection<CallbackDocument>;
  claims: Collection<CallbackClaimDocument>;
  timeline: TimelineStore;
  summaries: HandoffSummaries;
  people: Pick<PeopleStore, 'get' | 'update'>;
  contactability: Pick<Contactability, 'check'>;
  attempts: Pick<CallAttempts, 'record'>;
  ledger: Pick<ConsentLedger, 'record' | 'suppress'>;
  bookings: Pick<BookingService, 'reschedule' | 'cancelAllForPerson' | 'lifecycle'>;
  ruleSets: Pick<RuleSetStore, 'current'>;
  retries: Pick<CallRetries, 'afterUnansweredCall'>;
  clock: () => Date;
}

/**
 * What an agent does with callbacks: see the ones due (in their own zone, with whether the call is allowed
 * right now), open one with its summary and timeline, claim it (one agent wins: the claim's unique _id is the
 * callback id), and record how the call went.
 */
export class AgentDesk {
  constructor(private readonly deps: AgentDeskDependencies) {}

  async due(agent: Pick<AgentDocument, 'timeZone'>, range: { fromUtc: Date; toUtc: Date }): Promise<DueCallback[]> {
    // Pending ones only: status is an equality FerretDB pushes down, and closed callbacks pile up over the years.
    const callbacks = await this.deps.callbacks
      .find({ status: { $in: [...OPEN_STATUSES] }, startUtc: { $gte: range.fromUtc, $lt: range.toUtc } })
      .sort({ startUtc: 1 })
      .toArray();
    const claims = await this.claimsOf(callbacks.map((callback) => callback._id));
    return Promise.all(
      callbacks.map(async (callback) => {
        const person = await this.deps.people.get(callback.personId);
        // The stored version; a person never summarised yet (booked before this existed) gets one now.
        const summary = (await this.deps.summaries.latest(callback.personId)) ?? (await this.deps.summaries.current(callback.personId));
        return this.view(agent, callback, person, claims.get(callback._id) ?? null, summary);
      }),
    );
  }

  async detail(agent: Pick<AgentDocument, 'timeZone'>, callbackId: string) {
    const callback = await this.callback(callbackId);
    const person = await this.deps.people.get(callback.personId);
    const summary = await this.deps.summaries.current(callback.personId);
    const claim = (await this.claimsOf([callback._id])).get(callback._id) ?? null;
    const view = await this.view(agent, callback, person, claim, summary);
    const timeline = await this.deps.timeline.forPerson(callback.personId);
    const contactabilityByPurpose = person
      ? Object.fromEntries(
          await Promise.all(
            CALL_PURPOSES.map(async (purpose) => {
              const answer = await this.deps.contactability.check({
                phoneE164: person.phoneE164,
                purpose,
                now: this.deps.clock(),
                ruleSetId: callback.ruleSetId,
              });
              return [purpose, answer] as const;
            }),
          ),
        )
      : {};
    return {
      ...view,
      contactabilityByPurpose,
      // What a merely claimed identity said is kept apart until the account proves the number.
      timeline: timeline.filter((entry) => entry.assurance !== 'claimed'),
      claimedTimeline: timeline.filter((entry) => entry.assurance === 'claimed'),
    };
  }

  async claim(agent: AgentDocument, callbackId: string): Promise<CallbackClaimDocument> {
    const callback = await this.callback(callbackId);
    if (!isOpen(callback.status)) throw new CallbackClosed(`the callback is ${callback.status}`);
    const claim: CallbackClaimDocument = {
      _id: callback._id,
      personId: callback.personId,
      agentId: agent._id,
      agentName: agent.name,
      at: this.deps.clock(),
    };
    try {
      await this.deps.claims.insertOne(claim);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const winner = await this.deps.claims.findOne({ _id: callback._id });
      if (winner && winner.agentId === agent._id) return winner;
      throw new AlreadyClaimed(winner ?? claim);
    }
    await this.deps.timeline.append(
      timelineEntry({
        personId: callback.personId,
        channelId: 'agent',
        kind: 'claim',
        text: `Callback claimed by ${agent.name}`,
        at: claim.at,
        ref: callback._id,
        agentId: agent._id,
      }),
    );
    return claim;
  }

  /**
   * How the call went. The callback is claimed for this agent first if nobody has it (a click on the Teams card
   * does both); a callback another agent holds is refused. Every outcome is a call attempt (the frequency cap
   * counts it) and a timeline entry; "not interested" and "wrong number" stop every call to the number.
   */
  async recordOutcome(
    agent: AgentDocument,
    callbackId: string,
    input: { outcome: CallbackOutcome; note: string; rescheduleTo?: Date },
  ): Promise<{ callback: CallbackDocument; entry: TimelineEntryDocument; summary: SummaryDocument }> {
    const now = this.deps.clock();
    const callback = await this.callback(callbackId);
    if (!isOpen(callback.status)) throw new CallbackClosed(`the callback is ${callback.status}`);
    await this.claim(agent, callbackId);
    const person = await this.deps.people.get(callback.personId);
    let current = callback;
    if (input.outcome === 'reschedule' && input.rescheduleTo) {
      if (!person) throw new RescheduleRefused('the person no longer exists');
      const stored = await this.deps.ruleSets.current(callback.ruleSetId);
      if (!stored) throw new RescheduleRefused(`rule set ${callback.ruleSetId} does not exist`);
      const moved = await this.deps.bookings.reschedule({
        callbackId,
        ruleSet: parseRuleSet(stored.ruleSet),
        person,
        slotStartUtc: input.rescheduleTo,
        now,
      });
      if (!moved.ok) throw new RescheduleRefused(`that time cannot be booked (${moved.reason})`);
      current = moved.callback;
    }
    const entry = timelineEntry({
      personId: callback.personId,
      channelId: 'phone',
      kind: 'outcome',
      text: `Call outcome: ${input.outcome.replace('_', ' ')} (${agent.name})`,
      at: now,
      ref: callback._id,
      agentId: agent._id,
      outcome: input.outcome,
      note: input.note || null,
    });
    await this.deps.timeline.append(entry);
    if (person) {
      await this.deps.attempts.record({
        personId: person._id,
        phoneE164: person.phoneE164,
        at: now,
        purpose: callback.purpose ?? DEFAULT_CALLBACK_PURPOSE,
        outcome: ATTEMPT_OUTCOME[input.outcome],
        agentKeyId: agent._id,
      });
    }
    const closing = CLOSING_STATUS[input.outcome];
    if (closing) {
      const closed = await this.deps.bookings.lifecycle.transition({
        callbackId: callback._id,
        from: OPEN_STATUSES,
        to: closing,
        at: now,
        reason: `${input.outcome.replace('_', ' ')} (${agent.name})`,
        set: firstAttemptFields(current, now, await this.keptOnTimeMinutes(current)),
      });
      if (closed) current = closed;
    } else if (UNANSWERED.has(input.outcome)) {
      current = (await this.deps.retries.afterUnansweredCall({ callbackId: callback._id, outcome: input.outcome, at: now })) ?? current;
    }
    if (person && (input.outcome === 'not_interested' || input.outcome === 'wrong_number')) await this.stopCalls(person, input, agent, now);
    if (person && input.outcome === 'converted' && !person.existingCustomer) {
      await this.deps.people.update(person._id, {
        existingCustomer: true,
        customer: { since: now, lastInteractionAt: now, products: person.customer?.products ?? [] },
      });
    }
    const summary = await this.deps.summaries.current(callback.personId);
    return { callback: current, entry, summary };
  }

  /**
   * RGPD art. 21.2–3: an objection to direct marketing stops it. Written as a withdrawal of calls in the ledger
   * (with the agent as source) and the hashed suppression, as the person's own opt-out would be, so it stops calls
   * of every purpose, service included (stricter than the objection needs: the ledger has no sales-only scope yet);
   * a wrong number is not the person's number, so nobody there should be called either.
   */
  private async stopCalls(person: PersonDocument, input: { outcome: CallbackOutcome; note: string }, agent: AgentDocument, at: Date) {
    const wording =
      input.outcome === 'not_interested'
        ? 'Told on the phone that they are not interested: no more calls (recorded by the agent)'
        : 'The number answered as a wrong number: no more calls to it (recorded by the agent)';
    await this.deps.ledger.record({
      personId: person._id,
      event: 'withdrawn',
      scope: 'callbacks',
      channelId: 'phone',
      wording,
      personWords: input.note || null,
      source: 'agent',
      at,
    });
    await this.deps.ledger.suppress(person.phoneE164, 'opted_out', at);
    await this.deps.bookings.cancelAllForPerson(person._id, `${input.outcome.replace('_', ' ')} (agent ${agent.name})`, at);
  }

  private async keptOnTimeMinutes(callback: CallbackDocument): Promise<number> {
    const stored = await this.deps.ruleSets.current(callback.ruleSetId);
    return stored ? parseRuleSet(stored.ruleSet).promises.keptOnTimeMinutes : 5;
  }

  private async callback(callbackId: string): Promise<CallbackDocument> {
    const callback = await this.deps.callbacks.findOne({ _id: callbackId });
    if (!callback) throw new CallbackNotFound(`no callback ${callbackId}`);
    return callback;
  }

  private async claimsOf(ids: readonly string[]): Promise<Map<string, CallbackClaimDocument>> {
    if (ids.length === 0) return new Map();
    const claims = await this.deps.claims.find({ _id: { $in: [...ids] } }).toArray();
    return new Map(claims.map((claim) => [claim._id, claim]));
  }

  private async view(
    agent: Pick<AgentDocument, 'timeZone'>,
    callback: CallbackDocument,
    person: PersonDocument | null,
    claim: CallbackClaimDocument | null,
    summary: SummaryDocument | null,
  ): Promise<DueCallback> {
    const now = this.deps.clock();
    const start = DateTime.fromJSDate(callback.startUtc, { zone: agent.timeZone });
    const today = DateTime.fromJSDate(now, { zone: agent.timeZone }).startOf('day');
    const day = start < today ? 'past' : start < today.plus({ days: 1 }) ? 'today' : 'upcoming';
    const contactability: ContactabilityAnswer = person
      ? await this.deps.contactability.check({ phoneE164: person.phoneE164, purpose: SALES_PURPOSE, now, ruleSetId: callback.ruleSetId })
      : {
          allowed: false,
          reasons: [{ code: 'person_erased', message: 'the person no longer exists' }],
          nextAllowedAt: null,
          callerNumber: null,
        };
    return {
      callbackId: callback._id,
      status: callback.status,
      startUtc: callback.startUtc.toISOString(),
      startAgent: start.toISO({ suppressMilliseconds: true }) ?? callback.startUtc.toISOString(),
      startProspect:
        DateTime.fromJSDate(callback.startUtc, { zone: callback.prospectTimeZone }).toISO({ suppressMilliseconds: true }) ??
        callback.startUtc.toISOString(),
      prospectTimeZone: callback.prospectTimeZone,
      day,
      person: { id: callback.personId, phoneE164: person?.phoneE164 ?? '', name: summary?.summary.who.name ?? null },
      claim: claim ? { agentId: claim.agentId, agentName: claim.agentName, at: claim.at.toISOString() } : null,
      bookedBy: { channelId: callback.bookedBy?.channelId ?? callback.channelId, assurance: callback.bookedBy?.assurance ?? 'unknown' },
      contactability,
      summary,
    };
  }
}
