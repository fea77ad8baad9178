import type { RunningApp } from '../../bot/app';
import { ApiKeyStore } from '../../services/auth/apiKeys';
import { parseRuleSet } from '../../services/availability/ruleSet';
import { bookingServiceOn } from '../../services/booking/bookingService';
import { PeopleStore } from '../../services/people/peopleStore';
import { startTestApp } from '../support/app';
import { uniqueDatabaseName } from '../support/database';

// Tuesday 24 November 2026, 09:00 in Madrid.
const NOW = new Date('2026-11-24T08:00:00Z');
// Wednesday 25 November 2026, 10:00 in Madrid: inside the default weekday hours.
const WED_10 = new Date('2026-11-25T09:00:00Z');

const LAS_PALMAS = {
  name: 'Las Palmas service',
  languages: ['es'],
  entryPoints: { webChat: ['canarias'], whatsAppNumbers: ['106540352242922'] },
  campaigns: ['spring-2027'],
};

describe('admin API for teams, agents and keys', () => {
  let app: RunningApp;
  let adminKey: string;
  let adminKeyId: string;

  beforeAll(async () => {
    app = await startTestApp(uniqueDatabaseName('adminteams'), {}, () => NOW);
    const issued = await new ApiKeyStore(app.database.apiKeys).create('admin', 'Ana (operations)');
    adminKey = issued.key;
    adminKeyId = issued.keyId;
  });
  afterAll(async () => {
    await app.database.db.dropDatabase();
    await app.close();
  });

  async function call(method: string, path: string, options: { key?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    headers['x-api-key'] = options.key ?? adminKey;
    const response = await fetch(`${app.url}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as Record<string, any> };
  }

  describe('teams', () => {
    it('lists the default team every installation has', async () => {
      const listed = await call('GET', '/api/admin/teams');
      expect(listed.status).toBe(200);
      expect(listed.body.teams).toEqual([expect.objectContaining({ id: 'default', languages: ['es', 'en'], version: 1 })]);
    });

    it('creates a team whose rule set is created with it, and that rule set takes a booking at once', async () => {
      expect((await call('GET', '/api/admin/rule-sets/las-palmas')).status).toBe(404);
      const created = await call('PUT', '/api/admin/teams/las-palmas', { body: LAS_PALMAS });
      expect(created.status).toBe(201);
      expect(created.headers.get('etag')).toBe('"1"');
      expect(created.body).toEqual({
        id: 'las-palmas',
        ...LAS_PALMAS,
        teamsConversationId: null,
        entryPoints: { ...LAS_PALMAS.entryPoints, teamsApp: false },
        version: 1,
        updatedAt: NOW.toISOString(),
        updatedBy: adminKeyId,
      });
      const read = await call('GET', '/api/admin/teams/las-palmas');
      expect(read.status).toBe(200);
      expect(read.headers.get('etag')).toBe('"1"');
      expect(read.body).toEqual(created.body);

      const ruleSet = await call('GET', '/api/admin/rule-sets/las-palmas');
      expect(ruleSet.status).toBe(200);
      expect(ruleSet.body).toMatchObject({ version: 1, changedBy: adminKeyId, ruleSet: { id: 'las-palmas', name: 'Las Palmas service' } });
      const people = new PeopleStore(app.database.collection('people'), app.database.collection('channelAccounts'), () => NOW);
      const person = await people.findOrCreateByPhone('+34911000001', {
        provenance: { source: 'import', campaign: null, collectedAt: NOW, detail: null },
      });
      const booked = await bookingServiceOn(app.database).book({
        ruleSet: parseRuleSet(ruleSet.body.ruleSet),
        person,
        slotStartUtc: WED_10,
        channelId: 'webchat',
        now: NOW,
      });
      expect(booked).toMatchObject({ ok: true, callback: { ruleSetId: 'las-palmas', status: 'booked' } });
    });

    it('keeps a rule set that already exists when a team is made for it', async () => {
      const ruleSet = await call('GET', '/api/admin/rule-sets/default');
      await call('PUT', '/api/admin/teams/default', {
        body: { name: 'Madrid sales', languages: ['es', 'en'], entryPoints: { teamsApp: true } },
      });
      expect((await call('GET', '/api/admin/rule-sets/default')).body).toEqual(ruleSet.body);
    });

    it('edits with If-Match, and a stale If-Match is a 412 that names who changed it first and when', async () => {
      const edited = await call('PUT', '/api/admin/teams/las-palmas', {
        body: { ...LAS_PALMAS, languages: ['es', 'en'] },
        headers: { 'if-match': '"1"' },
      });
      expect(edited.status).toBe(200);
      expect(edited.headers.get('etag')).toBe('"2"');
      expect(edited.body).toMatchObject({ version: 2, languages: ['es', 'en'] });

      const colleague = await new ApiKeyStore(app.database.apiKeys).create('admin', 'Jorge (night shift)');
      expect(
        (await call('PUT', '/api/admin/teams/las-palmas', { key: colleague.key, body: LAS_PALMAS, headers: { 'if-match': '"2"' } })).status,
      ).toBe(200);
      const stale = await call('PUT', '/api/admin/teams/las-palmas', {
        body: { ...LAS_PALMAS, name: 'Mine' },
        headers: { 'if-match': '"2"' },
      });
      expect(stale.status).toBe(412);
      expect(stale.body).toEqual({
        code: 'VersionConflict',
        message: expect.stringContaining('Jorge (night shift)'),
        current: { version: 3, changedBy: colleague.keyId, changedByLabel: 'Jorge (night shift)', changedAt: NOW.toISOString() },
      });
      expect((await call('GET', '/api/admin/teams/las-palmas')).body).toMatchObject({ version: 3, name: 'Las Palmas service' });
    });

    it('refuses a stale If-Match on a team that does not exist before writing anything', async () => {
      const stale = await call('PUT', '/api/admin/teams/nowhere', { body: LAS_PALMAS, headers: { 'if-match': '"4"' } });
      expect(stale).toMatchObject({ status: 412, body: { code: 'VersionConflict' } });
      expect(stale.body.current).toBeNull(); // as the rule sets answer: no version in force
      expect((await call('GET', '/api/admin/teams/nowhere')).status).toBe(404);
      expect((await call('GET', '/api/admin/rule-sets/nowhere')).status).toBe(404);
    });

    it.each([
      ['a blank name', { ...LAS_PALMAS, name: '  ' }, 'name'],
      ['no language', { ...LAS_PALMAS, languages: [] }, 'languages'],
      ['a language the bot does not speak', { ...LAS_PALMAS, languages: ['fr'] }, 'languages.0'],
      ['a Web Chat entry that is not a slug', { ...LAS_PALMAS, entryPoints: { webChat: ['Las Palmas'] } }, 'entryPoints.webChat.0'],
      [
        'a WhatsApp number id that is not one',
        { ...LAS_PALMAS, entryPoints: { whatsAppNumbers: ['+34 600'] } },
        'entryPoints.whatsAppNumbers.0',
      ],
      ['a Web Chat entry another team answers to', { ...LAS_PALMAS, entryPoints: { webChat: ['canarias'] } }, 'entryPoints.webChat.0'],
      ['another team’s id as a Web Chat entry', { ...LAS_PALMAS, entryPoints: { webChat: ['las-palmas'] } }, 'entryPoints.webChat.0'],
      [
        'a WhatsApp number another team has',
        { ...LAS_PALMAS, entryPoints: { whatsAppNumbers: ['106540352242922'] } },
        'entryPoints.whatsAppNumbers.0',
      ],
      ['the Teams app, which reaches the default team', { ...LAS_PALMAS, entryPoints: { teamsApp: true } }, 'entryPoints.teamsApp'],
    ])('refuses %s with a 400 naming the field, and writes nothing', async (_label, body, field) => {
      const refused = await call('PUT', '/api/admin/teams/tenerife', { body });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'ValidationFailed', field });
      expect((await call('GET', '/api/admin/teams/tenerife')).status).toBe(404);
      expect((await call('GET', '/api/admin/rule-sets/tenerife')).status).toBe(404);
    });

    it('refuses a team id that is another team’s Web Chat entry, naming the id', async () => {
      const refused = await call('PUT', '/api/admin/teams/canarias', { body: { ...LAS_PALMAS, entryPoints: {} } });
      expect(refused).toMatchObject({ status: 400, body: { field: 'id', message: expect.stringContaining('las-palmas') } });
    });

    it('refuses an id that is not a slug, naming it', async () => {
      expect((await call('PUT', '/api/admin/teams/Las%20Palmas', { body: LAS_PALMAS })).body).toMatchObject({ field: 'id' });
    });

    it('answers 403 to an agent key and 401 without one', async () => {
      const agentKey = (await new ApiKeyStore(app.database.apiKeys).create('agent', 'an agent')).key;
      expect((await call('GET', '/api/admin/teams', { key: agentKey })).status).toBe(403);
      expect((await fetch(`${app.url}/api/admin/teams`)).status).toBe(401);
    });
  });

  describe('agents', () => {
    const lucia = { name: 'Lucía Pérez', timeZone: 'Atlantic/Canary', languages: ['es'], team: 'las-palmas' };

    it('adds an agent to a team, lists it by team, and edits it', async () => {
      const created = await call('POST', '/api/admin/agents', { body: lucia });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ _id: expect.any(String), ...lucia, teamsUserId: null, createdAt: NOW.toISOString() });
      const ofTeam = await call('GET', '/api/admin/agents?team=las-palmas');
      expect(ofTeam.body.agents).toEqual([created.body]);
      expect((await call('GET', '/api/admin/agents?team=default')).body.agents).toEqual([]);

      const edited = await call('PUT', `/api/admin/agents/${created.body._id}`, {
        body: { ...lucia, languages: ['es', 'en'], team: 'default' },
      });
      expect(edited).toMatchObject({
        status: 200,
        body: { _id: created.body._id, languages: ['es', 'en'], team: 'default', createdAt: NOW.toISOString() },
      });
      expect((await call('GET', '/api/admin/agents?team=default')).body.agents).toEqual([edited.body]);
      expect((await call('GET', '/api/admin/agents')).body.agents).toEqual([edited.body]);
    });

    it('refuses an agent of a team that does not exist with a 400 naming team, creating nobody', async () => {
      const refused = await call('POST', '/api/admin/agents', { body: { ...lucia, name: 'Nobody', team: 'tenerife' } });
      expect(refused).toMatchObject({ status: 400, body: { code: 'ValidationFailed', field: 'team' } });
      expect((await call('GET', '/api/admin/agents')).body.agents.map((a: { name: string }) => a.name)).not.toContain('Nobody');
      const agents = (await call('GET', '/api/admin/agents')).body.agents as Array<{ _id: string }>;
      const moved = await call('PUT', `/api/admin/agents/${agents[0]!._id}`, { body: { ...lucia, team: 'tenerife' } });
      expect(moved).toMatchObject({ status: 400, body: { field: 'team' } });
    });

    it.each([
      ['a zone that is not one', { ...lucia, timeZone: 'GMT+1' }, 'timeZone'],
      ['a blank name', { ...lucia, name: ' ' }, 'name'],
      ['no language', { ...lucia, languages: [] }, 'languages'],
    ])('refuses %s with a 400 naming the field', async (_label, body, field) => {
      expect((await call('POST', '/api/admin/agents', { body })).body).toMatchObject({ code: 'ValidationFailed', field });
    });

    it('answers 404 for an agent that does not exist', async () => {
      const missing = await call('PUT', '/api/admin/agents/0b6f3c1e-8d2a-4c5e-9f7a-2e4d6b8a0c1f', { body: lucia });
      expect(missing).toMatchObject({ status: 404, body: { code: 'NotFound' } });
    });
  });

  describe('keys', () => {
    it('makes an agent key, shown once and not cached, that works on the agent API; lists keys without secrets; revokes it', async () => {
      const agent = await call('POST', '/api/admin/agents', {
        body: { name: 'Marco Ruiz', timeZone: 'Europe/Madrid', languages: ['es', 'en'], team: 'las-palmas' },
      });
      const issued = await call('POST', '/api/admin/keys', { body: { role: 'agent', label: 'Marco', agentId: agent.body._id } });
      expect(issued.status).toBe(201);
      expect(issued.headers.get('cache-control')).toBe('no-store');
      expect(issued.body).toEqual({
        keyId: expect.any(String),
        role: 'agent',
        label: 'Marco',
        agentId: agent.body._id,
        key: expect.any(String),
      });
      expect(issued.body.key).toContain(issued.body.keyId);

      const me = await call('GET', '/api/agent/me', { key: issued.body.key });
      expect(me).toMatchObject({ status: 200, body: { _id: agent.body._id, name: 'Marco Ruiz', team: 'las-palmas', role: 'agent' } });

      const listed = await call('GET', '/api/admin/keys');
      expect(listed.status).toBe(200);
      expect(listed.body.keys).toContainEqual({
        keyId: issued.body.keyId,
        role: 'agent',
        label: 'Marco',
        agentId: agent.body._id,
        createdAt: expect.any(String),
        revokedAt: null,
      });
      const secret = String(issued.body.key).split('_').pop()!;
      expect(JSON.stringify(listed.body)).not.toContain(secret);
      expect(JSON.stringify(listed.body)).not.toMatch(/secretHash|cbk_/);

      const revoked = await call('DELETE', `/api/admin/keys/${issued.body.keyId}`);
      expect(revoked.status).toBe(204);
      expect((await call('GET', '/api/agent/me', { key: issued.body.key })).status).toBe(401);
      const after = (await call('GET', '/api/admin/keys')).body.keys.find((k: { keyId: string }) => k.keyId === issued.body.keyId);
      expect(after.revokedAt).toEqual(expect.any(String));
      // Revoking it again changes nothing.
      expect((await call('DELETE', `/api/admin/keys/${issued.body.keyId}`)).status).toBe(204);
    });

    it.each([
      ['an agent key for no agent', { role: 'agent', label: 'x' }, 'agentId'],
      ['an agent key for an agent that does not exist', { role: 'agent', label: 'x', agentId: 'nobody' }, 'agentId'],
      ['an admin key that speaks for an agent', { role: 'admin', label: 'x', agentId: 'someone' }, 'agentId'],
      ['a role that does not exist', { role: 'root', label: 'x' }, 'role'],
      ['a blank label', { role: 'admin', label: ' ' }, 'label'],
    ])('refuses %s with a 400 naming the field, making no key', async (_label, body, field) => {
      const before = (await call('GET', '/api/admin/keys')).body.keys.length;
      expect((await call('POST', '/api/admin/keys', { body })).body).toMatchObject({ code: 'ValidationFailed', field });
      expect((await call('GET', '/api/admin/keys')).body.keys).toHaveLength(before);
    });

    it('answers 404 for a key that does not exist', async () => {
      expect((await call('DELETE', '/api/admin/keys/abcdefabcdef')).status).toBe(404);
    });

    it('never revokes the last active admin key', async () => {
      const store = new ApiKeyStore(app.database.apiKeys);
      const second = await call('POST', '/api/admin/keys', { body: { role: 'admin', label: 'spare' } });
      expect(second.status).toBe(201);
      expect((await call('GET', '/api/admin/teams', { key: second.body.key })).status).toBe(200);
      // Every other admin key goes; the one in use is the last.
      for (const key of await store.list()) {
        if (key.role === 'admin' && key.revokedAt === null && key.keyId !== adminKeyId) {
          expect((await call('DELETE', `/api/admin/keys/${key.keyId}`)).status).toBe(204);
        }
      }
      const last = await call('DELETE', `/api/admin/keys/${adminKeyId}`);
      expect(last).toMatchObject({ status: 409, body: { code: 'LastAdminKey' } });
      expect(await store.countActive('admin')).toBe(1);
      expect((await call('GET', '/api/admin/teams')).status).toBe(200);
    });

    it('lets only one of two revocations racing for the last two admin keys win', async () => {
      const store = new ApiKeyStore(app.database.apiKeys);
      const other = await store.create('admin', 'other');
      expect(await store.countActive('admin')).toBe(2);
      const outcomes = await Promise.all([store.revokeKeepingAnAdmin(adminKeyId), store.revokeKeepingAnAdmin(other.keyId)]);
      expect(outcomes.filter((outcome) => outcome === 'revoked').length).toBeLessThanOrEqual(1);
      expect(await store.countActive('admin')).toBeGreaterThanOrEqual(1);
    });
  });
});
