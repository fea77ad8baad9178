import type { RunningApp } from '../../bot/app';
import { ApiKeyStore, type IssuedApiKey } from '../../services/auth/apiKeys';
import { parseRuleSet } from '../../services/availability/ruleSet';
import { bookingServiceOn } from '../../services/booking/bookingService';
import { PeopleStore } from '../../services/people/peopleStore';
import { startTestApp } from '../support/app';
import { uniqueDatabaseName } from '../support/database';
import { madridSalesRuleSet } from '../support/ruleSets';

// The README's worked example: Monday 7 December 2026, 18:45 in Madrid.
const NOW = new Date('2026-12-07T17:45:00Z');
const ALL_DAY = [{ start: '00:00', end: '24:00' }];

describe('admin API: preview, history diff, holidays, who changed it first', () => {
  let app: RunningApp;
  let ana: IssuedApiKey;
  let luis: IssuedApiKey;
  let agentKey: string;

  beforeAll(async () => {
    app = await startTestApp(uniqueDatabaseName('adminpreview'), {}, () => NOW);
    const keys = new ApiKeyStore(app.database.apiKeys);
    ana = await keys.create('admin', 'Ana (rules)');
    luis = await keys.create('admin', 'Luis (ops)');
    agentKey = (await keys.create('agent', 'an agent')).key;
    const { status } = await call('PUT', '/api/admin/rule-sets/madrid-sales', { key: ana.key, body: madridSalesRuleSet() });
    expect(status).toBe(201);
  });
  afterAll(async () => {
    await app.database.db.dropDatabase();
    await app.close();
  });

  async function call(method: string, path: string, options: { key?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    const response = await fetch(`${app.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-api-key': options.key ?? ana.key, ...options.headers },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  const prospect = (body: Record<string, any>, label: string) => (body.prospects as any[]).find((p) => p.label === label);
  const locals = (p: { slots: { local: string }[] }) => p.slots.map((s) => s.local);
  const closedText = (p: { closed: { localFrom: string; localTo: string; reason: string }[] }) =>
    p.closed.map((c) => `${c.localFrom}–${c.localTo} ${c.reason}`);

  describe('POST /api/admin/rule-sets/:id/preview', () => {
    it("answers the README's worked example for the stored version", async () => {
      const { status, body } = await call('POST', '/api/admin/rule-sets/madrid-sales/preview', { body: { from: '2026-12-07', days: 3 } });
      expect(status).toBe(200);
      expect(body).toMatchObject({ ruleSetVersion: 1, from: '2026-12-07', days: 3 });
      expect(body.prospects.map((p: any) => [p.label, p.phone, p.timeZone])).toEqual([
        ['es_mobile', '+34 612 345 678', 'Europe/Madrid'],
        ['es_canary_landline', '+34 928 123 456', 'Atlantic/Canary'],
        ['us', '+1 212 555 0100', 'America/New_York'],
      ]);
      expect(locals(prospect(body, 'es_mobile')).slice(0, 3)).toEqual(['2026-12-09T10:00', '2026-12-09T10:30', '2026-12-09T11:00']);
      expect(locals(prospect(body, 'es_canary_landline')).slice(0, 3)).toEqual([
        '2026-12-09T09:00',
        '2026-12-09T09:30',
        '2026-12-09T10:00',
      ]);
      expect(locals(prospect(body, 'us')).slice(0, 3)).toEqual(['2026-12-09T09:30', '2026-12-09T10:00', '2026-12-09T10:30']);
      expect(prospect(body, 'es_mobile').zone).toMatchObject({
        shownIn: 'Europe/Madrid',
        candidates: ['Europe/Madrid', 'Atlantic/Canary'],
      });
      expect(closedText(prospect(body, 'es_mobile'))).toContain('2026-12-08T00:00–2026-12-09T00:00 holiday');
    });

    it('shows an hour whose seats are taken by real bookings as full, and a typed number as typed', async () => {
      const people = new PeopleStore(app.database.collection('people'), app.database.collection('channelAccounts'), () => NOW);
      const bookings = bookingServiceOn(app.database);
      const ruleSet = parseRuleSet(madridSalesRuleSet());
      // Wednesday 9 December, 10:00 and 10:30 in Madrid: three seats each.
      for (const [i, start] of [
        '2026-12-09T09:00:00Z',
        '2026-12-09T09:00:00Z',
        '2026-12-09T09:00:00Z',
        '2026-12-09T09:30:00Z',
        '2026-12-09T09:30:00Z',
        '2026-12-09T09:30:00Z',
      ].entries()) {
        const person = await people.findOrCreateByPhone(`+3491555000${i}`, {
          provenance: { source: 'import', campaign: null, collectedAt: NOW, detail: null },
        });
        const booked = await bookings.book({ ruleSet, person, slotStartUtc: new Date(start), channelId: 'webchat', now: NOW });
        expect(booked.ok).toBe(true);
      }
      const { status, body } = await call('POST', '/api/admin/rule-sets/madrid-sales/preview', {
        body: { from: '2026-12-09', days: 1, numbers: ['912 345 678'] },
      });
      expect(status).toBe(200);
      const typed = prospect(body, 'typed');
      expect(typed).toMatchObject({ phone: '912 345 678', e164: '+34912345678', country: 'ES', timeZone: 'Europe/Madrid' });
      expect(locals(typed).slice(0, 3)).toEqual(['2026-12-09T09:00', '2026-12-09T09:30', '2026-12-09T11:00']);
      expect(closedText(typed)).toContain('2026-12-09T10:00–2026-12-09T11:00 full');
      // The same booked hour is 09:00–10:00 for the Canary landline.
      expect(closedText(prospect(body, 'es_canary_landline'))).toContain('2026-12-09T09:00–2026-12-09T10:00 full');
    });

    it('previews an unsaved draft: wider team hours never reach a Spanish number outside its lawful window', async () => {
      const draft = madridSalesRuleSet({
        weeklyHours: { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY },
        holidays: undefined,
        dateOverrides: {},
      });
      const { status, body } = await call('POST', '/api/admin/rule-sets/madrid-sales/preview', {
        body: { from: '2026-12-10', days: 4, ruleSet: { ...draft, id: undefined } },
      });
      expect(status).toBe(200);
      expect(body.ruleSetVersion).toBeNull();
      for (const label of ['es_mobile', 'es_canary_landline']) {
        const hours = locals(prospect(body, label)).map((l) => l.slice(11));
        expect(hours.length).toBeGreaterThan(0);
        expect(hours.every((h) => h >= '09:00' && h <= '20:30')).toBe(true);
        // Thursday 10 and Friday 11 only: not the weekend.
        expect(new Set(locals(prospect(body, label)).map((l) => l.slice(0, 10)))).toEqual(new Set(['2026-12-10', '2026-12-11']));
      }
      // The US number has no weekday rule: Saturday 08:00 in New York is offered by the same draft.
      expect(locals(prospect(body, 'us'))).toContain('2026-12-12T08:00');
      // And the stored version is untouched.
      expect((await call('GET', '/api/admin/rule-sets/madrid-sales')).body.version).toBe(1);
    });

    it('previews a draft for a rule set not saved yet, and 404s without one', async () => {
      const draft = { ...madridSalesRuleSet(), id: undefined, name: 'Las Palmas service' };
      expect(
        (await call('POST', '/api/admin/rule-sets/las-palmas/preview', { body: { from: '2026-12-09', days: 1, ruleSet: draft } })).status,
      ).toBe(200);
      const missing = await call('POST', '/api/admin/rule-sets/las-palmas/preview', { body: { from: '2026-12-09' } });
      expect(missing).toMatchObject({ status: 404, body: { code: 'NotFound' } });
    });

    it.each([
      ['a typed number that is no number', { numbers: ['+34 612 345 678', '12'] }, 'numbers.1'],
      ['more than five numbers', { numbers: Array(6).fill('+34612345678') }, 'numbers'],
      ['more than 14 days', { days: 15 }, 'days'],
      ['a date that does not exist', { from: '2026-02-30' }, 'from'],
      [
        'an inverted range in the draft',
        { ruleSet: { ...madridSalesRuleSet(), id: undefined, weeklyHours: { mon: [{ start: '14:00', end: '09:00' }] } } },
        'ruleSet.weeklyHours.mon.0.end',
      ],
      ['a draft naming another rule set', { ruleSet: { ...madridSalesRuleSet(), id: 'other-team' } }, 'ruleSet.id'],
      ['a field the API does not know', { form: '2026-12-07' }, '(body)'],
    ])('refuses %s with a 400 naming the field', async (_what, body, field) => {
      const { status, body: answer } = await call('POST', '/api/admin/rule-sets/madrid-sales/preview', { body });
      expect(status).toBe(400);
      expect(answer).toMatchObject({ code: 'ValidationFailed', field });
    });

    it('is for admins only', async () => {
      expect((await call('POST', '/api/admin/rule-sets/madrid-sales/preview', { key: agentKey, body: {} })).status).toBe(403);
    });
  });

  describe('history: the difference between two versions, and who changed it first', () => {
    it('lists the changes between two versions field by field', async () => {
      const v2 = madridSalesRuleSet({
        weeklyHours: { ...madridSalesRuleSet().weeklyHours, mon: [{ start: '10:00', end: '18:00' }] },
        capacity: { default: 4, ranges: [] },
      });
      const saved = await call('PUT', '/api/admin/rule-sets/madrid-sales', { key: luis.key, body: v2, headers: { 'if-match': '"1"' } });
      expect(saved.status).toBe(200);
      const { status, body } = await call('GET', '/api/admin/rule-sets/madrid-sales/diff?from=1&to=2');
      expect(status).toBe(200);
      expect(body).toEqual({
        from: 1,
        to: 2,
        changes: [
          {
            path: 'weeklyHours.mon',
            before: [
              { start: '09:00', end: '14:00' },
              { start: '15:30', end: '20:00' },
            ],
            after: [{ start: '10:00', end: '18:00' }],
          },
          { path: 'capacity.default', before: 3, after: 4 },
        ],
      });
      expect((await call('GET', '/api/admin/rule-sets/madrid-sales/diff?from=2&to=2')).body.changes).toEqual([]);
    });

    it('404s a version that does not exist and 400s one that is no number', async () => {
      expect((await call('GET', '/api/admin/rule-sets/madrid-sales/diff?from=1&to=9')).status).toBe(404);
      expect((await call('GET', '/api/admin/rule-sets/nobody/diff?from=1&to=2')).status).toBe(404);
      const bad = await call('GET', '/api/admin/rule-sets/madrid-sales/diff?from=one&to=2');
      expect(bad).toMatchObject({ status: 400, body: { field: 'from' } });
    });

    it('a stale If-Match is a 412 that names who changed it first, by their key label', async () => {
      const stale = await call('PUT', '/api/admin/rule-sets/madrid-sales', {
        key: ana.key,
        body: madridSalesRuleSet(),
        headers: { 'if-match': '"1"' },
      });
      expect(stale.status).toBe(412);
      const [v2] = (await call('GET', '/api/admin/rule-sets/madrid-sales/history')).body.versions;
      expect(stale.body).toMatchObject({
        code: 'VersionConflict',
        current: { version: 2, changedBy: luis.keyId, changedByLabel: 'Luis (ops)', changedAt: v2.changedAt },
      });
      expect(stale.body.message).toContain('Luis (ops)');
      // Nothing was written.
      expect((await call('GET', '/api/admin/rule-sets/madrid-sales')).body.version).toBe(2);
    });
  });

  describe('GET /api/admin/holidays', () => {
    it("lists a region's public holidays with their names, from the engine's calendar", async () => {
      const canaries = await call('GET', '/api/admin/holidays?country=ES&region=CN&from=2026-12-01&months=2');
      expect(canaries.status).toBe(200);
      const dates = canaries.body.holidays.map((h: { date: string }) => h.date);
      expect(dates).toEqual(expect.arrayContaining(['2026-12-08', '2026-12-25', '2027-01-01', '2027-01-06']));
      expect(dates).not.toContain('2026-12-07');
      expect(dates.every((d: string) => d >= '2026-12-01' && d < '2027-02-01')).toBe(true);
      expect(canaries.body.holidays.find((h: { date: string }) => h.date === '2026-12-25').name).toMatch(/Navidad/);
      // 6 December falls on a Sunday in 2026: Madrid keeps the Monday instead.
      const madrid = await call('GET', '/api/admin/holidays?country=ES&region=MD&from=2026-12-01&months=1');
      expect(madrid.body.holidays.map((h: { date: string }) => h.date)).toContain('2026-12-07');
    });

    it.each([
      ['country=XX', 'country'],
      ['country=ES&region=ZZ', 'region'],
      ['country=ES&months=13', 'months'],
      ['country=ES&from=2026-13-01', 'from'],
    ])('refuses %s with a 400 naming %s', async (query, field) => {
      const { status, body } = await call('GET', `/api/admin/holidays?${query}`);
      expect(status).toBe(400);
      expect(body.field).toBe(field);
    });
  });

  it('documents the new routes in /openapi.json', async () => {
    const document = (await (await fetch(`${app.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/admin/rule-sets/{id}/preview', '/api/admin/rule-sets/{id}/diff', '/api/admin/holidays']),
    );
  });
});
