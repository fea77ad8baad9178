import { Collection } from 'mongodb';
import { DateTime } from 'luxon';
import { callerNumberChoice, type CallerNumberChoice, callTypeOf } from '../contactability/callerNumbers';
import type { CallbackSlot } from '../availability/engine';
import type { RuleSetStore } from '../availability/ruleSetStore';
import { parseRuleSet, type RuleSet } from '../availability/ruleSet';
import type { BookingResult, BookingService } from '../booking/bookingService';
import { type CallbackDocument, TEAM_FIELD, teamOf } from '../booking/callback';
import { DEFAULT_CALLBACK_PURPOSE, isOpen, OPEN_STATUSES, type REACHED_STATUSES } from '../booking/lifecycle';
import type { DataRights } from '../dataRights/dataRights';
import type { CallAttempts, CallAttemptDocument, CallPurpose } from '../contactability/callAttempts';
import { CALL_PURPOSES } from '../contactability/callAttempts';
import type { ContactabilityAnswer, Contactability } from '../contactability/contactability';
import type { PeopleStore } from '../people/peopleStore';
import type { PersonDocument } from '../people/person';
import { isDuplicateKeyError } from '../store/errors';
import type { AgentDocument, AgentStore } from './agents';
import { type CallRetries, firstAttemptFields } from '../promises/callRetries';
import type { HandoffSummaries, SummaryDocument } from './summaries';
import type { TeamStore } from '../teams/teamStore';
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
  /**
   * Needs doing before anything else: `missed` (nobody called by start + grace, not yet repaired or lapsed) or
   * `overdue` (still open and its time has passed). Listed first, whatever day they were for.
   */
  late: 'missed' | 'overdue' | null;
  missedAt: string | null;
  /** Sales (acquisition, upsell) or service: what the call is about, which decides the number to call from. */
  purpose: CallPurpose;
  /** The number to dial from (the rule set's caller number for the call type and the person's country), or none. */
  callFrom: CallerNumberChoice;
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

/** Why the desk refused: the API answers each with its code (bot/http/errors.ts), the Teams card with a sentence. */
export type DeskRefusalReason =
  | 'not_found'
  | 'claimed'
  /** The claim changed between reading it and replacing it (someone released or reassigned it first). */
  | 'claim_changed'
  | 'closed'
  /** Releasing or handing on a claim is for the agent who holds it, or an admin. */
  | 'not_holder'
  /** A reassignment to an agent that does not exist. */
  | 'unknown_agent'
  /** The time asked for was taken meanwhile, or was never a free lawful slot for this person. */
  | 'slot_taken'
  | 'slot_not_offered'
  | 'reschedule_refused';

/** An action of the desk refused; the claim in the way, or the free slots nearest the one asked for, when they say more. */
export class DeskRefusal extends Error {
  constructor(
    readonly reason: DeskRefusalReason,
    message: string,
    readonly claim?: CallbackClaimDocument,
    readonly alternatives?: SlotView[],
  ) {
    super(message);
    this.name = 'DeskRefusal';
  }

  static claimed(claim: CallbackClaimDocument): DeskRefusal {
    return new DeskRefusal('claimed', `claimed by ${claim.agentName} at ${claim.at.toISOString()}`, claim);
  }

  static slot(reason: 'taken' | 'not_offered', alternatives: SlotView[]): DeskRefusal {
    return reason === 'taken'
      ? new DeskRefusal('slot_taken', 'that time was taken meanwhile', undefined, alternatives)
      : new DeskRefusal('slot_not_offered', 'that time is not a free slot this person can be called in', undefined, alternatives);
  }
}

/** Who acts on a callback from the console, the API or the Teams card. */
export interface DeskActor {
  /** The agent profile, when the key or Teams user has one (an admin key may have none). */
  agentId: string | null;
  name: string;
  /** An admin may release, reassign or move a callback someone else holds. */
  admin: boolean;
}

export function actorOf(agent: Pick<AgentDocument, '_id' | 'name'>, admin = false): DeskActor {
  return { agentId: agent._id, name: agent.name, admin };
}

/** A free slot as an agent picks it: the instant, in the agent's zone and in the prospect's. */
export interface SlotView {
  startUtc: string;
  startAgent: string;
  startProspect: string;
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
// Outcomes that leave the promise open: the retry policy plans the next attempt (services/promises).
const UNANSWERED: ReadonlySet<CallbackOutcome> = new Set(['no_answer', 'busy', 'voicemail']);
const DAY = 86_400_000;

export interface AgentDeskDependencies {
  callbacks: Collection<CallbackDocument>;
  claims: Collection<CallbackClaimDocument>;
  timeline: TimelineStore;
  summaries: HandoffSummaries;
  people: Pick<PeopleStore, 'get' | 'update'>;
  contactability: Pick<Contactability, 'check'>;
  attempts: Pick<CallAttempts, 'record'>;
  /** How a refusal on the phone stops calls: as the person's own opt-out does. */
  dataRights: Pick<DataRights, 'recordConsent'>;
  bookings: Pick<BookingService, 'offer' | 'reschedule' | 'lifecycle'>;
  ruleSets: Pick<RuleSetStore, 'current'>;
  retries: Pick<CallRetries, 'afterUnansweredCall'>;
  /** Whom a callback can be reassigned to. */
  agents: Pick<AgentStore, 'get' | 'list'>;
  /** Which teams exist, and the one that works what belongs to no known team (DEFAULT_RULE_SET_ID). */
  teams: Pick<TeamStore, 'list'>;
  defaultTeamId: string;
  clock: () => Date;
}

/** Whose callbacks a caller sees: one team's (an agent's key), or every team's (null: an admin's key). */
export type TeamScope = string | null;

/**
 * What an agent does with callbacks: see the ones due (in their own zone, with whether the call is allowed
 * right now), open one with its summary and timeline, claim it (one agent wins: the claim's unique _id is the
 * callback id), and record how the call went.
 */
export class AgentDesk {
  constructor(private readonly deps: AgentDeskDependencies) {}

  /**
   * The callbacks an agent should see: first the late ones (missed and not yet repaired or lapsed, or open with
   * their time passed), whatever day they were for, oldest first; then the open ones starting in the range.
   */
  async due(
    agent: Pick<AgentDocument, 'timeZone'>,
    range: { fromUtc: Date; toUtc: Date },
    scope: TeamScope = null,
  ): Promise<DueCallback[]> {
    const now = this.deps.clock();
    const team = await this.teamFilter(scope);
    // By status first (MongoDB's status_start index serves all three): closed callbacks pile up over the years.
    const [missed, overdue, inRange] = await Promise.all([
      this.deps.callbacks
        .find({ status: 'missed', ...team })
        .sort({ startUtc: 1 })
        .toArray(),
      this.deps.callbacks
        .find({ status: { $in: [...OPEN_STATUSES] }, startUtc: { $lt: now }, ...team })
        .sort({ startUtc: 1 })
        .toArray(),
      this.deps.callbacks
        .find({ status: { $in: [...OPEN_STATUSES] }, startUtc: { $gte: range.fromUtc, $lt: range.toUtc }, ...team })
        .sort({ startUtc: 1 })
        .toArray(),
    ]);
    const late = [...missed, ...overdue].sort((a, b) => a.startUtc.getTime() - b.startUtc.getTime());
    const lateIds = new Set(late.map((callback) => callback._id));
    const callbacks = [...late, ...inRange.filter((callback) => !lateIds.has(callback._id))];
    const claims = await this.claimsOf(callbacks.map((callback) => callback._id));
    const ruleSetOf = this.ruleSetReader();
    return Promise.all(
      callbacks.map(async (callback) => {
        const person = await this.deps.people.get(callback.personId);
        // The stored version; a person never summarised yet (booked before this existed) gets one now.
        const summary = (await this.deps.summaries.latest(callback.personId)) ?? (await this.deps.summaries.current(callback.personId));
        return this.view(agent, callback, person, claims.get(callback._id) ?? null, summary, await ruleSetOf(callback.ruleSetId));
      }),
    );
  }

  /**
   * The team whose callbacks an agent works: their own; an agent whose team is no team (registered before teams
   * existed, or from the Teams channel) works the default team's, so a one-team installation sees what it always did.
   */
  async teamOfAgent(agent: Pick<AgentDocument, 'team'> | null): Promise<string> {
    return this.teamOfAgentIn(await this.teamIds(), agent);
  }

  /** Another team's callback is, to an agent of this one, no callback at all (404, as for one that does not exist). */
  async mustSee(scope: TeamScope, callbackId: string): Promise<void> {
    const callback = await this.callback(callbackId);
    if (scope === null) return;
    if (this.teamOfCallbackIn(await this.teamIds(), callback) !== scope) throw new DeskRefusal('not_found', `no callback ${callbackId}`);
  }

  /** Whom a callback can be handed to: the agents who work its team (another team's would never see it). */
  async handOverCandidates(callbackId: string): Promise<AgentDocument[]> {
    const callback = await this.callback(callbackId);
    const teams = await this.teamIds();
    const team = this.teamOfCallbackIn(teams, callback);
    return (await this.deps.agents.list()).filter((agent) => this.teamOfAgentIn(teams, agent) === team);
  }

  /** The agents an actor may pick from: an agent, their own team's; an admin, everyone. */
  async agentsFor(actor: DeskActor): Promise<AgentDocument[]> {
    const agents = await this.deps.agents.list();
    if (actor.admin) return agents;
    const teams = await this.teamIds();
    const own = await this.teamOfAgent(actor.agentId ? await this.deps.agents.get(actor.agentId) : null);
    return agents.filter((agent) => this.teamOfAgentIn(teams, agent) === own);
  }

  // The rules of teamOfAgent and of mustSee, over a list of teams read once.
  private teamOfAgentIn(teams: ReadonlySet<string>, agent: Pick<AgentDocument, 'team'> | null): string {
    return agent && teams.has(agent.team) ? agent.team : this.deps.defaultTeamId;
  }

  private teamOfCallbackIn(teams: ReadonlySet<string>, callback: CallbackDocument): string {
    return teams.has(teamOf(callback)) ? teamOf(callback) : this.deps.defaultTeamId;
  }

  /**
   * The callbacks a scope sees: its team's; the default team's also takes those whose rule set is no team's (a
   * campaign's own rule set, or one from before teams), as the one team of an installation always did.
   */
  private async teamFilter(scope: TeamScope): Promise<Record<string, unknown>> {
    if (scope === null) return {};
    if (scope !== this.deps.defaultTeamId) return { [TEAM_FIELD]: scope };
    const others = [...(await this.teamIds())].filter((id) => id !== scope);
    return others.length === 0 ? {} : { [TEAM_FIELD]: { $nin: others } };
  }

  private async teamIds(): Promise<Set<string>> {
    return new Set((await this.deps.teams.list()).map((team) => team.id));
  }

  async detail(agent: Pick<AgentDocument, 'timeZone'>, callbackId: string) {
    const callback = await this.callback(callbackId);
    const person = await this.deps.people.get(callback.personId);
    const summary = await this.deps.summaries.current(callback.personId);
    const claim = (await this.claimsOf([callback._id])).get(callback._id) ?? null;
    const view = await this.view(agent, callback, person, claim, summary, await this.ruleSetReader()(callback.ruleSetId));
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
    if (!isOpen(callback.status)) throw new DeskRefusal('closed', `the callback is ${callback.status}`);
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
      throw DeskRefusal.claimed(winner ?? claim);
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

  /** Gives the callback back to the queue: by the agent who holds it, or an admin. Nothing to release is no error. */
  async release(actor: DeskActor, callbackId: string): Promise<void> {
    const callback = await this.callback(callbackId);
    const claim = await this.deps.claims.findOne({ _id: callback._id });
    if (!claim) return;
    this.mustHoldOrAdmin(actor, claim);
    // Only the claim we read: a claim someone else wrote since then stays (on FerretDB, see reassign).
    const { deletedCount } = await this.deps.claims.deleteOne({ _id: claim._id, agentId: claim.agentId });
    if (deletedCount === 0) return;
    await this.deps.timeline.append(
      timelineEntry({
        personId: callback.personId,
        channelId: 'agent',
        kind: 'claim',
        text:
          actor.agentId === claim.agentId
            ? `Callback released by ${actor.name}`
            : `Callback of ${claim.agentName} released by ${actor.name}`,
        at: this.deps.clock(),
        ref: callback._id,
        agentId: actor.agentId,
      }),
    );
  }

  /**
   * Hands the callback to another agent: by the holder, or an admin (who may also assign an unclaimed one).
   * Delete-then-insert, both on the claim's unique _id (the callback id), so there is never more than one holder.
   * Under a race: a claim that changed between our read and our delete is left alone (claim_changed, nothing
   * written); an agent who claims in the gap between our delete and our insert wins (claimed: they hold
   * it, and the reassignment did not happen). FerretDB applies a filtered delete as a read and then a delete by
   * _id, so two concurrent reassignments of one claim can both delete: the last insert holds it, and the other
   * caller was told it succeeded for a claim that is gone. One holder at all times either way, never two.
   */
  async reassign(actor: DeskActor, callbackId: string, toAgentId: string): Promise<CallbackClaimDocument> {
    const callback = await this.callback(callbackId);
    if (!isOpen(callback.status)) throw new DeskRefusal('closed', `the callback is ${callback.status}`);
    const to = await this.deps.agents.get(toAgentId);
    if (!to) throw new DeskRefusal('unknown_agent', `no agent ${toAgentId}`);
    const teams = await this.teamIds();
    if (this.teamOfAgentIn(teams, to) !== this.teamOfCallbackIn(teams, callback)) {
      throw new DeskRefusal('unknown_agent', `${to.name} is not in this callback's team`);
    }
    const current = await this.deps.claims.findOne({ _id: callback._id });
    if (current) this.mustHoldOrAdmin(actor, current);
    else if (!actor.admin) throw new DeskRefusal('not_holder', 'nobody holds this callback: claim it, or ask an admin to assign it');
    if (current?.agentId === to._id) return current;
    if (current) {
      const { deletedCount } = await this.deps.claims.deleteOne({ _id: current._id, agentId: current.agentId });
      if (deletedCount === 0) throw new DeskRefusal('claim_changed', 'the claim changed meanwhile; look again');
    }
    const claim: CallbackClaimDocument = {
      _id: callback._id,
      personId: callback.personId,
      agentId: to._id,
      agentName: to.name,
      at: this.deps.clock(),
    };
    try {
      await this.deps.claims.insertOne(claim);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const winner = await this.deps.claims.findOne({ _id: callback._id });
      if (winner?.agentId === to._id) return winner;
      throw DeskRefusal.claimed(winner ?? claim);
    }
    await this.deps.timeline.append(
      timelineEntry({
        personId: callback.personId,
        channelId: 'agent',
        kind: 'claim',
        text: current
          ? `Callback reassigned from ${current.agentName} to ${to.name} by ${actor.name}`
          : `Callback assigned to ${to.name} by ${actor.name}`,
        at: claim.at,
        ref: callback._id,
        agentId: actor.agentId,
      }),
    );
    return claim;
  }

  /**
   * Free slots the callback could move to: the chat's engine and booking service (BookingService.offer), for the
   * callback's person and rule set, inside the person's lawful window, the team's hours and the booking horizon;
   * from `fromUtc` (not before now) on, its own time left out.
   */
  async slots(
    agent: Pick<AgentDocument, 'timeZone'>,
    callbackId: string,
    input: { fromUtc?: Date; limit: number },
  ): Promise<{ callbackId: string; prospectTimeZone: string; slots: SlotView[] }> {
    const callback = await this.callback(callbackId);
    if (!isOpen(callback.status)) throw new DeskRefusal('closed', `the callback is ${callback.status}`);
    const { ruleSet, person } = await this.bookingContext(callback);
    const now = this.deps.clock();
    const fromUtc = new Date(Math.max(now.getTime(), input.fromUtc?.getTime() ?? 0));
    const toUtc = new Date(now.getTime() + ruleSet.horizonDays * DAY);
    const offered = await this.deps.bookings.offer({ ruleSet, person, range: { fromUtc, toUtc }, limit: input.limit + 1, now });
    const slots = offered.filter((slot) => slot.startUtc.getTime() !== callback.startUtc.getTime()).slice(0, input.limit);
    return {
      callbackId: callback._id,
      prospectTimeZone: callback.prospectTimeZone,
      slots: slots.map((slot) => slotView(slot, agent.timeZone, callback.prospectTimeZone)),
    };
  }

  /**
   * "Another time": moves an open callback to a free slot through the booking service, as the chat does, and
   * asks the promise job to tell the person the new time on their channel. Refused when another agent holds it
   * (an admin may), when it is closed, and when the slot was taken meanwhile or is not one (with alternatives).
   */
  async move(agent: Pick<AgentDocument, 'timeZone'>, actor: DeskActor, callbackId: string, startUtc: Date): Promise<DueCallback> {
    const callback = await this.callback(callbackId);
    if (!isOpen(callback.status)) throw new DeskRefusal('closed', `the callback is ${callback.status}`);
    const claim = await this.deps.claims.findOne({ _id: callback._id });
    if (claim && claim.agentId !== actor.agentId && !actor.admin) throw DeskRefusal.claimed(claim);
    const { ruleSet, person } = await this.bookingContext(callback);
    const moved = await this.moveBooking(callback, ruleSet, person, startUtc, actor.name);
    if (!moved.ok) {
      // The booking service refuses a callback that closed meanwhile as "not offered": say what really happened.
      const now = await this.callback(callbackId);
      if (!isOpen(now.status)) throw new DeskRefusal('closed', `the callback is ${now.status}`);
      throw DeskRefusal.slot(
        moved.reason === 'taken' ? 'taken' : 'not_offered',
        moved.alternatives.map((slot) => slotView(slot, agent.timeZone, callback.prospectTimeZone)),
      );
    }
    const summary = await this.deps.summaries.current(callback.personId);
    return this.view(agent, moved.callback, person, claim, summary, ruleSet);
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
    if (!isOpen(callback.status)) throw new DeskRefusal('closed', `the callback is ${callback.status}`);
    await this.claim(agent, callbackId);
    const person = await this.deps.people.get(callback.personId);
    let current = callback;
    if (input.outcome === 'reschedule' && input.rescheduleTo) {
      if (!person) throw new DeskRefusal('reschedule_refused', 'the person no longer exists');
      const stored = await this.deps.ruleSets.current(callback.ruleSetId);
      if (!stored) throw new DeskRefusal('reschedule_refused', `rule set ${callback.ruleSetId} does not exist`);
      const moved = await this.moveBooking(callback, parseRuleSet(stored.ruleSet), person, input.rescheduleTo, agent.name);
      if (!moved.ok) throw new DeskRefusal('reschedule_refused', `that time cannot be booked (${moved.reason})`);
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
    // The person's own opt-out's one door: the ledger, the hashed suppression, every open callback cancelled.
    await this.deps.dataRights.recordConsent({
      phoneE164: person.phoneE164,
      event: 'withdrawn',
      scope: 'callbacks',
      channelId: 'phone',
      wording,
      personWords: input.note || null,
      source: 'agent',
      at,
      cancelReason: `${input.outcome.replace('_', ' ')} (agent ${agent.name})`,
    });
  }

  /** Every move an agent makes goes this one way: the booking service, with who moved it, and the person told. */
  private moveBooking(
    callback: CallbackDocument,
    ruleSet: RuleSet,
    person: PersonDocument,
    startUtc: Date,
    by: string,
  ): Promise<BookingResult> {
    return this.deps.bookings.reschedule({
      callbackId: callback._id,
      ruleSet,
      person,
      slotStartUtc: startUtc,
      now: this.deps.clock(),
      reason: `moved by ${by}`,
      tellPerson: true,
    });
  }

  private async bookingContext(callback: CallbackDocument): Promise<{ ruleSet: RuleSet; person: PersonDocument }> {
    const [stored, person] = await Promise.all([this.deps.ruleSets.current(callback.ruleSetId), this.deps.people.get(callback.personId)]);
    if (!person) throw new DeskRefusal('closed', 'the person no longer exists');
    if (!stored) throw new DeskRefusal('closed', `rule set ${callback.ruleSetId} does not exist`);
    return { ruleSet: parseRuleSet(stored.ruleSet), person };
  }

  private mustHoldOrAdmin(actor: DeskActor, claim: CallbackClaimDocument): void {
    if (claim.agentId !== actor.agentId && !actor.admin)
      throw new DeskRefusal('not_holder', `${claim.agentName} holds this callback: only they or an admin can`);
  }

  /** Rule sets read once per listing (several callbacks share one). */
  private ruleSetReader(): (ruleSetId: string) => Promise<RuleSet | null> {
    const read = new Map<string, Promise<RuleSet | null>>();
    return (ruleSetId) => {
      let ruleSet = read.get(ruleSetId);
      if (!ruleSet) {
        ruleSet = this.deps.ruleSets.current(ruleSetId).then((stored) => (stored ? parseRuleSet(stored.ruleSet) : null));
        read.set(ruleSetId, ruleSet);
      }
      return ruleSet;
    };
  }

  private async keptOnTimeMinutes(callback: CallbackDocument): Promise<number> {
    const stored = await this.deps.ruleSets.current(callback.ruleSetId);
    return stored ? parseRuleSet(stored.ruleSet).promises.keptOnTimeMinutes : 5;
  }

  private async callback(callbackId: string): Promise<CallbackDocument> {
    const callback = await this.deps.callbacks.findOne({ _id: callbackId });
    if (!callback) throw new DeskRefusal('not_found', `no callback ${callbackId}`);
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
    ruleSet: RuleSet | null,
  ): Promise<DueCallback> {
    const now = this.deps.clock();
    const purpose = callback.purpose ?? DEFAULT_CALLBACK_PURPOSE;
    const start = DateTime.fromJSDate(callback.startUtc, { zone: agent.timeZone });
    const today = DateTime.fromJSDate(now, { zone: agent.timeZone }).startOf('day');
    const day = start < today ? 'past' : start < today.plus({ days: 1 }) ? 'today' : 'upcoming';
    const contactability: ContactabilityAnswer = person
      ? await this.deps.contactability.check({ phoneE164: person.phoneE164, purpose, now, ruleSetId: callback.ruleSetId })
      : {
          allowed: false,
          reasons: [{ code: 'person_erased', message: 'the person no longer exists' }],
          nextAllowedAt: null,
          callerNumber: null,
        };
    return {
      callbackId: callback._id,
      status: callback.status,
      late: callback.status === 'missed' ? 'missed' : isOpen(callback.status) && callback.startUtc < now ? 'overdue' : null,
      missedAt: callback.missedAt?.toISOString() ?? null,
      purpose,
      callFrom:
        person && ruleSet
          ? callerNumberChoice(ruleSet.callerNumbers, purpose, person.phoneE164)
          : { callType: callTypeOf(purpose), country: null, number: null },
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

function slotView(slot: Pick<CallbackSlot, 'startUtc'>, agentZone: string, prospectZone: string): SlotView {
  const iso = (zone: string) =>
    DateTime.fromJSDate(slot.startUtc, { zone }).toISO({ suppressMilliseconds: true }) ?? slot.startUtc.toISOString();
  return { startUtc: slot.startUtc.toISOString(), startAgent: iso(agentZone), startProspect: iso(prospectZone) };
}
