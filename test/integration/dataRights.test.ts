import type { RunningApp } from '../../bot/app';
import { ApiKeyStore } from '../../services/auth/apiKeys';
import { bookingServiceOn } from '../../services/booking/bookingService';
import { ConsentLedger } from '../../services/consent/ledger';
import { DataRights } from '../../services/dataRights/dataRights';
import { PeopleStore } from '../../services/people/peopleStore';
import type { Database } from '../../services/store/database';
import { startTestApp, TEST_PHONE_HASH_SECRET } from '../support/app';
import { uniqueDatabaseName } from '../support/database';

const NOW = new Date('2026-11-24T09:00:00Z'); // Tuesday, 10:00 in Madrid
/** A stored document of any of our collections: string ids, any fields. */
type Stored = { _id: string; [field: string]: unknown };
const provenance = {
  source: 'campaign' as const,
  campaign: 'fibra-otoño',
  collectedAt: new Date('2026-10-02T10:00:00Z'),
  detail: 'el formulario de ofertas de example.com',
};

describe('data rights (export, erasure, provenance) and the admin routes, through the server the app builds', () => {
  let app: RunningApp;
  let database: Database;
  // The app's own services, over its database, to arrange what each test needs.
  let people: PeopleStore;
  let ledger: ConsentLedger;
  let rights: DataRights;
  let url: string;
  let admin: string;
  let agent: string;

  beforeAll(async () => {
    app = await startTestApp(uniqueDatabaseName('datarights'), {}, () => NOW);
    database = app.database;
    url = app.url;
    people = new PeopleStore(database.collection('people'), database.collection('channelAccounts'), () => NOW);
    ledger = new ConsentLedger(
      database.collection('consentEvents'),
      database.collection('suppressions'),
      TEST_PHONE_HASH_SECRET,
      () => NOW,
    );
    rights = new DataRights(database.db, people, ledger, bookingServiceOn(database), () => NOW);
    const keys = new ApiKeyStore(database.apiKeys);
    admin = (await keys.create('admin', 'test')).key;
    agent = (await keys.create('agent', 'test')).key;
  });
  afterAll(async () => {
    await database.db.dropDatabase();
    await app.close();
  });

  async function api(method: string, path: string, body?: unknown, key = admin, contentType = 'application/json') {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': contentType, 'x-api-key': key },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  /** A person with something in every place we keep data about people. */
  async function personWithEverything(phone: string, accountId: string) {
    const person = await people.findOrCreateByPhone(phone, { provenance });
    await people.linkChannelAccount('webchat', accountId, person._id);
    await rights.recordConsent({
      phoneE164: phone,
      event: 'granted',
      scope: 'callbacks',
      wording: '¿Podemos llamarte?',
      personWords: 'sí',
      channelId: 'webchat',
      source: 'admin_api',
      at: NOW,
    });
    await database.collection('callbacks').insertOne({
      _id: `cb-${accountId}`,
      personId: person._id,
      ruleSetId: 'sales',
      status: 'booked',
      seatKey: `sales|2026-11-25T09:00:00.000Z|${accountId}`,
      activeKey: `${person._id}|active`,
      startUtc: new Date('2026-11-25T09:00:00Z'),
      endUtc: new Date('2026-11-25T09:30:00Z'),
      prospectTimeZone: 'Europe/Madrid',
      channelId: 'webchat',
      createdAt: NOW,
      updatedAt: NOW,
      history: [],
    });
    expect(
      (await api('POST', '/api/agent/call-attempts', { phone, purpose: 'service', outcome: 'answered', at: '2026-11-23T10:00:00Z' }, agent))
        .status,
    ).toBe(201);
    // An attempt logged before the number was linked to anyone: found by the number.
    await database.collection('callAttempts').insertOne({
      _id: `early-${accountId}`,
      personId: null,
      phoneE164: phone,
      at: new Date('2026-09-01T10:00:00Z'),
      purpose: 'acquisition',
      outcome: 'no_answer',
      agentKeyId: 'k',
    });
    await database.botState.insertOne({
      _id: `webchat/users/${accountId}`,
      state: JSON.stringify({ profile: { language: 'es', phone } }),
      eTag: 'e1',
      updatedAt: NOW,
    });
    await database.collection('botStateClaims').insertOne({ _id: `webchat/users/${accountId}@e0`, at: NOW });
    await database.db
      .collection<{ _id: string; personId: string }>('transcripts')
      .insertOne({ _id: `t-${accountId}`, personId: person._id });
    await database.db.collection<{ _id: string; personId: string }>('summaries').insertOne({ _id: `s-${accountId}`, personId: person._id });
    await database.db.collection<{ _id: string; personId: string }>('problems').insertOne({ _id: `p-${accountId}`, personId: person._id });
    await database.db
      .collection<{ _id: string; personId: string }>('callback_claims')
      .insertOne({ _id: `cb-${accountId}`, personId: person._id });
    return person;
  }

  it('answers where we got the number from the record', async () => {
    const person = await people.findOrCreateByPhone('+34915550600', { provenance });
    expect(await rights.provenanceOf(person._id)).toEqual(provenance);
    expect(await rights.provenanceOf('nobody')).toBeNull();
  });

  it('exports everything held about the person as plain JSON', async () => {
    await personWithEverything('+34915550601', 'ana');
    const { status, body } = await api('GET', '/api/admin/people/%2B34915550601/export');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      exportedAt: '2026-11-24T09:00:00.000Z',
      person: {
        phoneE164: '+34915550601',
        provenance: { source: 'campaign', campaign: 'fibra-otoño', collectedAt: '2026-10-02T10:00:00.000Z' },
      },
      channelAccounts: [{ channelId: 'webchat', accountId: 'ana' }],
      callbacks: [{ _id: 'cb-ana', status: 'booked', startUtc: '2026-11-25T09:00:00.000Z' }],
      consent: {
        current: { callbacks: { status: 'granted', wording: '¿Podemos llamarte?' } },
        events: [{ event: 'granted', scope: 'callbacks', personWords: 'sí', source: 'admin_api' }],
      },
      callAttempts: [
        { _id: 'early-ana', personId: null },
        { purpose: 'service', outcome: 'answered', at: '2026-11-23T10:00:00.000Z' },
      ],
      botUserState: [{ key: 'webchat/users/ana', state: { profile: { language: 'es', phone: '+34915550601' } } }],
      // The one written here, and the call attempt the agent API put on the person's timeline.
      transcripts: expect.arrayContaining([expect.objectContaining({ _id: 't-ana' }), expect.objectContaining({ kind: 'call_attempt' })]),
      summaries: [{ _id: 's-ana' }],
      problems: [{ _id: 'p-ana' }],
      callback_claims: [{ _id: 'cb-ana' }],
      suppressed: false,
    });
    expect(typeof body.consent.events[0]._id).toBe('string');
  });

  it('erases the person and everything linked, keeps the suppression, and contactability then says suppressed', async () => {
    await personWithEverything('+34915550602', 'bea');
    const erased = await api('DELETE', '/api/admin/people/%2B34915550602');
    expect(erased).toMatchObject({ status: 200, body: { phone: '+34915550602', suppressionKept: true } });
    expect(erased.body.removed).toEqual({
      callbacks: 1,
      consent_events: 1,
      call_attempts: 2,
      transcripts: 2,
      summaries: 1,
      problems: 1,
      callback_claims: 1,
      bot_state: 1,
      bot_state_claims: 1,
      channel_accounts: 1,
      people: 1,
    });
    for (const name of [
      'people',
      'channel_accounts',
      'callbacks',
      'consent_events',
      'call_attempts',
      'transcripts',
      'summaries',
      'problems',
      'callback_claims',
    ]) {
      expect(
        await database.db
          .collection<Stored>(name)
          .countDocuments({ $or: [{ phoneE164: '+34915550602' }, { accountId: 'bea' }, { _id: { $regex: 'bea' } }] }),
      ).toBe(0);
    }
    expect(await database.botState.countDocuments({ _id: { $regex: 'bea' } })).toBe(0);
    expect(await api('GET', '/api/admin/people/%2B34915550602/export')).toMatchObject({ status: 404 });
    // Nothing in the database names the number any more; the suppression holds only its salted hash.
    expect(JSON.stringify(await database.collection('suppressions').find({}).toArray())).not.toContain('915550602');
    const answer = await api('GET', '/api/agent/contactability?phone=%2B34915550602&purpose=service', undefined, agent);
    expect(answer.body.reasons.map((r: { code: string }) => r.code)).toContain('suppressed');
    expect(answer.body.allowed).toBe(false);
  });

  it('a later explicit grant for that number lifts the suppression', async () => {
    await personWithEverything('+34915550603', 'cai');
    await api('DELETE', '/api/admin/people/%2B34915550603');
    const granted = await api('POST', '/api/admin/consent', {
      phone: '+34 915 55 06 03',
      event: 'granted',
      scope: 'callbacks',
      wording: '¿Podemos llamarte para hablar de fibra?',
      personWords: 'sí, llamadme',
    });
    expect(granted).toMatchObject({
      status: 201,
      body: { personCreated: true, event: { event: 'granted', scope: 'callbacks', source: 'admin_api' } },
    });
    expect(await ledger.isSuppressed('+34915550603')).toBe(false);
    expect((await api('GET', '/api/admin/people/%2B34915550603/consent')).body).toMatchObject({
      suppressed: false,
      current: { callbacks: { status: 'granted' } },
    });
  });

  it('a withdrawal through the admin API suppresses and cancels pending callbacks, like the person’s own opt-out', async () => {
    await personWithEverything('+34915550604', 'dan');
    const withdrawn = await api('POST', '/api/admin/consent', {
      phone: '+34915550604',
      event: 'withdrawn',
      scope: 'all',
      wording: 'Baja registrada por teléfono.',
      personWords: 'no me llaméis más',
      source: 'import',
    });
    expect(withdrawn).toMatchObject({ status: 201, body: { cancelledCallbacks: 1, event: { source: 'import' } } });
    expect(await database.collection('callbacks').findOne({ _id: 'cb-dan' })).toMatchObject({ status: 'cancelled' });
    const state = await api('GET', '/api/admin/people/%2B34915550604/consent');
    expect(state.body).toMatchObject({
      suppressed: true,
      current: { callbacks: { status: 'withdrawn' }, marketing_messages: { status: 'withdrawn' } },
    });
    expect(state.body.events).toHaveLength(2);
  });

  it('imports an exclusion list sent as text/csv, ragged rows and all, and lists the lists with their age', async () => {
    const csv = 'telefono,nombre\n+34 612 000 701,Ana,extra\n612000702\nnot a number\n';
    expect(await api('PUT', '/api/admin/exclusion-lists/es-robinson', csv, admin, 'text/csv; charset=utf-8')).toEqual({
      status: 200,
      body: {
        list: 'es-robinson',
        imported: 2,
        rejected: [{ line: 4, reason: expect.any(String) }],
        refreshedAt: '2026-11-24T09:00:00.000Z',
      },
    });
    // No valid number: refused, naming the body and the first bad line; the list imported above is kept.
    expect(await api('PUT', '/api/admin/exclusion-lists/es-robinson', 'telefono\nnada\n12\n', admin, 'text/csv')).toMatchObject({
      status: 400,
      body: {
        code: 'ValidationFailed',
        field: '(body)',
        line: 2,
        message: expect.stringMatching(/line 2/),
        issues: [
          { field: '(body)', line: 2, message: expect.stringContaining('"nada"') },
          { field: '(body)', line: 3, message: expect.stringContaining('"12"') },
        ],
      },
    });
    expect(await api('PUT', '/api/admin/exclusion-lists/es-robinson', '', admin, 'text/csv')).toMatchObject({
      status: 400,
      body: { field: '(body)' },
    });
    const listed = await api('GET', '/api/admin/exclusion-lists');
    // The page words "stale after N days" from the same setting contactability refuses on.
    expect(listed.body.maxAgeDays).toBe(30);
    expect(listed.body.lists).toEqual([
      expect.objectContaining({ list: 'es-robinson', count: 2, ageDays: 0, stale: false }),
      expect.objectContaining({ list: 'es-stop-publicidad', refreshedAt: null, stale: true }),
      expect.objectContaining({ list: 'us-dnc', refreshedAt: null, stale: true }),
    ]);
    const codes = (await api('GET', '/api/agent/contactability?phone=612000701&purpose=acquisition', undefined, agent)).body.reasons.map(
      (r: { code: string }) => r.code,
    );
    expect(codes).toEqual(
      expect.arrayContaining(['exclusion_list:es-robinson', 'exclusion_list_stale:es-stop-publicidad', 'no_legal_basis']),
    );
  });

  it('answers bad input with a 400 naming the field, unknown people with 404, and agents may not use admin routes', async () => {
    expect(await api('POST', '/api/admin/consent', { phone: '12', event: 'granted', scope: 'callbacks', wording: 'x' })).toMatchObject({
      status: 400,
      body: { field: 'phone' },
    });
    expect(
      await api('POST', '/api/admin/consent', { phone: '+34915550100', event: 'granted', scope: 'callbacks', wording: ' ' }),
    ).toMatchObject({ status: 400, body: { field: 'wording' } });
    for (const path of ['/api/admin/people/abc/consent', '/api/admin/people/12/export']) {
      expect(await api('GET', path)).toMatchObject({ status: 400, body: { code: 'ValidationFailed', field: 'phone' } });
    }
    expect(await api('DELETE', '/api/admin/people/not-a-phone')).toMatchObject({ status: 400, body: { field: 'phone' } });
    expect(await api('DELETE', '/api/admin/people/%2B34915550699')).toMatchObject({ status: 404 });
    expect(await api('PUT', '/api/admin/exclusion-lists/fr-bloctel', '+33123456789', admin, 'text/csv')).toMatchObject({
      status: 400,
      body: { field: 'list' },
    });
    expect(await api('GET', '/api/admin/exclusion-lists', undefined, agent)).toMatchObject({ status: 403 });
    expect(
      await api('GET', '/api/agent/contactability?phone=%2B34915550100&purpose=acquisition&similarProduct=yes', undefined, agent),
    ).toMatchObject({ status: 400, body: { field: 'similarProduct' } });
    expect(
      await api(
        'POST',
        '/api/agent/call-attempts',
        { phone: '+34915550100', purpose: 'service', outcome: 'answered', at: 'yesterday' },
        agent,
      ),
    ).toMatchObject({ status: 400, body: { field: 'at' } });
  });
});
