import type { RunningApp } from '../../bot/app';
import { ERROR_CODES, type ErrorCode } from '../../bot/http/errorCodes';
import { apiErrorSchema, directLineErrorSchema } from '../../bot/http/errors';
import { ApiKeyStore } from '../../services/auth/apiKeys';
import { startTestApp } from '../support/app';
import { uniqueDatabaseName } from '../support/database';
import { GraphApiServer, startGraphApiServer } from '../support/graphApiServer';
import { postWebhook, sign, WA, whatsAppEnv } from '../support/whatsapp';

interface Case {
  /** What is asked, and of which module. */
  name: string;
  method: string;
  path: string;
  key?: 'admin' | 'agent';
  headers?: Record<string, string>;
  body?: unknown;
  status: number;
  code: ErrorCode;
  shape?: 'directline';
}

/**
 * Every module's routes driven into their 4xx through the real app: each answer is one of the catalogue's codes
 * with its status, in exactly the documented body (nothing more), and the document lists that status for the route.
 */
describe('every error body the server sends', () => {
  let graph: GraphApiServer;
  let app: RunningApp;
  const keys: Record<'admin' | 'agent', string> = { admin: '', agent: '' };
  let adminKeyId = '';
  let doc: { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>> };
  let dlToken = '';
  let dlConversation = '';

  beforeAll(async () => {
    graph = await startGraphApiServer({ version: WA.version, phoneNumberId: WA.phoneNumberId, token: WA.token });
    app = await startTestApp(uniqueDatabaseName('errors'), whatsAppEnv(graph));
    const store = new ApiKeyStore(app.database.apiKeys);
    const admin = await store.create('admin', 'the admin of errors');
    keys.admin = admin.key;
    adminKeyId = admin.keyId;
    keys.agent = (await store.create('agent', 'an agent without a profile')).key;
    doc = (await (await fetch(`${app.url}/openapi.json`)).json()) as typeof doc;
    const token = (await (await fetch(`${app.url}/v3/directline/tokens/generate`, { method: 'POST' })).json()) as {
      token: string;
      conversationId: string;
    };
    dlToken = token.token;
    dlConversation = token.conversationId;
  });
  afterAll(async () => {
    await app.database.db.dropDatabase();
    await app.close();
    await graph.close();
  });

  async function send(c: Omit<Case, 'name' | 'status' | 'code' | 'shape'>): Promise<Response> {
    const headers: Record<string, string> = { ...c.headers };
    if (c.key) headers['x-api-key'] = keys[c.key];
    let body: string | undefined;
    if (typeof c.body === 'string') body = c.body;
    else if (c.body !== undefined) body = JSON.stringify(c.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    return fetch(`${app.url}${c.path}`, { method: c.method, headers, body });
  }

  const person = '/api/admin/people/+34612000999';
  const cases: Case[] = [
    {
      name: 'people: a number that is not one',
      method: 'PUT',
      path: '/api/admin/people/abc',
      key: 'admin',
      body: {},
      status: 400,
      code: 'ValidationFailed',
    },
    { name: 'people: no key', method: 'GET', path: person, status: 401, code: 'Unauthenticated' },
    { name: 'people: an agent key', method: 'GET', path: person, key: 'agent', status: 403, code: 'Forbidden' },
    { name: 'people: nobody with that number', method: 'GET', path: person, key: 'admin', status: 404, code: 'NotFound' },
    { name: "people: a stranger's consent", method: 'GET', path: `${person}/consent`, key: 'admin', status: 404, code: 'NotFound' },
    { name: "people: a stranger's erasure", method: 'DELETE', path: person, key: 'admin', status: 404, code: 'NotFound' },
    {
      name: 'people: a method the path does not take',
      method: 'PATCH',
      path: person,
      key: 'admin',
      body: {},
      status: 405,
      code: 'MethodNotAllowed',
    },
    {
      name: 'people: JSON that does not parse',
      method: 'PUT',
      path: person,
      key: 'admin',
      body: '{"existingCustomer":',
      status: 400,
      code: 'InvalidContent',
    },
    {
      name: 'people: a MongoDB operator in the body',
      method: 'PUT',
      path: person,
      key: 'admin',
      body: { $set: { x: 1 } },
      status: 400,
      code: 'ValidationFailed',
    },
    {
      name: 'consent: an event of no kind',
      method: 'POST',
      path: '/api/admin/consent',
      key: 'admin',
      body: { phone: '+34612000999', event: 'maybe' },
      status: 400,
      code: 'ValidationFailed',
    },
    {
      name: 'exclusion lists: a file with no valid number',
      method: 'PUT',
      path: '/api/admin/exclusion-lists/es-robinson',
      key: 'admin',
      headers: { 'content-type': 'text/csv' },
      body: 'telefono\nnot 1 number\n',
      status: 400,
      code: 'ValidationFailed',
    },
    {
      name: 'rule sets: an id longer than any (the schema answers, not the router)',
      method: 'GET',
      path: `/api/admin/rule-sets/${'a'.repeat(200)}`,
      key: 'admin',
      status: 400,
      code: 'ValidationFailed',
    },
    {
      name: 'rule sets: an unknown one',
      method: 'GET',
      path: '/api/admin/rule-sets/nobody-s',
      key: 'admin',
      status: 404,
      code: 'NotFound',
    },
    { name: 'keys: the last admin key', method: 'DELETE', path: '/api/admin/keys/:admin', key: 'admin', status: 409, code: 'LastAdminKey' },
    {
      name: 'agent desk: an unknown callback',
      method: 'GET',
      path: '/api/agent/callbacks/nope',
      key: 'admin',
      status: 404,
      code: 'NotFound',
    },
    {
      name: 'agent desk: a claim without an agent profile',
      method: 'POST',
      path: '/api/agent/callbacks/nope/claim',
      key: 'agent',
      body: {},
      status: 403,
      code: 'NoAgentProfile',
    },
    {
      name: 'bot: a WhatsApp activity on /api/messages',
      method: 'POST',
      path: '/api/messages',
      body: {
        type: 'message',
        channelId: 'whatsapp',
        serviceUrl: 'http://localhost:1',
        from: { id: 'x' },
        conversation: { id: 'c' },
        text: 'hola',
      },
      status: 403,
      code: 'ChannelNotAccepted',
    },
    { name: 'server: a path that does not exist', method: 'GET', path: '/api/nothing-here', status: 404, code: 'NotFound' },
    {
      name: 'WhatsApp: a handshake with the wrong token',
      method: 'GET',
      path: '/api/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=123',
      status: 403,
      code: 'Forbidden',
    },
    {
      name: 'Direct Line: no token',
      method: 'GET',
      path: '/v3/directline/conversations/:dl/activities',
      status: 401,
      code: 'MissingToken',
      shape: 'directline',
    },
    {
      name: 'Direct Line: a forged token',
      method: 'GET',
      path: '/v3/directline/conversations/:dl/activities',
      headers: { authorization: 'Bearer not.a-token' },
      status: 403,
      code: 'InvalidToken',
      shape: 'directline',
    },
    {
      name: 'Direct Line: a conversation not started',
      method: 'GET',
      path: '/v3/directline/conversations/:dl/activities',
      headers: { authorization: 'Bearer :token' },
      status: 404,
      code: 'NotFound',
      shape: 'directline',
    },
    {
      name: 'Direct Line: a MongoDB operator in an activity (refused before the route, in its shape still)',
      method: 'POST',
      path: '/v3/directline/conversations/:dl/activities',
      headers: { authorization: 'Bearer :token' },
      body: { type: 'message', text: 'hola', $where: '1' },
      status: 400,
      code: 'ValidationFailed',
      shape: 'directline',
    },
    {
      name: 'Direct Line: an activity of no known type',
      method: 'POST',
      path: '/v3/directline/conversations/:dl/activities',
      headers: { authorization: 'Bearer :token' },
      body: { type: 'shout', text: 'hola' },
      status: 400,
      code: 'ValidationFailed',
      shape: 'directline',
    },
  ];

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const filled = (text: string) => text.replace(':admin', adminKeyId).replace(':dl', dlConversation).replace(':token', dlToken);
    const response = await send({
      ...c,
      path: filled(c.path),
      headers: Object.fromEntries(Object.entries(c.headers ?? {}).map(([k, v]) => [k, filled(v)])),
    });
    const body: unknown = await response.json();
    expect({ status: response.status, body }).toMatchObject({
      status: c.status,
      body: c.shape === 'directline' ? { error: { code: c.code } } : { code: c.code },
    });
    // Exactly the documented shape: strict, so a stray key fails too.
    (c.shape === 'directline' ? directLineErrorSchema.strict() : apiErrorSchema.strict()).parse(body);
    expect(ERROR_CODES[c.code].statuses).toContain(c.status);
  });

  it('documents each of those statuses on its route, with the body of its shape', () => {
    for (const c of cases.filter((c) => !['/api/nothing-here'].includes(c.path) && c.status !== 405)) {
      const path = c.path
        .split('?')[0]!
        .replace(/^\/api\/admin\/people\/[^/]+/, '/api/admin/people/{phone}')
        .replace('/api/admin/exclusion-lists/es-robinson', '/api/admin/exclusion-lists/{list}')
        .replace(/\/api\/admin\/rule-sets\/[a-z-]+$/, '/api/admin/rule-sets/{id}')
        .replace('/api/admin/keys/:admin', '/api/admin/keys/{keyId}')
        .replace(/\/api\/agent\/callbacks\/nope/, '/api/agent/callbacks/{id}')
        .replace(':dl', '{conversationId}');
      const response = doc.paths[path]?.[c.method.toLowerCase()]?.responses[String(c.status)];
      expect({ route: `${c.method} ${path} ${c.status}`, documented: response !== undefined }).toEqual({
        route: `${c.method} ${path} ${c.status}`,
        documented: true,
      });
      const schema = response?.content?.['application/json']?.schema;
      expect({ route: `${c.method} ${path}`, schema }).toEqual({
        route: `${c.method} ${path}`,
        schema: { $ref: c.shape === 'directline' ? '#/components/schemas/DirectLineError' : '#/components/schemas/Error' },
      });
    }
  });

  it('answers a signed WhatsApp delivery that is not one, and a bad signature, in the one body', async () => {
    const raw = JSON.stringify({ object: 'whatsapp_business_account', entry: 'not a list' });
    const invalid = await postWebhook(app, raw, sign(raw));
    expect(invalid.status).toBe(400);
    expect(apiErrorSchema.strict().parse(JSON.parse(invalid.body))).toMatchObject({ code: 'ValidationFailed', field: expect.any(String) });
    const unsigned = await postWebhook(app, raw, 'sha256=00');
    expect(unsigned.status).toBe(401);
    expect(apiErrorSchema.strict().parse(JSON.parse(unsigned.body))).toMatchObject({ code: 'InvalidSignature' });
  });

  it('answers a stale If-Match alike for a rule set and a team: 412 with the version in force and who saved it', async () => {
    const ruleSet = await send({ method: 'GET', path: '/api/admin/rule-sets', key: 'admin' });
    const { ruleSets } = (await ruleSet.json()) as { ruleSets: Array<{ ruleSet: Record<string, unknown> }> };
    const base = ruleSets[0]!.ruleSet;
    const saved = await send({ method: 'PUT', path: '/api/admin/rule-sets/errors-rs', key: 'admin', body: { ...base, id: undefined } });
    expect(saved.status).toBe(201);
    const team = await send({
      method: 'PUT',
      path: '/api/admin/teams/errors-team',
      key: 'admin',
      body: { name: 'Errors', languages: ['es'] },
    });
    expect(team.status).toBe(201);

    const staleRuleSet = await send({
      method: 'PUT',
      path: '/api/admin/rule-sets/errors-rs',
      key: 'admin',
      headers: { 'if-match': '"7"' },
      body: { ...base, id: undefined },
    });
    const staleTeam = await send({
      method: 'PUT',
      path: '/api/admin/teams/errors-team',
      key: 'admin',
      headers: { 'if-match': '"7"' },
      body: { name: 'Errors', languages: ['es'] },
    });
    const current = { version: 1, changedBy: adminKeyId, changedByLabel: 'the admin of errors', changedAt: expect.any(String) };
    for (const answer of [staleRuleSet, staleTeam]) {
      expect(answer.status).toBe(412);
      expect(apiErrorSchema.strict().parse(await answer.json())).toMatchObject({ code: 'VersionConflict', current });
    }
  });
});
