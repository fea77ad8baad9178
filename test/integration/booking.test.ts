import { BookingService, bookingServiceOn } from '../../services/booking/bookingService';
import { bookabilityProblem, parseRuleSet } from '../../services/availability/ruleSet';
import { PeopleStore } from '../../services/people/peopleStore';
import type { PersonDocument } from '../../services/people/person';
import { openTestDatabase, TestDatabase } from '../support/database';
import { madridSalesRuleSet } from '../support/ruleSets';

// Tuesday 24 November 2026, 09:00 in Madrid.
const NOW = new Date('2026-11-24T08:00:00Z');
// Wednesday 25 November 2026, 10:00 in Madrid.
const WED_10 = new Date('2026-11-25T09:00:00Z');
const WED_1030 = new Date('2026-11-25T09:30:00Z');

describe('BookingService on the real database', () => {
  let database: TestDatabase;
  let bookings: BookingService;
  let people: PeopleStore;
  let serial = 0;

  beforeAll(async () => {
    database = await openTestDatabase('booking');
    bookings = bookingServiceOn(database);
    people = new PeopleStore(database.collection('people'), database.collection('channelAccounts'), () => NOW);
  });
  afterAll(() => database.dispose());

  /** A Madrid landline per person, so the zone is known and the slots are peninsular. */
  async function newPerson(): Promise<PersonDocument> {
    serial += 1;
    const phone = `+3491${String(1000000 + serial).slice(-7)}`;
    return people.findOrCreateByPhone(phone, { provenance: { source: 'import', campaign: null, collectedAt: NOW, detail: null } });
  }

  const ruleSet = (capacity = 3, id = 'madrid-sales') =>
    parseRuleSet(madridSalesRuleSet({ id, capacity: { default: capacity, ranges: [] } }));

  it('books a slot, and holds it for the person', async () => {
    const person = await newPerson();
    const result = await bookings.book({ ruleSet: ruleSet(), person, slotStartUtc: WED_10, channelId: 'webchat', now: NOW });
    expect(result).toMatchObject({ ok: true, callback: { status: 'booked', personId: person._id, prospectTimeZone: 'Europe/Madrid' } });
    expect((await bookings.activeFor(person._id))?.startUtc.toISOString()).toBe(WED_10.toISOString());
  });

  it('refuses a second callback for the same person, pointing at the first', async () => {
    const person = await newPerson();
    await bookings.book({ ruleSet: ruleSet(), person, slotStartUtc: WED_10, channelId: 'webchat', now: NOW });
    const second = await bookings.book({ ruleSet: ruleSet(), person, slotStartUtc: WED_1030, channelId: 'msteams', now: NOW });
    expect(second).toMatchObject({ ok: false, reason: 'already_booked', existing: { startUtc: WED_10 } });
  });

  it.each([
    ['21:30 in Madrid, outside the lawful window', new Date('2026-11-25T20:30:00Z')],
    ['a national holiday (8 December 2026)', new Date('2026-12-08T09:00:00Z')],
    ['a Sunday', new Date('2026-11-29T10:00:00Z')],
    ['a time off the slot grid', new Date('2026-11-25T09:10:00Z')],
    ['a time already past', new Date('2026-11-23T09:00:00Z')],
  ])('never books %s, and offers the nearest lawful slots', async (_label, slot) => {
    const result = await bookings.book({
      ruleSet: ruleSet(),
      person: await newPerson(),
      slotStartUtc: slot,
      channelId: 'webchat',
      now: NOW,
    });
    expect(result).toMatchObject({ ok: false, reason: 'not_offered' });
    if (!result.ok) expect(result.alternatives.length).toBeGreaterThan(0);
  });

  it('keeps 10:00 local on both sides of the autumn clock change (25 Oct 2026)', async () => {
    const dstNow = new Date('2026-10-22T08:00:00Z');
    const friday10 = new Date('2026-10-23T08:00:00Z'); // 10:00 CEST, summer time
    const monday10 = new Date('2026-10-26T09:00:00Z'); // 10:00 CET, winter time
    for (const slot of [friday10, monday10]) {
      const result = await bookings.book({
        ruleSet: ruleSet(3, 'dst-team'),
        person: await newPerson(),
        slotStartUtc: slot,
        channelId: 'webchat',
        now: dstNow,
      });
      expect(result).toMatchObject({ ok: true, callback: { startUtc: slot } });
    }
    // 07:30Z was 09:30 on the Friday but is 08:30 on the Monday: before opening once the clocks go back.
    const early = await bookings.book({
      ruleSet: ruleSet(3, 'dst-team'),
      person: await newPerson(),
      slotStartUtc: new Date('2026-10-26T07:30:00Z'),
      channelId: 'webchat',
      now: dstNow,
    });
    expect(early).toMatchObject({ ok: false, reason: 'not_offered' });
  });

  it('books on the day the clocks go back itself (Sunday 25 Oct 2026), at 10:00 Madrid winter time', async () => {
    const sundayTeam = parseRuleSet(
      madridSalesRuleSet({
        id: 'sunday-team',
        weeklyHours: { ...madridSalesRuleSet().weeklyHours, sun: [{ start: '09:00', end: '14:00' }] },
      }),
    );
    // A US number (lawful every day, 08:00–21:00) whose owner lives in Madrid: the Sunday is lawful for them.
    const person = await people.findOrCreateByPhone('+12125550163', {
      provenance: { source: 'bot', campaign: null, collectedAt: NOW, detail: null },
      timeZone: 'Europe/Madrid',
    });
    const dstNow = new Date('2026-10-22T08:00:00Z');
    const sunday10 = new Date('2026-10-25T09:00:00Z'); // 10:00 CET: the change happened at 03:00 CEST that night
    expect(await bookings.book({ ruleSet: sundayTeam, person, slotStartUtc: sunday10, channelId: 'whatsapp', now: dstNow })).toMatchObject({
      ok: true,
      callback: { startUtc: sunday10, endUtc: new Date('2026-10-25T09:30:00Z'), prospectTimeZone: 'Europe/Madrid' },
    });
    // 08:00Z was 10:00 the day before; on the Sunday it is 09:00, still a slot; 07:30Z is 08:30, before opening.
    const other = await newPerson();
    expect(
      await bookings.offer({
        ruleSet: sundayTeam,
        person: { ...other, timeZone: null },
        range: { fromUtc: new Date('2026-10-25T00:00:00Z'), toUtc: new Date('2026-10-26T00:00:00Z') },
        limit: 50,
        now: dstNow,
      }),
    ).toEqual([]);
    const ownSlots = await bookings.offer({
      ruleSet: sundayTeam,
      person,
      range: { fromUtc: new Date('2026-10-25T00:00:00Z'), toUtc: new Date('2026-10-25T10:00:00Z') },
      limit: 50,
      now: dstNow,
    });
    expect(ownSlots.map((slot) => slot.startUtc.toISOString())).toEqual([
      '2026-10-25T08:00:00.000Z',
      '2026-10-25T08:30:00.000Z',
      '2026-10-25T09:00:00.000Z',
      '2026-10-25T09:30:00.000Z',
    ]);
  });

  it('offers the nearest free slots to a wish, leaving out a full one', async () => {
    const rules = ruleSet(1, 'offer-team');
    await bookings.book({ ruleSet: rules, person: await newPerson(), slotStartUtc: WED_10, channelId: 'webchat', now: NOW });
    const near = await bookings.offer({
      ruleSet: rules,
      person: await newPerson(),
      range: { fromUtc: NOW, toUtc: new Date('2026-11-26T00:00:00Z') },
      near: WED_10,
      limit: 3,
      now: NOW,
    });
    const starts = near.map((slot) => slot.startUtc.toISOString());
    expect(starts).toHaveLength(3);
    expect(starts).toEqual(expect.arrayContaining(['2026-11-25T08:30:00.000Z', '2026-11-25T09:30:00.000Z']));
    expect(starts).not.toContain(WED_10.toISOString());
  });

  it('never moves a callback for someone else, nor one that was cancelled', async () => {
    const rules = ruleSet(1, 'guarded-move');
    const owner = await newPerson();
    const booked = await bookings.book({ ruleSet: rules, person: owner, slotStartUtc: WED_10, channelId: 'webchat', now: NOW });
    if (!booked.ok) throw new Error('setup: could not book');
    const stranger = await newPerson();
    expect(
      await bookings.reschedule({ callbackId: booked.callback._id, ruleSet: rules, person: stranger, slotStartUtc: WED_1030, now: NOW }),
    ).toMatchObject({ ok: false, reason: 'not_offered' });
    expect((await bookings.activeFor(owner._id))?.startUtc).toEqual(WED_10);

    await bookings.cancel({ callbackId: booked.callback._id, reason: 'changed my mind', now: NOW });
    expect(
      await bookings.reschedule({ callbackId: booked.callback._id, ruleSet: rules, person: owner, slotStartUtc: WED_1030, now: NOW }),
    ).toMatchObject({ ok: false, reason: 'not_offered' });
    expect(await bookings.cancel({ callbackId: booked.callback._id, reason: 'twice', now: NOW })).toBeNull();
    // Neither seat is held by the cancelled callback.
    expect(await bookings.book({ ruleSet: rules, person: stranger, slotStartUtc: WED_1030, channelId: 'webchat', now: NOW })).toMatchObject(
      { ok: true },
    );
    expect(
      await bookings.book({ ruleSet: rules, person: await newPerson(), slotStartUtc: WED_10, channelId: 'webchat', now: NOW }),
    ).toMatchObject({ ok: true });
    const history = (await database.collection('callbacks').findOne({ _id: booked.callback._id }))?.history.map((h) => h.action);
    expect(history).toEqual(['booked', 'cancelled']);
  });

  it('moves a callback: the new seat is taken and the old one freed in one step', async () => {
    const rules = ruleSet(1, 'one-seat');
    const mover = await newPerson();
    const booked = await bookings.book({ ruleSet: rules, person: mover, slotStartUtc: WED_10, channelId: 'webchat', now: NOW });
    expect(booked.ok).toBe(true);
    const other = await newPerson();
    expect(await bookings.book({ ruleSet: rules, person: other, slotStartUtc: WED_10, channelId: 'webchat', now: NOW })).toMatchObject({
      ok: false,
      reason: 'taken',
    });

    const moved = await bookings.reschedule({
      callbackId: booked.ok ? booked.callback._id : '',
      ruleSet: rules,
      person: mover,
      slotStartUtc: WED_1030,
      now: NOW,
    });
    expect(moved).toMatchObject({ ok: true, callback: { startUtc: WED_1030 } });
    if (moved.ok) expect(moved.callback.history.map((h) => h.action)).toEqual(['booked', 'rescheduled']);
    expect(await bookings.book({ ruleSet: rules, person: other, slotStartUtc: WED_10, channelId: 'webchat', now: NOW })).toMatchObject({
      ok: true,
    });
  });

  it('cancels a callback and frees its seat', async () => {
    const rules = ruleSet(1, 'cancel-team');
    const first = await newPerson();
    const booked = await bookings.book({ ruleSet: rules, person: first, slotStartUtc: WED_10, channelId: 'webchat', now: NOW });
    const cancelled = await bookings.cancel({ callbackId: booked.ok ? booked.callback._id : '', reason: 'test', now: NOW });
    expect(cancelled).toMatchObject({ status: 'cancelled' });
    expect(await bookings.activeFor(first._id)).toBeNull();
    expect(
      await bookings.book({ ruleSet: rules, person: await newPerson(), slotStartUtc: WED_10, channelId: 'webchat', now: NOW }),
    ).toMatchObject({ ok: true });
  });

  it('lets exactly 2 of 200 simultaneous bookings of a 2-seat slot through; the other 198 are offered alternatives', async () => {
    const rules = ruleSet(2, 'rush');
    const crowd = await Promise.all(Array.from({ length: 200 }, () => newPerson()));
    const results = await Promise.all(
      crowd.map((person) => bookings.book({ ruleSet: rules, person, slotStartUtc: WED_10, channelId: 'webchat', now: NOW })),
    );
    const booked = await database.collection('callbacks').countDocuments({ ruleSetId: 'rush', status: 'booked', startUtc: WED_10 });
    expect(booked).toBe(2);
    expect(results.filter((r) => r.ok)).toHaveLength(2);
    const refused = results.filter((r) => !r.ok);
    expect(refused).toHaveLength(198);
    for (const r of refused) {
      expect(r).toMatchObject({ ok: false, reason: 'taken' });
      if (!r.ok) {
        expect(r.alternatives.length).toBeGreaterThan(0);
        expect(r.alternatives.every((slot) => slot.startUtc.getTime() !== WED_10.getTime())).toBe(true);
      }
    }
  });

  it('moves exactly one of 50 people racing into a 1-seat slot; the others keep their own', async () => {
    const rules = ruleSet(1, 'race-move');
    const target = new Date('2026-11-26T09:00:00Z');
    const movers = await Promise.all(Array.from({ length: 50 }, () => newPerson()));
    const starts = Array.from(
      { length: 50 },
      (_, i) => new Date(Date.UTC(2026, 10, 30 + Math.floor(i / 14), 8 + Math.floor((i % 14) / 2) + (i % 14 >= 10 ? 2 : 0), (i % 2) * 30)),
    );
    const callbacks = [];
    for (const [i, person] of movers.entries()) {
      const booked = await bookings.book({ ruleSet: rules, person, slotStartUtc: starts[i]!, channelId: 'webchat', now: NOW });
      if (!booked.ok) throw new Error(`setup: could not book ${starts[i]!.toISOString()}: ${booked.reason}`);
      callbacks.push(booked.callback);
    }
    const results = await Promise.all(
      callbacks.map((callback, i) =>
        bookings.reschedule({ callbackId: callback._id, ruleSet: rules, person: movers[i]!, slotStartUtc: target, now: NOW }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const atTarget = await database.collection('callbacks').countDocuments({ ruleSetId: 'race-move', status: 'booked', startUtc: target });
    expect(atTarget).toBe(1);
    const stillBooked = await database.collection('callbacks').countDocuments({ ruleSetId: 'race-move', status: 'booked' });
    expect(stillBooked).toBe(50);
  });

  it('cancels every pending callback of a person', async () => {
    const person = await newPerson();
    await bookings.book({ ruleSet: ruleSet(3, 'all-team'), person, slotStartUtc: WED_10, channelId: 'webchat', now: NOW });
    const cancelled = await bookings.cancelAllForPerson(person._id, 'opted out', NOW);
    expect(cancelled).toHaveLength(1);
    expect(await bookings.activeFor(person._id)).toBeNull();
  });

  it('names a rule set whose slots would overlap as not bookable', () => {
    expect(bookabilityProblem({ slotMinutes: 30, intervalMinutes: 15, bufferMinutes: 0 })).toMatch(
      /at least slotMinutes \+ bufferMinutes \(30\)/,
    );
    expect(bookabilityProblem({ slotMinutes: 30, intervalMinutes: 30, bufferMinutes: 0 })).toBeNull();
  });
});
