import { randomUUID } from 'node:crypto';
import { Collection } from 'mongodb';
import { type Booking, CallbackSlot, freeSlots, nearestSlots } from '../availability/engine';
import type { LawfulWindow } from '../availability/lawfulWindow';
import { bookabilityProblem, type RuleSet } from '../availability/ruleSet';
import type { PersonDocument } from '../people/person';
import { displayZoneOf, lawfulWindowOf } from '../people/personZone';
import { activeKey, CallbackDocument, noticeFields, releasedKeys, seatKey } from './callback';
import { CallbackLifecycle, type TransitionChange } from './callbackLifecycle';
import type { Database } from '../store/database';
import { type CallbackPurpose, OPEN_STATUSES } from './lifecycle';
import { explainUnavailable, Unavailability } from './explain';
import { isDuplicateKeyError } from '../store/errors';
import { readOncePerTurn } from '../store/turnReads';
import type { BookingChange } from '../handoff/timelineEvents';

export type BookingPerson = Pick<PersonDocument, '_id' | 'phoneE164' | 'timeZone' | 'region'>;

export type BookingResult =
  | { ok: true; callback: CallbackDocument }
  | { ok: false; reason: 'taken' | 'not_offered' | 'already_booked'; alternatives: CallbackSlot[]; existing?: CallbackDocument };

/** The booking service and the lifecycle it moves callbacks through, on a database's declared collections. */
export function bookingServiceOn(
  database: Pick<Database, 'collection'>,
  listeners: { changed?: (change: BookingChange) => Promise<void>; transitioned?: (change: TransitionChange) => Promise<void> } = {},
): BookingService {
  const callbacks = database.collection('callbacks');
  const lifecycle = new CallbackLifecycle(callbacks, database.collection('callbackTransitions'), listeners.transitioned);
  return new BookingService(callbacks, lifecycle, listeners.changed);
}

const MINUTE = 60_000;
const ALTERNATIVES = 3;
const ALTERNATIVES_WINDOW_MS = 7 * 86_400_000;

/**
 * Booking, moving and cancelling callbacks, each a single-document write guarded by unique keys, so
 * no slot is ever overbooked and no person holds two callbacks, whatever the concurrency.
 */
export class BookingService {
  constructor(
    private readonly callbacks: Collection<CallbackDocument>,
    /** Status changes other than a booking or a move (cancel here; calls, misses and repairs elsewhere). */
    readonly lifecycle: CallbackLifecycle,
    /** Told of every change written (the person's timeline); never fails the write it reports. */
    private readonly changed: (change: BookingChange) => Promise<void> = () => Promise.resolve(),
  ) {}

  async offer(input: {
    ruleSet: RuleSet;
    person: BookingPerson;
    range: { fromUtc: Date; toUtc: Date };
    near?: Date;
    limit: number;
    now?: Date;
  }): Promise<CallbackSlot[]> {
    const now = input.now ?? input.range.fromUtc;
    const slots = await this.freeSlotsFor(input.ruleSet, lawfulWindowOf(input.person), input.range, now);
    return input.near ? nearestSlots(slots, input.near, input.limit) : slots.slice(0, input.limit);
  }

  activeFor(personId: string): Promise<CallbackDocument | null> {
    const key = activeKey(personId);
    return readOncePerTurn(this.callbacks.collectionName, `activeKey=${key}`, () => this.callbacks.findOne({ activeKey: key }));
  }

  /** The person's missed call whose apology still stands (not repaired, not lapsed), if any. */
  lastMissedFor(personId: string): Promise<CallbackDocument | null> {
    return this.callbacks.findOne({ personId, status: 'missed' }, { sort: { startUtc: -1 } });
  }

  /**
   * Books the repair of a missed call: a new callback linked to the miss, and the miss marked repaired. Booked
   * first, so a crash in between leaves a booking (the promise job finds the link when the miss would lapse).
   */
  async bookRepair(input: Parameters<BookingService['book']>[0] & { repairOf: string }): Promise<BookingResult> {
    const booked = await this.book(input);
    if (booked.ok) await this.markRepaired(input.repairOf, booked.callback._id, input.now);
    return booked;
  }

  async markRepaired(missedId: string, repairId: string, at: Date): Promise<CallbackDocument | null> {
    return this.lifecycle.transition({
      callbackId: missedId,
      from: ['missed'],
      to: 'repaired',
      at,
      reason: 'the person chose a new time',
      set: { repairedBy: repairId },
    });
  }

  /** The booking that repaired a missed call, if one was made. */
  repairOf(missedId: string): Promise<CallbackDocument | null> {
    return this.callbacks.findOne({ repairOf: missedId });
  }

  explainUnavailable(input: { ruleSet: RuleSet; lawfulWindow: LawfulWindow; instantUtc: Date; now: Date }): Unavailability | null {
    return explainUnavailable(input);
  }

  async book(input: {
    ruleSet: RuleSet;
    person: BookingPerson;
    slotStartUtc: Date;
    channelId: string;
    bookedBy?: CallbackDocument['bookedBy'];
    purpose?: CallbackPurpose;
    /** The missed callback this booking repairs (the apology's offer). */
    repairOf?: string;
    now: Date;
  }): Promise<BookingResult> {
    const { ruleSet, person, now } = input;
    const existing = await this.activeFor(person._id);
    if (existing) return { ok: false, reason: 'already_booked', alternatives: [], existing };
    const seats = this.seatsOf(ruleSet, person, input.slotStartUtc, now);
    if (seats === 0) return this.refusal('not_offered', ruleSet, person, input.slotStartUtc, now);
    const id = randomUUID();
    for (let seat = 0; seat < seats; seat++) {
      const document: CallbackDocument = {
        _id: id,
        personId: person._id,
        ruleSetId: ruleSet.id,
        status: 'booked',
        seatKey: seatKey(ruleSet.id, input.slotStartUtc, seat),
        activeKey: activeKey(person._id),
        startUtc: input.slotStartUtc,
        endUtc: new Date(input.slotStartUtc.getTime() + ruleSet.slotMinutes * MINUTE),
        prospectTimeZone: displayZoneOf(person),
        channelId: input.channelId,
        ...(input.bookedBy ? { bookedBy: input.bookedBy } : {}),
        ...(input.purpose ? { purpose: input.purpose } : {}),
        ...(input.repairOf ? { repairOf: input.repairOf } : {}),
        createdAt: now,
        updatedAt: now,
        history: [{ at: now, action: 'booked', startUtc: input.slotStartUtc }],
      };
      try {
        await this.callbacks.insertOne(document);
        await this.changed({ action: 'booked', callback: document });
        return { ok: true, callback: document };
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        // Either this seat is taken (try the next) or the person booked meanwhile in another turn.
        const raced = await this.activeFor(person._id);
        if (raced) return { ok: false, reason: 'already_booked', alternatives: [], existing: raced };
      }
    }
    return this.refusal('taken', ruleSet, person, input.slotStartUtc, now);
  }

  /**
   * Moves a callback: one update per seat tried, which takes the new seat and releases the old one (the
   * document holds one seatKey), or, refused by the unique index, changes nothing. A callback that was due or
   * being retried becomes a fresh promise at the new time (booked); `keepStatus` keeps a retry a retry.
   */
  async reschedule(input: {
    callbackId: string;
    ruleSet: RuleSet;
    person: BookingPerson;
    slotStartUtc: Date;
    now: Date;
    keepStatus?: boolean;
    reason?: string;
    /** Someone other than the person moved it (an agent): the promise job tells them the new time. */
    tellPerson?: boolean;
  }): Promise<BookingResult> {
    const { ruleSet, person, now } = input;
    const seats = this.seatsOf(ruleSet, person, input.slotStartUtc, now);
    if (seats === 0) return this.refusal('not_offered', ruleSet, person, input.slotStartUtc, now);
    for (let seat = 0; seat < seats; seat++) {
      let moved: CallbackDocument | null;
      try {
        moved = await this.callbacks.findOneAndUpdate(
          // The person's own callback only: an id from an old conversation must not move someone else's.
          { _id: input.callbackId, personId: person._id, status: { $in: [...OPEN_STATUSES] } },
          {
            $set: {
              ...(input.keepStatus ? {} : { status: 'booked' as const }),
              ...(input.tellPerson ? noticeFields('moved', input.slotStartUtc.toISOString(), now) : {}),
              seatKey: seatKey(ruleSet.id, input.slotStartUtc, seat),
              ruleSetId: ruleSet.id,
              startUtc: input.slotStartUtc,
              endUtc: new Date(input.slotStartUtc.getTime() + ruleSet.slotMinutes * MINUTE),
              updatedAt: now,
            },
            $push: {
              history: { at: now, action: 'rescheduled', startUtc: input.slotStartUtc, ...(input.reason ? { reason: input.reason } : {}) },
            },
          },
          { returnDocument: 'after' },
        );
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        continue;
      }
      if (!moved) return this.refusal('not_offered', ruleSet, person, input.slotStartUtc, now);
      if (!(OPEN_STATUSES as readonly string[]).includes(moved.status)) {
        // FerretDB checks the filter and writes in two steps: a cancel that landed in between left a closed
        // callback holding the new seat. Give the seat back; the callback stays cancelled.
        await this.callbacks.updateOne({ _id: moved._id, status: { $nin: [...OPEN_STATUSES] } }, { $set: releasedKeys(moved) });
        return this.refusal('not_offered', ruleSet, person, input.slotStartUtc, now);
      }
      await this.changed({ action: 'rescheduled', callback: moved });
      return { ok: true, callback: moved };
    }
    return this.refusal('taken', ruleSet, person, input.slotStartUtc, now);
  }

  async cancel(input: { callbackId: string; reason: string; now: Date }): Promise<CallbackDocument | null> {
    const cancelled = await this.lifecycle.transition({
      callbackId: input.callbackId,
      // A missed call whose apology is still open is withdrawn too (an opt-out must not leave an offer standing).
      from: [...OPEN_STATUSES, 'missed'],
      to: 'cancelled',
      at: input.now,
      reason: input.reason,
    });
    if (cancelled) await this.changed({ action: 'cancelled', callback: cancelled, reason: input.reason });
    return cancelled;
  }

  /** Every pending callback of the person (an opt-out cancels them all, whichever channel booked them). */
  async cancelAllForPerson(personId: string, reason: string, now: Date): Promise<CallbackDocument[]> {
    const pending = await this.callbacks.find({ personId, status: { $in: [...OPEN_STATUSES, 'missed'] } }).toArray();
    const cancelled = await Promise.all(pending.map((callback) => this.cancel({ callbackId: callback._id, reason, now })));
    return cancelled.filter((callback): callback is CallbackDocument => callback !== null);
  }

  /** Seats of this exact slot for this person now: 0 when the engine would not offer it at all. */
  private seatsOf(ruleSet: RuleSet, person: BookingPerson, slotStartUtc: Date, now: Date): number {
    if (bookabilityProblem(ruleSet)) return 0;
    const range = { fromUtc: slotStartUtc, toUtc: new Date(slotStartUtc.getTime() + 1) };
    const slot = freeSlots({ ruleSet, lawfulWindow: lawfulWindowOf(person), bookings: [], now, range })[0];
    return slot && slot.startUtc.getTime() === slotStartUtc.getTime() ? slot.remainingCapacity : 0;
  }

  private async refusal(
    reason: 'taken' | 'not_offered',
    ruleSet: RuleSet,
    person: BookingPerson,
    near: Date,
    now: Date,
  ): Promise<BookingResult> {
    const from = new Date(Math.max(now.getTime(), near.getTime() - ALTERNATIVES_WINDOW_MS));
    const to = new Date(near.getTime() + ALTERNATIVES_WINDOW_MS);
    const slots = await this.freeSlotsFor(ruleSet, lawfulWindowOf(person), { fromUtc: from, toUtc: to }, now);
    return { ok: false, reason, alternatives: nearestSlots(slots, near, ALTERNATIVES) };
  }

  /** The rule set's callbacks that hold a seat some slot starting in the range could share (the engine's `bookings`). */
  async seatsHeld(
    ruleSet: Pick<RuleSet, 'id' | 'slotMinutes' | 'bufferMinutes'>,
    range: { fromUtc: Date; toUtc: Date },
  ): Promise<Booking[]> {
    const reach = (ruleSet.slotMinutes + ruleSet.bufferMinutes) * MINUTE;
    return this.callbacks
      .find(
        {
          ruleSetId: ruleSet.id,
          status: { $in: [...OPEN_STATUSES] },
          startUtc: { $gte: new Date(range.fromUtc.getTime() - reach), $lt: new Date(range.toUtc.getTime() + reach) },
        },
        { projection: { startUtc: 1, endUtc: 1 } },
      )
      .toArray();
  }

  private async freeSlotsFor(
    ruleSet: RuleSet,
    lawfulWindow: LawfulWindow,
    range: { fromUtc: Date; toUtc: Date },
    now: Date,
  ): Promise<CallbackSlot[]> {
    const bookings = await this.seatsHeld(ruleSet, range);
    return freeSlots({ ruleSet, lawfulWindow, bookings, now, range });
  }
}
