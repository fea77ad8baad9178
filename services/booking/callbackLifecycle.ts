import type { Collection } from 'mongodb';
import { isDuplicateKeyError } from '../store/errors';
import { type CallbackDocument, releasedKeys } from './callback';
import { type CallbackStatus, isOpen, mayMove } from './lifecycle';

/** What one transition writes besides the status, the revision and the history entry. */
export type TransitionFields = Partial<
  Pick<CallbackDocument, 'firstAttemptAt' | 'keptOnTime' | 'attempts' | 'missedAt' | 'repairedBy' | 'purpose' | 'notice' | 'noticePending'>
>;

export interface CallbackTransitionDocument {
  /** "<callbackId>#<rev>": one transition per revision, whoever races for it. */
  _id: string;
  callbackId: string;
  personId: string;
  from: CallbackStatus;
  to: CallbackStatus;
  rev: number;
  at: Date;
  reason: string | null;
  /** Everything the callback document receives, so a transition recorded but not yet applied can be finished. */
  set: TransitionFields & { seatKey?: string; activeKey?: string };
}

export type TransitionChange = { callback: CallbackDocument; from: CallbackStatus; to: CallbackStatus; reason: string | null };

const MAX_RACES = 5;

/**
 * The one way a callback changes status. A transition is claimed by inserting "<callbackId>#<rev+1>" (unique
 * _id: of two writers from the same revision exactly one wins, on MongoDB and FerretDB alike), then applied to
 * the callback by _id. A transition claimed but not applied (a crash in between) is finished by the next
 * writer, so nothing is ever half-done. Leaving an open state releases the seat and the person's active key.
 */
export class CallbackLifecycle {
  constructor(
    private readonly callbacks: Collection<CallbackDocument>,
    private readonly transitions: Collection<CallbackTransitionDocument>,
    /** Told of every transition applied (the person's timeline, metrics); never fails the write it reports. */
    private readonly changed: (change: TransitionChange) => Promise<void> = () => Promise.resolve(),
  ) {}

  /**
   * Moves the callback to `to` if its status is one of `from` (and the table allows it). Null when it is not
   * (someone else moved it first, or it does not exist).
   */
  async transition(input: {
    callbackId: string;
    from: readonly CallbackStatus[];
    to: CallbackStatus;
    at: Date;
    reason?: string;
    set?: TransitionFields;
  }): Promise<CallbackDocument | null> {
    for (let race = 0; race < MAX_RACES; race++) {
      const current = await this.callbacks.findOne({ _id: input.callbackId });
      if (!current || !input.from.includes(current.status)) return null;
      if (!mayMove(current.status, input.to)) throw new Error(`a callback cannot go from ${current.status} to ${input.to}`);
      const rev = (current.rev ?? 0) + 1;
      const transition: CallbackTransitionDocument = {
        _id: `${current._id}#${rev}`,
        callbackId: current._id,
        personId: current.personId,
        from: current.status,
        to: input.to,
        rev,
        at: input.at,
        reason: input.reason ?? null,
        set: { ...(input.set ?? {}), ...(isOpen(current.status) && !isOpen(input.to) ? releasedKeys(current) : {}) },
      };
      try {
        await this.transitions.insertOne(transition);
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        // Someone moved it from this revision first; finish their transition if they did not, then look again.
        const winner = await this.transitions.findOne({ _id: transition._id });
        if (winner) await this.apply(winner);
        continue;
      }
      const applied = await this.apply(transition);
      await this.changed({ callback: applied, from: transition.from, to: transition.to, reason: transition.reason });
      return applied;
    }
    return null;
  }

  /** Writes a claimed transition onto the callback (idempotent: a revision already applied is left alone). */
  private async apply(transition: CallbackTransitionDocument): Promise<CallbackDocument> {
    const updated = await this.callbacks.findOneAndUpdate(
      { _id: transition.callbackId, $or: [{ rev: { $exists: false } }, { rev: { $lt: transition.rev } }] },
      {
        $set: { ...transition.set, status: transition.to, rev: transition.rev, updatedAt: transition.at },
        $push: { history: { at: transition.at, action: transition.to, ...(transition.reason ? { reason: transition.reason } : {}) } },
      },
      { returnDocument: 'after' },
    );
    return updated ?? (await this.callbacks.findOne({ _id: transition.callbackId }))!;
  }
}
