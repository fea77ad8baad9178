import type { RunningApp } from '../../bot/app';
import { ApiKeyStore } from '../../services/auth/apiKeys';
import { startTestApp } from '../support/app';
import { uniqueDatabaseName } from '../support/database';
import { madridSalesRuleSet } from '../support/ruleSets';

describe('admin API for availability rule sets', () => {
  let app: RunningApp;
  let adminKey: string;
  let agentKey: string;

  beforeAll(async () => {
    app = await startTestApp(uniqueDatabaseName('admin'));
    const keys = new ApiKeyStore(app.database.apiKeys);
    adminKey = (await keys.create('admin', 'test admin')).key;
    agentKey = (await keys.create('agent', 'test agent')).key;
  });
  afterAll(async () => {
    await app.database.db.dropDatabase();
    await app.close();
  });

  async function call(method: string, path: string, options: { key?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
    if (options.key) headers['x-api-key'] = options.key;
    const response = await fetch(`${app.url}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    return { status: response.status, etag: response.headers.get('etag'), body: (await response.json()) as Record<string, any> };
  }

  describe('authentication', () => {
    it('answers 401 without a key', async () => {
      expect((await call('GET', '/api/admin/rule-sets')).status).toBe(401);
    });

    it('answers 401 for a wrong key, including a real key id with a wrong secret', async () => {
      expect((await call('GET', '/api/admin/rule-sets', { key: 'nonsense' })).status).toBe(401);
      const forged = adminKey.slice(0, -4) + (adminKey.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      expect((await call('GET', '/api/admin/rule-sets', { key: forged })).status).toBe(401);
    });

    it('answers 403 for an agent key', async () => {
      const response = await call('PUT', '/api/admin/rule-sets/madrid-sales', { key: agentKey, body: madridSalesRuleSet() });
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('Forbidden');
    });

    it('accepts the key as a bearer token too', async () => {
      const response = await fetch(`${app.url}/api/admin/rule-sets`, { headers: { authorization: `Bearer ${adminKey}` } });
      expect(response.status).toBe(200);
    });

    it('stops accepting a revoked key', async () => {
      const keys = new ApiKeyStore(app.database.apiKeys);
      const temporary = await keys.create('admin', 'to revoke');
      expect((await call('GET', '/api/admin/rule-sets', { key: temporary.key })).status).toBe(200);
      await keys.revoke(temporary.keyId);
      expect((await call('GET', '/api/admin/rule-sets', { key: temporary.key })).status).toBe(401);
    });
  });

  describe('create, read, update, history', () => {
    it('creates a rule set and answers with it as stored', async () => {
      const created = await call('PUT', '/api/admin/rule-sets/madrid-sales', { key: adminKey, body: madridSalesRuleSet() });
      expect(created.status).toBe(201);
      expect(created.etag).toBe('"1"');
      expect(created.body).toMatchObject({
        version: 1,
        changedBy: expect.any(String),
        ruleSet: { id: 'madrid-sales', timeZone: 'Europe/Madrid' },
      });
      const read = await call('GET', '/api/admin/rule-sets/madrid-sales', { key: adminKey });
      expect(read.status).toBe(200);
      expect(read.body.ruleSet).toEqual(created.body.ruleSet);
    });

    it('updates with If-Match, keeps the previous version, and refuses a stale If-Match with 412', async () => {
      const updated = await call('PUT', '/api/admin/rule-sets/madrid-sales', {
        key: adminKey,
        headers: { 'if-match': '"1"' },
        body: madridSalesRuleSet({ capacity: { default: 5, ranges: [] } }),
      });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ version: 2, ruleSet: { capacity: { default: 5 } } });

      const stale = await call('PUT', '/api/admin/rule-sets/madrid-sales', {
        key: adminKey,
        headers: { 'if-match': '"1"' },
        body: madridSalesRuleSet(),
      });
      expect(stale.status).toBe(412);

      const history = await call('GET', '/api/admin/rule-sets/madrid-sales/history', { key: adminKey });
      expect(
        history.body.versions.map((v: { version: number; ruleSet: { capacity: { default: number } } }) => [
          v.version,
          v.ruleSet.capacity.default,
        ]),
      ).toEqual([
        [2, 5],
        [1, 3],
      ]);
    });

    it('lists the rule sets in force, newest version of each', async () => {
      await call('PUT', '/api/admin/rule-sets/canarias-service', {
        key: adminKey,
        body: madridSalesRuleSet({ id: 'canarias-service', timeZone: 'Atlantic/Canary' }),
      });
      const list = await call('GET', '/api/admin/rule-sets', { key: adminKey });
      expect(list.body.ruleSets.map((r: { ruleSet: { id: string }; version: number }) => [r.ruleSet.id, r.version])).toEqual([
        ['canarias-service', 1],
        ['default', 1], // seeded on first start, so the bot can book at once
        ['madrid-sales', 2],
      ]);
    });

    it('gives every concurrent writer its own version or a 409, never a lost update', async () => {
      const writes = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          call('PUT', '/api/admin/rule-sets/race', { key: adminKey, body: madridSalesRuleSet({ id: 'race', name: `writer ${i}` }) }),
        ),
      );
      const accepted = writes.filter((w) => w.status === 200 || w.status === 201);
      expect(writes.every((w) => [200, 201, 409].includes(w.status))).toBe(true);
      const versions = accepted.map((w) => w.body.version as number).sort((a, b) => a - b);
      expect(new Set(versions).size).toBe(versions.length);
      const history = await call('GET', '/api/admin/rule-sets/race/history', { key: adminKey });
      expect(history.body.versions).toHaveLength(accepted.length);
    });

    it('answers 404 for an unknown rule set', async () => {
      expect((await call('GET', '/api/admin/rule-sets/nobody', { key: adminKey })).status).toBe(404);
    });
  });

  describe('validation: a 400 naming the field, and nothing stored', () => {
    const monday = madridSalesRuleSet().weeklyHours;
    it.each([
      [
        'an overlapping range',
        {
          weeklyHours: {
            ...monday,
            mon: [
              { start: '09:00', end: '14:00' },
              { start: '13:00', end: '18:00' },
            ],
          },
        },
        'weeklyHours.mon.1',
      ],
      ['an inverted range', { weeklyHours: { ...monday, tue: [{ start: '18:00', end: '09:00' }] } }, 'weeklyHours.tue.0.end'],
      ['an unknown time zone', { timeZone: 'Europe/Atlantis' }, 'timeZone'],
      ['an offset instead of a zone', { timeZone: '+01:00' }, 'timeZone'],
      ['a capacity below zero', { capacity: { default: -1, ranges: [] } }, 'capacity.default'],
      ['an unknown holiday region', { holidays: { country: 'ES', region: 'XX', add: [], remove: [] } }, 'holidays.region'],
      [
        'a window wider than the law',
        { stricterWindows: [{ jurisdiction: 'ES', start: '08:00', end: '20:00' }] },
        'stricterWindows.0.start',
      ],
      ['slots that would overlap (30-minute calls every 15 minutes)', { slotMinutes: 30, intervalMinutes: 15 }, 'intervalMinutes'],
    ])('refuses %s', async (_label, override, field) => {
      const response = await call('PUT', '/api/admin/rule-sets/invalid-one', {
        key: adminKey,
        body: madridSalesRuleSet({ id: 'invalid-one', ...override }),
      });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'ValidationFailed', field });
      expect((await call('GET', '/api/admin/rule-sets/invalid-one', { key: adminKey })).status).toBe(404);
    });

    it('names the law when an admin tries to widen the lawful window', async () => {
      const response = await call('PUT', '/api/admin/rule-sets/invalid-one', {
        key: adminKey,
        body: madridSalesRuleSet({ id: 'invalid-one', stricterWindows: [{ jurisdiction: 'ES', start: '08:00', end: '20:00' }] }),
      });
      expect(response.body.message).toMatch(/TRLGDCU art\. 96\.2/);
    });

    it('refuses a body whose id differs from the URL', async () => {
      const response = await call('PUT', '/api/admin/rule-sets/one', { key: adminKey, body: madridSalesRuleSet({ id: 'another' }) });
      expect(response).toMatchObject({ status: 400, body: { field: 'id' } });
    });

    it('refuses a malformed If-Match', async () => {
      const response = await call('PUT', '/api/admin/rule-sets/madrid-sales', {
        key: adminKey,
        headers: { 'if-match': 'yesterday' },
        body: madridSalesRuleSet(),
      });
      expect(response).toMatchObject({ status: 400, body: { field: 'if-match' } });
    });
  });
});
