import { parseRuleSet } from '../../services/availability/ruleSet';
import { BookingService, bookingServiceOn } from '../../services/booking/bookingService';
import type { CallbackDocument } from '../../services/booking/callback';
import type { TransitionChange } from '../../services/booking/callbackLifecycle';
import { CALLBACK_STATUSES, mayMove, OPEN_STATUSES, TRANSITIONS } from '../../services/booking/lifecycle';
import { PeopleStore } from '../../services/people/peopleStore';
import { openTestDatabase, TestDatabase } from '../support/database';
import { madridSalesRuleSet } from '../support/ruleSets';

const NOW = new Date('2026-11-24T08:00:00Z');
const WED_10 = new Date('2026-11-25T09:00:00Z');

describe('the lifecycle table', () => {
  it('lets a closed promise go nowhere, and every open one be cancelled or missed', () => {
    for (const status of CALLBACK_STATUSES) {
      const open = (OPEN_STATUSES as readonly string[]).includes(status);
      expect([status, mayMove(status, 'cancelled')]).toEqual([status, open || status === 'missed']);
      if (open) expect(mayMove(status, 'missed')).toBe(true);
      if (!open && status !== 'missed') expect(TRANSITIONS[status]).toEqual([]);
    }
    expect(mayMove('missed', 'repaired')).toBe(true);
    expect(mayMove('missed', 'due')).toBe(false);
    expect(mayMove('due', 'booked')).toBe(false); // a move back to booked is a reschedule, a seat change
  });
});

describe('CallbackLifecycle on the real database', () => {
  let database: TestDatabase;
  let bookings: BookingService;
  let people: PeopleStore;
  const changes: TransitionChange[] = [];
  let serial = 0;

  beforeAll(async () => {
    database = await openTestDatabase('lifecycle');
    bookings = bookingServiceOn(database, {
      transitioned: (change) => {
        changes.push(change);
        return Promise.resolve();
      },
    });
    people = new PeopleStore(database.collection('people'), database.collection('channelAccounts'), () => NOW);
  });
  afterAll(() => database.dispose());

  async function booked(): Promise<CallbackDocument> {
    serial += 1;
    const person = await people.findOrCreateByPhone(`+3491${String(2000000 + serial).slice(-7)}`, {
      provenance: { source: 'import', campaign: null, collectedAt: NOW, detail: null },
    });
    const result = await bookings.book({
      ruleSet: parseRuleSet(madridSalesRuleSet({})),
      person,
      slotStartUtc: WED_10,
      channelId: 'webchat',
      now: NOW,
    });
    if (!result.ok) throw new Error(result.reason);
    return result.callback;
  }

  it('moves a callback once, whoever races from the same revision, and records each transition', async () => {
    const callback = await booked();
    changes.length = 0;
    const racers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        bookings.lifecycle.transition({ callbackId: callback._id, from: ['booked'], to: i % 2 ? 'missed' : 'due', at: NOW }),
      ),
    );
    const winners = racers.filter((r): r is CallbackDocument => r !== null);
    expect(winners).toHaveLength(1);
    expect(changes).toHaveLength(1);
    const stored = await database.collection('callbacks').findOne({ _id: callback._id });
    expect(stored).toMatchObject({ status: winners[0]!.status, rev: 1 });
    const transitions = await database.collection('callbackTransitions').find({ callbackId: callback._id }).toArray();
    expect(transitions.map((t) => [t._id, t.from, t.to])).toEqual([[`${callback._id}#1`, 'booked', winners[0]!.status]]);
  });

  it('releases the seat and the active key when the promise closes, so the person can book again', async () => {
    const callback = await booked();
    const closed = await bookings.lifecycle.transition({ callbackId: callback._id, from: OPEN_STATUSES, to: 'reached', at: NOW });
    expect(closed).toMatchObject({
      status: 'reached',
      seatKey: `released|${callback._id}`,
      activeKey: `${callback.personId}|closed|${callback._id}`,
    });
    expect(await bookings.activeFor(callback.personId)).toBeNull();
  });

  it('refuses a move the table does not have, and one from a status the callback is not in', async () => {
    const callback = await booked();
    await expect(bookings.lifecycle.transition({ callbackId: callback._id, from: ['booked'], to: 'repaired', at: NOW })).rejects.toThrow(
      /cannot go from booked to repaired/,
    );
    expect(await bookings.lifecycle.transition({ callbackId: callback._id, from: ['missed'], to: 'lapsed', at: NOW })).toBeNull();
  });

  it('finishes a transition that was claimed but never applied (a crash in between): nothing stays half-done', async () => {
    const callback = await booked();
    // A writer claimed revision 1 (booked → due) and died before writing it onto the callback.
    await database.collection('callbackTransitions').insertOne({
      _id: `${callback._id}#1`,
      callbackId: callback._id,
      personId: callback.personId,
      from: 'booked',
      to: 'due',
      rev: 1,
      at: NOW,
      reason: null,
      set: {},
    });
    // The next writer finds revision 1 taken, applies it, and moves on from there.
    const missed = await bookings.lifecycle.transition({
      callbackId: callback._id,
      from: ['booked', 'due'],
      to: 'missed',
      at: NOW,
      set: { missedAt: NOW },
    });
    expect(missed).toMatchObject({ status: 'missed', rev: 2, missedAt: NOW });
    expect(missed!.history.map((h) => h.action)).toEqual(['booked', 'due', 'missed']);
  });
});
