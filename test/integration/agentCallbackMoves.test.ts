import type { RunningApp } from '../../bot/app';
import { ApiKeyStore } from '../../services/auth/apiKeys';
import { parseRuleSet } from '../../services/availability/ruleSet';
import { RuleSetStore } from '../../services/availability/ruleSetStore';
import { bookingServiceOn } from '../../services/booking/bookingService';
import type { CallbackDocument } from '../../services/booking/callback';
import { OPEN_STATUSES } from '../../services/booking/lifecycle';
import { PeopleStore } from '../../services/people/peopleStore';
import { apiClient, startTestApp } from '../support/app';
import { uniqueDatabaseName } from '../support/database';
import { bookThroughTheBot, createAgent } from '../support/handoff';

// Tuesday 24 November 2026, 09:15 in Madrid; the bot offers Wednesday 25, 16:00 for "mañana por la tarde".
const TUESDAY = new Date('2026-11-24T08:15:00Z');

describe('agents move, release and reassign callbacks, and see late ones first (real app, real database)', () => {
  let app: RunningApp;
  let now = TUESDAY;
  let lucia: Awaited<ReturnType<typeof createAgent>>;
  let marco: Awaited<ReturnType<typeof createAgent>>;
  let api: ReturnType<typeof apiClient>;
  let asMarco: ReturnType<typeof apiClient>;
  let asAdmin: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    app = await startTestApp(uniqueDatabaseName('agentmoves'), {}, () => now);
    lucia = await createAgent(app, { name: 'Lucía', timeZone: 'Europe/Madrid', languages: ['es', 'en'], team: 'ventas' });
    marco = await createAgent(app, { name: 'Marco', timeZone: 'Europe/Madrid', languages: ['es'], team: 'ventas' });
    api = apiClient(app, lucia.key);
    asMarco = apiClient(app, marco.key);
    asAdmin = apiClient(app, (await new ApiKeyStore(app.database.apiKeys).create('admin', 'jefa de equipo')).key);
  });
  afterAll(async () => {
    await app.database.db.dropDatabase();
    await app.close();
  });

  const callbacks = () => app.database.collection('callbacks');
  const claims = () => app.database.collection('callbackClaims');
  async function callbackOf(phone: string): Promise<CallbackDocument> {
    const person = await app.database.collection('people').findOne({ phoneE164: phone });
    const callback = await callbacks().findOne({ personId: String(person?._id), status: { $in: [...OPEN_STATUSES] } });
    if (!callback) throw new Error(`no open callback for ${phone}`);
    return callback;
  }

  it("offers the free slots of the callback's rule set, in the person's lawful window, and moves it telling the person", async () => {
    await bookThroughTheBot(app, { userId: 'ana', phone: '612 34 56 78' });
    const ana = await callbackOf('+34612345678');
    expect(ana.startUtc.toISOString()).toBe('2026-11-25T15:00:00.000Z');

    const first = await api('GET', `/api/agent/callbacks/${ana._id}/slots?limit=3`);
    expect(first.status).toBe(200);
    // 09:15 in Madrid with 30 minutes' notice: 10:00 is the first slot.
    expect(first.body.slots).toEqual([
      { startUtc: '2026-11-24T09:00:00.000Z', startAgent: '2026-11-24T10:00:00+01:00', startProspect: '2026-11-24T10:00:00+01:00' },
      expect.objectContaining({ startUtc: '2026-11-24T09:30:00.000Z' }),
      expect.objectContaining({ startUtc: '2026-11-24T10:00:00.000Z' }),
    ]);
    // From Wednesday 15:00 Madrid: the lunch break is skipped (15:30 is the first), and the callback's own time is left out.
    const wednesday = await api('GET', `/api/agent/callbacks/${ana._id}/slots?from=2026-11-25T14:00:00Z&limit=3`);
    expect(wednesday.body.slots.map((s: { startUtc: string }) => s.startUtc)).toEqual([
      '2026-11-25T14:30:00.000Z',
      '2026-11-25T15:30:00.000Z',
      '2026-11-25T16:00:00.000Z',
    ]);
    expect(await api('GET', `/api/agent/callbacks/${ana._id}/slots?limit=0`)).toMatchObject({ status: 400, body: { field: 'limit' } });
    expect(await api('GET', `/api/agent/callbacks/${ana._id}/slots?from=tomorrow`)).toMatchObject({ status: 400, body: { field: 'from' } });
    expect(await api('GET', '/api/agent/callbacks/nope/slots')).toMatchObject({ status: 404 });

    const moved = await api('POST', `/api/agent/callbacks/${ana._id}/move`, { startUtc: '2026-11-25T15:30:00Z' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ callbackId: ana._id, status: 'booked', startUtc: '2026-11-25T15:30:00.000Z' });
    const stored = await callbacks().findOne({ _id: ana._id });
    expect(stored).toMatchObject({
      status: 'booked',
      startUtc: new Date('2026-11-25T15:30:00Z'),
      seatKey: expect.stringContaining('|2026-11-25T15:30:00.000Z|'),
      // The promise job tells the person the new time, on their channel.
      noticePending: true,
      notice: { kind: 'moved', key: 'moved|2026-11-25T15:30:00.000Z' },
    });
    expect(stored!.history.at(-1)).toMatchObject({ action: 'rescheduled', reason: 'moved by Lucía' });
    expect(await api('POST', `/api/agent/callbacks/${ana._id}/move`, { startUtc: 'soon' })).toMatchObject({
      status: 400,
      body: { field: 'startUtc' },
    });
  });

  it('refuses a slot taken meanwhile with 409 and alternatives, and a time that is no slot with 422, changing nothing', async () => {
    const ana = await callbackOf('+34612345678');
    // Two others take both seats of Wednesday 17:00 Madrid.
    const people = new PeopleStore(app.database.collection('people'), app.database.collection('channelAccounts'), () => now);
    const bookings = bookingServiceOn(app.database);
    const ruleSet = parseRuleSet((await new RuleSetStore(app.database.ruleSetVersions).current(ana.ruleSetId))!.ruleSet);
    for (const phone of ['+34612000001', '+34612000002']) {
      const person = await people.findOrCreateByPhone(phone, {
        provenance: { source: 'bot', campaign: null, collectedAt: now, detail: null },
      });
      const booked = await bookings.book({ ruleSet, person, slotStartUtc: new Date('2026-11-25T16:00:00Z'), channelId: 'webchat', now });
      expect(booked.ok).toBe(true);
    }

    const taken = await api('POST', `/api/agent/callbacks/${ana._id}/move`, { startUtc: '2026-11-25T16:00:00Z' });
    expect(taken).toMatchObject({ status: 409, body: { code: 'SlotTaken', field: 'startUtc' } });
    expect(taken.body.alternatives.length).toBeGreaterThan(0);
    expect(taken.body.alternatives.map((s: { startUtc: string }) => s.startUtc)).not.toContain('2026-11-25T16:00:00.000Z');
    expect(taken.body.alternatives[0]).toEqual({
      startUtc: expect.any(String),
      startAgent: expect.stringMatching(/\+01:00$/),
      startProspect: expect.stringMatching(/\+01:00$/),
    });
    // 14:15 Madrid: the lunch break, no slot at all.
    expect(await api('POST', `/api/agent/callbacks/${ana._id}/move`, { startUtc: '2026-11-25T13:15:00Z' })).toMatchObject({
      status: 422,
      body: { code: 'SlotNotOffered', field: 'startUtc' },
    });
    expect((await callbacks().findOne({ _id: ana._id }))!.startUtc).toEqual(new Date('2026-11-25T15:30:00Z'));
    expect(await api('POST', '/api/agent/callbacks/nope/move', { startUtc: '2026-11-25T16:30:00Z' })).toMatchObject({ status: 404 });
  });

  it('lets the holder or an admin release and reassign a claim, and nobody else', async () => {
    const ana = await callbackOf('+34612345678');
    expect(await asMarco('POST', `/api/agent/callbacks/${ana._id}/claim`, {})).toMatchObject({ status: 201 });
    // Held by Marco: Lucía may not move, release or hand it on.
    expect(await api('POST', `/api/agent/callbacks/${ana._id}/move`, { startUtc: '2026-11-25T16:30:00Z' })).toMatchObject({
      status: 409,
      body: { code: 'AlreadyClaimed' },
    });
    expect(await api('POST', `/api/agent/callbacks/${ana._id}/release`, {})).toMatchObject({
      status: 403,
      body: { code: 'NotClaimHolder' },
    });
    expect(await api('POST', `/api/agent/callbacks/${ana._id}/reassign`, { agentId: lucia.agent._id })).toMatchObject({
      status: 403,
      body: { code: 'NotClaimHolder' },
    });
    expect(await claims().findOne({ _id: ana._id })).toMatchObject({ agentName: 'Marco' });

    // Marco hands it to Lucía.
    expect(await asMarco('POST', `/api/agent/callbacks/${ana._id}/reassign`, { agentId: lucia.agent._id })).toMatchObject({
      status: 200,
      body: { agentId: lucia.agent._id, agentName: 'Lucía' },
    });
    expect(await claims().findOne({ _id: ana._id })).toMatchObject({ agentId: lucia.agent._id });
    // Lucía gives it back to the queue; releasing again changes nothing.
    const released = await api('POST', `/api/agent/callbacks/${ana._id}/release`, {});
    expect(released).toMatchObject({ status: 200, body: { callbackId: ana._id, claim: null } });
    expect(await claims().findOne({ _id: ana._id })).toBeNull();
    expect(await api('POST', `/api/agent/callbacks/${ana._id}/release`, {})).toMatchObject({ status: 200, body: { claim: null } });
    const kinds = released.body.timeline.filter((e: { kind: string }) => e.kind === 'claim').map((e: { text: string }) => e.text);
    expect(kinds).toEqual(['Callback claimed by Marco', 'Callback reassigned from Marco to Lucía by Marco', 'Callback released by Lucía']);

    // Unclaimed: only an admin assigns it.
    expect(await api('POST', `/api/agent/callbacks/${ana._id}/reassign`, { agentId: marco.agent._id })).toMatchObject({ status: 403 });
    expect(await asAdmin('POST', `/api/agent/callbacks/${ana._id}/reassign`, { agentId: 'nobody' })).toMatchObject({
      status: 400,
      body: { field: 'agentId' },
    });
    expect(await asAdmin('POST', `/api/agent/callbacks/${ana._id}/reassign`, { agentId: marco.agent._id })).toMatchObject({
      status: 200,
      body: { agentName: 'Marco' },
    });
    // An admin may move and release what Marco holds.
    expect(await asAdmin('POST', `/api/agent/callbacks/${ana._id}/move`, { startUtc: '2026-11-25T16:30:00Z' })).toMatchObject({
      status: 200,
      body: { startUtc: '2026-11-25T16:30:00.000Z', claim: { agentName: 'Marco' } },
    });
    expect((await callbacks().findOne({ _id: ana._id }))!.history.at(-1)).toMatchObject({ reason: 'moved by jefa de equipo' });
    expect(await asAdmin('POST', `/api/agent/callbacks/${ana._id}/release`, {})).toMatchObject({ status: 200, body: { claim: null } });
  });

  it('leaves exactly one holder when reassignments race', async () => {
    const ana = await callbackOf('+34612345678');
    expect(await asMarco('POST', `/api/agent/callbacks/${ana._id}/claim`, {})).toMatchObject({ status: 201 });
    const others = await Promise.all(
      Array.from({ length: 6 }, (_, i) => createAgent(app, { name: `Agente ${i}`, timeZone: 'Europe/Madrid', languages: ['es'] })),
    );
    const answers = await Promise.all(
      others.map((other) => asAdmin('POST', `/api/agent/callbacks/${ana._id}/reassign`, { agentId: other.agent._id })),
    );
    expect(answers.every((a) => a.status === 200 || (a.status === 409 && ['ClaimChanged', 'AlreadyClaimed'].includes(a.body.code)))).toBe(
      true,
    );
    const won = answers.filter((a) => a.status === 200).map((a) => a.body.agentId as string);
    expect(won.length).toBeGreaterThan(0);
    const holders = await claims().find({ _id: ana._id }).toArray();
    expect(holders).toHaveLength(1);
    expect(won).toContain(holders[0]!.agentId);
    await asAdmin('POST', `/api/agent/callbacks/${ana._id}/release`, {});
  });

  it('lists missed and overdue callbacks first, whatever day they were for, with the number to call from', async () => {
    const store = new RuleSetStore(app.database.ruleSetVersions);
    const ana = await callbackOf('+34612345678');
    const stored = (await store.current(ana.ruleSetId))!;
    await store.save(
      parseRuleSet({ ...stored.ruleSet, callerNumbers: [{ callType: 'commercial', country: 'ES', number: '+34400111222' }] }),
      'test',
    );
    await bookThroughTheBot(app, { userId: 'carla', phone: '612 34 56 80', when: 'hoy a las 18:00' });
    await bookThroughTheBot(app, { userId: 'dani', phone: '612 34 56 81', when: 'mañana por la mañana' });
    const carla = await callbackOf('+34612345680');
    const dani = await callbackOf('+34612345681');
    // A service call: the rule set names no service number.
    await callbacks().updateOne({ _id: dani._id }, { $set: { purpose: 'service' } });

    // Thursday 26, 11:00 in Madrid: Tuesday's call to Carla went unanswered (missed), Wednesday's are overdue.
    now = new Date('2026-11-26T10:00:00Z');
    const missedAt = new Date(carla.startUtc.getTime() + 30 * 60_000);
    const transitioned = await bookingServiceOn(app.database).lifecycle.transition({
      callbackId: carla._id,
      from: OPEN_STATUSES,
      to: 'missed',
      at: missedAt,
      set: { missedAt },
    });
    expect(transitioned?.status).toBe('missed');
    await bookThroughTheBot(app, { userId: 'eva', phone: '612 34 56 82', when: 'hoy por la tarde' });

    // The default range starts today, yet the late ones are there, first.
    const list = await api('GET', '/api/agent/callbacks');
    expect(list.status).toBe(200);
    const rows = list.body.callbacks.map((c: { person: { phoneE164: string }; status: string; late: string | null; day: string }) => [
      c.person.phoneE164,
      c.status,
      c.late,
      c.day,
    ]);
    // The two who filled Wednesday 17:00 are overdue too, between Dani's morning and Ana's 17:30.
    expect(rows.slice(2, 4)).toEqual([
      [expect.stringMatching(/^\+3461200000[12]$/), 'booked', 'overdue', 'past'],
      [expect.stringMatching(/^\+3461200000[12]$/), 'booked', 'overdue', 'past'],
    ]);
    expect(rows.filter((row: string[]) => !row[0]!.startsWith('+3461200000'))).toEqual([
      ['+34612345680', 'missed', 'missed', 'past'],
      ['+34612345681', 'booked', 'overdue', 'past'],
      ['+34612345678', 'booked', 'overdue', 'past'],
      ['+34612345682', 'booked', null, 'today'],
    ]);
    expect(list.body.callbacks[0]).toMatchObject({ missedAt: missedAt.toISOString() });
    const byPhone = (phone: string) => list.body.callbacks.find((c: { person: { phoneE164: string } }) => c.person.phoneE164 === phone);
    expect(byPhone('+34612345678')).toMatchObject({
      purpose: 'acquisition',
      callFrom: { callType: 'commercial', country: 'ES', number: '+34400111222' },
    });
    expect(byPhone('+34612345681')).toMatchObject({ purpose: 'service', callFrom: { callType: 'service', country: 'ES', number: null } });

    // A missed callback holds no seat and is not moved by "another time": the apology's repair is how it is rebooked.
    expect(await api('GET', `/api/agent/callbacks/${carla._id}/slots`)).toMatchObject({ status: 409, body: { code: 'CallbackClosed' } });
  });
});
