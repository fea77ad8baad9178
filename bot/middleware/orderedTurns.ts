import { randomUUID } from 'node:crypto';
import type { ConversationState, Middleware, StatePropertyAccessor, TurnContext, UserState } from 'botbuilder';
import type { Logger } from '../../services/observability/logger';
import { forgetTurnReads } from '../../services/store/turnReads';
import { ABSENT_VERSION, StateVersion, VersionClaims } from '../../services/turns/versionClaims';
import { ETagConflictError, MongoStorage, StateCommit } from '../mongoStorage';

export interface OrderedTurnsOptions {
  /** Longest a turn may wait for the one before it in its conversation before it fails. */
  maxWaitMs: number;
  /** How many times a turn whose state write lost a race is run again from fresh state. */
  maxRetries: number;
  /** A claim older than this is a crashed turn's (VersionClaims' leaseMs): a turn that outlives it is redone. */
  leaseMs: number;
}

/** How many recent activity ids a conversation remembers, to process a redelivered one once. */
const REMEMBERED_ACTIVITIES = 50;

/** What botbuilder keeps in turn state for a loaded state object (its accessors hand it over untyped). */
type State = Record<string, unknown> | undefined;

export class TurnWaitTimeout extends Error {
  readonly code = 'TURN_WAIT_TIMEOUT';
  constructor(readonly key: string) {
    super(`gave up waiting for the turn before this one on "${key}"`);
    this.name = 'TurnWaitTimeout';
  }
}

/**
 * Runs the turns of one conversation one after another, across processes, and owns loading and saving
 * bot state for the turn:
 * 1. Conversation and user state are read together (one batch), then the versions read are claimed
 *    (one insert). A claim taken by another turn means that turn is still running: wait a little, read
 *    again, claim again. So a turn always starts from the state the previous turn left.
 * 2. The activity id is checked against the ids this conversation already processed (kept in its state):
 *    a redelivery is acknowledged and not run again. The id is recorded in the same write that commits
 *    the turn's state, so a turn that crashed half-way is redone when its activity comes again.
 * 3. After the bot logic, both states are written in one command, guarded by the eTags read. Losing that
 *    race (a claim taken over from a turn that overran its lease) runs the turn again from fresh state,
 *    its buffered replies discarded; it never deletes state.
 * Bot logic must not save state itself: this is the one place that does.
 */
export class OrderedTurns implements Middleware {
  private readonly processed: StatePropertyAccessor<string[]>;

  constructor(
    private readonly conversationState: ConversationState,
    private readonly userState: UserState,
    private readonly storage: MongoStorage,
    private readonly claims: VersionClaims,
    private readonly logger: Logger,
    private readonly options: OrderedTurnsOptions,
  ) {
    this.processed = conversationState.createProperty<string[]>('processedActivityIds');
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const conversationKey = this.conversationState.getStorageKey(context);
    if (conversationKey === undefined) return next();
    const userKey = context.activity.from?.id ? this.userState.getStorageKey(context) : undefined;
    const activityId = context.activity.id;
    const holder = randomUUID();

    for (let attempt = 0; ; attempt++) {
      const claimed = await this.claimFreshState(context, conversationKey, userKey, holder);
      // From the claim on: a turn that outlives its claim may have been taken over, so it is run again.
      const claimedAt = Date.now();
      let committed = false;
      try {
        const seen = (await this.processed.get(context, [])) ?? [];
        if (activityId && seen.includes(activityId)) {
          this.logger.info({ conversationKey, activityId }, 'duplicate activity: already processed');
          return;
        }
        if (activityId) await this.processed.set(context, [...seen.slice(-(REMEMBERED_ACTIVITIES - 1)), activityId]);
        const replied = context.bufferedReplyActivities.length;
        try {
          await next();
          if (Date.now() - claimedAt > this.options.leaseMs) throw new ETagConflictError(conversationKey);
          await this.commit(context, conversationKey, userKey);
          committed = true;
          return;
        } catch (error) {
          if (!(error instanceof ETagConflictError) || attempt >= this.options.maxRetries) throw error;
          this.logger.warn({ conversationKey, activityId, attempt }, 'turn lost a state race; running it again from fresh state');
          context.bufferedReplyActivities.splice(replied);
          // Another process wrote meanwhile: what this turn read is not what the next attempt should see.
          forgetTurnReads();
        }
      } finally {
        if (committed) this.claims.retire(claimed);
        else this.claims.release(claimed);
      }
    }
  }

  /** Reads both states and claims the versions read; returns the claim ids held. */
  private async claimFreshState(
    context: TurnContext,
    conversationKey: string,
    userKey: string | undefined,
    holder: string,
  ): Promise<string[]> {
    const deadline = Date.now() + this.options.maxWaitMs;
    for (let wait = 0; ; wait++) {
      const [conversation, user] = await Promise.all([
        this.conversationState.load(context, true) as Promise<State>,
        userKey ? (this.userState.load(context, true) as Promise<State>) : Promise.resolve(undefined),
      ]);
      const versions: StateVersion[] = [{ key: conversationKey, eTag: eTagOf(conversation) }];
      if (userKey) versions.push({ key: userKey, eTag: eTagOf(user) });
      const claim = await this.claims.claimAll(versions, holder);
      if (claim.ok) return claim.ids;
      if (Date.now() > deadline) throw new TurnWaitTimeout(claim.busyKey);
      // Short, growing, jittered: turns take milliseconds, and several waiters should not move in step.
      const backoff = Math.min(100, 4 * 2 ** Math.min(wait, 5));
      await new Promise((resolve) => setTimeout(resolve, backoff / 2 + Math.random() * backoff));
    }
  }

  private async commit(context: TurnContext, conversationKey: string, userKey: string | undefined): Promise<void> {
    // The conversation state (which records the activity as processed) goes last: if the user state
    // collides, nothing of the turn is written and it runs again whole.
    const changes: StateCommit[] = [];
    if (userKey) changes.push(this.commitOf(this.userState.get(context) as State, userKey));
    changes.push(this.commitOf(this.conversationState.get(context) as State, conversationKey));
    // Both are written even when unchanged: the write replaces the versions this turn claimed, which
    // is what lets the next turn in.
    const eTags = await this.storage.commit(changes);
    for (const [state, key] of [
      [this.userState.get(context) as State, userKey],
      [this.conversationState.get(context) as State, conversationKey],
    ] as const) {
      if (state && key) state.eTag = eTags[key];
    }
  }

  private commitOf(state: Record<string, unknown> | undefined, key: string): StateCommit {
    const current = state ?? {};
    return { key, state: current, readETag: typeof current.eTag === 'string' ? current.eTag : undefined };
  }
}

function eTagOf(state: unknown): string {
  const eTag = (state as { eTag?: unknown } | undefined)?.eTag;
  return typeof eTag === 'string' ? eTag : ABSENT_VERSION;
}
