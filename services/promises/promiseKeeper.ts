import type { Collection } from 'mongodb';
import { parseRuleSet, type RuleSet } from '../availability/ruleSet';
import type { RuleSetStore } from '../availability/ruleSetStore';
import type { BookingService } from '../booking/bookingService';
import type { CallbackDocument } from '../booking/callback';
import { OPEN_STATUSES } from '../booking/lifecycle';
import type { ConsentLedger } from '../consent/ledger';
import type { Logger } from '../observability/logger';
import type { CallbackClaimDocument } from '../handoff/agentDesk';
import type { PeopleStore } from '../people/peopleStore';
import type { ClaimLedger } from '../store/leasedClaims';
import { dueWork, isStale, type PromiseWork } from './promisePlan';
import type { Language } from '../language/language';

/** What the person is told on their channel, and what comes with it (choices to keep, move, cancel or rebook). */
export const PERSON_TELLINGS = ['reminder', 'apology', 'moved', 'retry_planned', 'unreachable'] as const;
export type PersonTelling = (typeof PERSON_TELLINGS)[number];

/** The channels' side (bot/): a proactive turn on the channel the person booked on. */
export interface PersonMessenger {
  tell(callback: CallbackDocument, telling: PersonTelling): Promise<'sent' | 'undeliverable'>;
}

/** What the agents hear: the one who claimed the call, else the team's channel. */
export type TeamEvent = 'due' | 'unclaimed' | 'missed';
export interface TeamMessenger {
  announce(callback: CallbackDocument, event: TeamEvent, detail: { claimedBy: string | null; offeredTo: string | null }): Promise<void>;
}

/** Who among the team's agents is offered a callback nobody claimed (services/handoff agent routing). */
export interface AgentOffers {
  offerFor(callback: CallbackDocument, personLanguage: Language | null, now: Date): Promise<{ name: string } | null>;
}

export interface PromiseKeeperDependencies {
  callbacks: Collection<CallbackDocument>;
  claims: Collection<CallbackClaimDocument>;
  bookings: Pick<BookingService, 'lifecycle'>;
  ruleSets: Pick<RuleSetStore, 'current'>;
  people: Pick<PeopleStore, 'get'>;
  ledger: Pick<ConsentLedger, 'isSuppressed'>;
  /** Leases of the work under way, so one replica does each piece (job_claims). */
  work: Pick<ClaimLedger, 'claim' | 'release' | 'renew'>;
  person: PersonMessenger;
  team: TeamMessenger;
  offers?: AgentOffers;
  clock: () => Date;
  logger: Logger;
}

const DAY = 86_400_000;
/**
 * A piece of work holds its lease this long, renewed while it runs (a send with its retries can take longer):
 * a replica that dies mid-piece leaves it to another within this time.
 */
const WORK_LEASE_MS = 30_000;
const RENEW_EVERY_MS = 10_000;
/** How far ahead the sweep looks: the longest reminder lead the rule set allows, and a day of quiet-hour moves. */
const LOOKAHEAD_MS = 8 * DAY;
const MAX_ROUNDS = 3;

/**
 * Keeps the word the bot gave: every pass reads the open callbacks (and the missed ones, and those with news
 * for the person), asks the plan what is due by the wall clock now, and does each piece once across replicas —
 * a leased claim while it runs, its key in the callback's `workDone` when done. A crash mid-piece leaves the
 * lease to expire and the piece to the next pass; nothing is remembered in memory between passes.
 */
export class PromiseKeeper {
  constructor(private readonly deps: PromiseKeeperDependencies) {}

  /** One pass. Returns how many pieces of work it did. */
  async sweep(): Promise<number> {
    const now = this.deps.clock();
    // Two lookups by status (the status_start index on both servers; a top-level $or would read the whole
    // collection on the embedded one, every pass): the open and missed ones up to the look-ahead, and the closed
    // one state that can still carry news for the person (we gave up: unreachable). Open ones carry theirs too.
    const [active, toldOfGivingUp] = await Promise.all([
      this.deps.callbacks
        .find({ status: { $in: [...OPEN_STATUSES, 'missed'] }, startUtc: { $lte: new Date(now.getTime() + LOOKAHEAD_MS) } })
        .toArray(),
      this.deps.callbacks.find({ status: 'unreachable', noticePending: true }).toArray(),
    ]);
    const candidates = [...active, ...toldOfGivingUp];
    const policies = new Map<string, Promise<RuleSet | null>>();
    let done = 0;
    for (const callback of candidates) {
      if (!policies.has(callback.ruleSetId)) policies.set(callback.ruleSetId, this.ruleSet(callback.ruleSetId));
      const ruleSet = await policies.get(callback.ruleSetId)!;
      if (!ruleSet) continue;
      // A piece of work can make the next one due (missed → its apology): look again until nothing is left.
      let current: CallbackDocument | null = callback;
      for (let round = 0; current && round < MAX_ROUNDS; round++) {
        let didSome = false;
        for (const work of dueWork(current, ruleSet.promises, now)) {
          if (await this.perform(current._id, work, ruleSet)) {
            done++;
            didSome = true;
          }
        }
        current = didSome ? await this.deps.callbacks.findOne({ _id: callback._id }) : null;
      }
    }
    return done;
  }

  /** One piece of work, once: claimed, checked again on a fresh read, done, recorded. */
  private async perform(callbackId: string, work: PromiseWork, ruleSet: RuleSet): Promise<boolean> {
    const claim = await this.deps.work.claim(`promise|${callbackId}|${work.key}`, WORK_LEASE_MS);
    if (!claim) return false;
    const renewal = setInterval(() => void this.deps.work.renew(claim, WORK_LEASE_MS).catch(() => undefined), RENEW_EVERY_MS);
    renewal.unref();
    try {
      const now = this.deps.clock();
      const fresh = await this.deps.callbacks.findOne({ _id: callbackId });
      // Another replica finished it, or the callback changed (moved, closed) since the sweep read it.
      if (!fresh || !dueWork(fresh, ruleSet.promises, now).some((w) => w.key === work.key)) return false;
      if (!isStale(work, fresh, now)) await this.carryOut(fresh, work, now);
      await this.deps.callbacks.updateOne(
        { _id: callbackId },
        { $addToSet: { workDone: work.key }, ...(work.kind === 'notice' ? { $set: { noticePending: false } } : {}) },
      );
      return true;
    } catch (error) {
      await this.deps.work.release(claim).catch(() => undefined);
      this.deps.logger.warn({ err: error, callbackId, work: work.kind }, 'promise work failed; the next pass tries again');
      return false;
    } finally {
      clearInterval(renewal);
    }
  }

  private async carryOut(callback: CallbackDocument, work: PromiseWork, now: Date): Promise<void> {
    const lifecycle = this.deps.bookings.lifecycle;
    switch (work.kind) {
      case 'reminder':
        await this.tell(callback, 'reminder');
        return;
      case 'due': {
        const due = await lifecycle.transition({ callbackId: callback._id, from: ['booked', 'retrying'], to: 'due', at: now });
        await this.deps.team.announce(due ?? callback, 'due', { claimedBy: await this.claimedBy(callback), offeredTo: null });
        return;
      }
      case 'unclaimed': {
        if (await this.claimedBy(callback)) return;
        const person = await this.deps.people.get(callback.personId);
        const offered = (await this.deps.offers?.offerFor(callback, person?.language ?? null, now)) ?? null;
        await this.deps.team.announce(callback, 'unclaimed', { claimedBy: null, offeredTo: offered?.name ?? null });
        return;
      }
      case 'missed': {
        const missed = await lifecycle.transition({
          callbackId: callback._id,
          from: OPEN_STATUSES,
          to: 'missed',
          at: now,
          reason: 'no outcome recorded by the end of the grace period',
          set: { missedAt: now },
        });
        if (missed) await this.deps.team.announce(missed, 'missed', { claimedBy: await this.claimedBy(callback), offeredTo: null });
        return;
      }
      case 'apology':
        await this.tell(callback, 'apology');
        return;
      case 'lapse':
        await lifecycle.transition({ callbackId: callback._id, from: ['missed'], to: 'lapsed', at: now, reason: 'not repaired in time' });
        return;
      case 'notice':
        await this.tell(callback, work.notice.kind);
        return;
    }
  }

  /** Never to a person who asked us to stop: an opt-out cancels their callbacks, and the suppression is checked again here. */
  private async tell(callback: CallbackDocument, telling: PersonTelling): Promise<void> {
    const person = await this.deps.people.get(callback.personId);
    if (!person || (await this.deps.ledger.isSuppressed(person.phoneE164))) return;
    const result = await this.deps.person.tell(callback, telling);
    if (result === 'undeliverable') {
      this.deps.logger.info(
        { callbackId: callback._id, telling, channel: callback.channelId },
        'the person could not be reached on their channel',
      );
    }
  }

  private async claimedBy(callback: CallbackDocument): Promise<string | null> {
    return (await this.deps.claims.findOne({ _id: callback._id }))?.agentName ?? null;
  }

  private async ruleSet(ruleSetId: string): Promise<RuleSet | null> {
    const stored = await this.deps.ruleSets.current(ruleSetId);
    return stored ? parseRuleSet(stored.ruleSet) : null;
  }
}
