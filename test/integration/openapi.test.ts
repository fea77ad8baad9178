import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunningApp } from '../../bot/app';
import { openApiPath } from '../../bot/http/route';
import { ApiKeyStore } from '../../services/auth/apiKeys';
import { requestAsDocumented, startTestApp } from '../support/app';
import { uniqueDatabaseName } from '../support/database';

interface Operation {
  security: unknown[];
  parameters?: Array<{ name: string; in: 'path' | 'query' | 'header'; example?: unknown }>;
  requestBody?: { content: Record<string, { example?: unknown }> };
  responses: Record<string, { content?: Record<string, { example?: unknown }> }>;
}
type OpenApi = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, unknown> };
};

const methodOf = (restifyMethod: string) => (restifyMethod.toLowerCase() === 'del' ? 'delete' : restifyMethod.toLowerCase());

describe('GET /openapi.json', () => {
  let app: RunningApp;
  let doc: OpenApi;
  let admin: string;

  beforeAll(async () => {
    app = await startTestApp(uniqueDatabaseName('openapi'), {}, () => new Date('2026-11-24T09:00:00Z'));
    admin = (await new ApiKeyStore(app.database.apiKeys).create('admin', 'test')).key;
    const response = await fetch(`${app.url}/openapi.json`);
    expect(response.status).toBe(200);
    doc = (await response.json()) as OpenApi;
  });
  afterAll(async () => {
    await app.database.db.dropDatabase();
    await app.close();
  });

  it('is OpenAPI 3.1 with the API key scheme as the routes read it', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes).toMatchObject({
      apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
      bearer: { type: 'http', scheme: 'bearer' },
    });
  });

  it('is valid OpenAPI 3.1, every reference resolving (a maintained validator of the official schemas)', () => {
    // The validator is an ES module; jest runs CommonJS, so node runs it (scripts/validate-openapi.mjs) on the document as served.
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'openapi-')), 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    const validate = (target: string) =>
      spawnSync(process.execPath, [path.resolve(__dirname, '../../scripts/validate-openapi.mjs'), target], { encoding: 'utf8' });
    const result = validate(file);
    expect({ status: result.status, output: JSON.parse(result.stdout) as unknown }).toEqual({ status: 0, output: { valid: true } });
    // And it does catch what the document used to have: a reference to zod's #/$defs, which OpenAPI does not resolve.
    writeFileSync(file, JSON.stringify(doc).replaceAll('#/components/schemas/Error', '#/$defs/Error'));
    expect(validate(file)).toMatchObject({ status: 1, stdout: expect.stringContaining("Can't resolve #/$defs/Error") });
    expect(JSON.stringify(doc)).not.toContain('#/$defs/');
  });

  it('says what the server does: the phone shape, required bodies, the statuses it answers', () => {
    const person = doc.paths['/api/admin/people/{phone}'] as unknown as Record<string, any>;
    expect(person.put.parameters.find((p: { name: string }) => p.name === 'phone').schema).toMatchObject({
      type: 'string',
      format: 'phone',
      pattern: expect.any(String),
    });
    expect(person.put.requestBody.required).toBe(true);
    const generate = doc.paths['/v3/directline/tokens/generate'] as unknown as Record<string, any>;
    expect(generate.post.requestBody.required).toBe(false);
    expect(Object.keys(doc.paths['/v3/directline/conversations/{conversationId}/activities']!.get!.responses)).toContain('404');
    expect(Object.keys(doc.paths['/api/messages']!.post!.responses)).toContain('429');
    // Create → read → erase, as links a client (and schemathesis' stateful phase) can follow; each names an operation.
    const operationIds = new Set(
      Object.values(doc.paths).flatMap((methods) => Object.values(methods).map((op) => (op as any).operationId)),
    );
    const links = Object.values(person.put.responses as Record<string, { links?: Record<string, { operationId: string }> }>).flatMap(
      (response) => Object.values(response.links ?? {}),
    );
    expect(links.map((link) => link.operationId)).toContain('delete /api/admin/people/{phone}');
    for (const link of links) expect(operationIds).toContain(link.operationId);
  });

  it('answers a method a path does not document with 405 and the Allow the document gives', async () => {
    const response = await fetch(`${app.url}/api/admin/people/import`, { method: 'GET', headers: { 'x-api-key': admin } });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    const options = await fetch(`${app.url}/api/admin/people/import`, { method: 'OPTIONS' });
    expect({ status: options.status, allow: options.headers.get('allow') }).toEqual({ status: 405, allow: 'POST' });
  });

  it('refuses a PUT of a person without a body, naming the body, and changes nothing', async () => {
    const response = await fetch(`${app.url}/api/admin/people/%2B34612340001`, { method: 'PUT', headers: { 'x-api-key': admin } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field: '(body)' });
    expect((await fetch(`${app.url}/api/admin/people/%2B34612340001`, { headers: { 'x-api-key': admin } })).status).toBe(404);
  });

  it('documents every route the running server has registered, with the statuses it can answer', () => {
    // Read from restify's router, not from our own list: a route mounted some other way would be missed here.
    const registered = Object.values(app.http.server.router.getRoutes() as unknown as Record<string, { method: string; path: string }>);
    expect(registered.length).toBeGreaterThanOrEqual(20);
    for (const route of registered) {
      const operation = doc.paths[openApiPath(route.path)]?.[methodOf(route.method)];
      expect({ route: `${route.method} ${route.path}`, documented: operation !== undefined }).toEqual({
        route: `${route.method} ${route.path}`,
        documented: true,
      });
    }
    const consent = doc.paths['/api/admin/people/{phone}/consent']?.get;
    expect(Object.keys(consent?.responses ?? {}).sort()).toEqual(['200', '400', '401', '403', '404', '500', '503']);
    expect(consent?.security).toEqual([{ apiKey: [] }, { bearer: [] }]);
    expect(doc.paths['/healthz']?.get?.security).toEqual([]);
  });

  it('every documented example passes its own schema', () => {
    let checked = 0;
    for (const { spec } of app.http.routes) {
      const operation = doc.paths[openApiPath(spec.path)]?.[methodOf(spec.method)];
      if (!operation) throw new Error(`${spec.method} ${spec.path} is not documented`);
      const examplesIn = (where: 'path' | 'query' | 'header') =>
        Object.fromEntries((operation.parameters ?? []).filter((p) => p.in === where && 'example' in p).map((p) => [p.name, p.example]));
      const cases: Array<[string, { safeParse(value: unknown): { success: boolean; error?: unknown } } | undefined, unknown]> = [
        ['path', spec.params, examplesIn('path')],
        ['query', spec.query, examplesIn('query')],
        ['headers', spec.headers, examplesIn('header')],
        ['body', spec.body, Object.values(operation.requestBody?.content ?? {})[0]?.example],
        ...Object.entries(spec.responses).map(([status, response]): [string, typeof response.schema, unknown] => [
          `response ${status}`,
          response.schema,
          Object.values(operation.responses[status]?.content ?? {})[0]?.example,
        ]),
      ];
      for (const [where, schema, example] of cases) {
        if (!schema) continue;
        // A route with a schema documents an example of it (an empty object stands for "nothing required").
        expect({ route: `${spec.method} ${spec.path}`, where, hasExample: example !== undefined }).toEqual({
          route: `${spec.method} ${spec.path}`,
          where,
          hasExample: true,
        });
        const result = schema.safeParse(example);
        expect({ route: `${spec.method} ${spec.path}`, where, error: result.success ? null : result.error }).toEqual({
          route: `${spec.method} ${spec.path}`,
          where,
          error: null,
        });
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(15);
  });

  it('the server accepts each admin and agent request exactly as documented', async () => {
    for (const { spec } of app.http.routes.filter((route) => route.spec.auth !== 'none')) {
      const { status, body } = await requestAsDocumented(app.url, spec, admin);
      const documented = Object.keys(doc.paths[openApiPath(spec.path)]?.[methodOf(spec.method)]?.responses ?? {});
      // Not refused as invalid, and answered with a status the document lists (404 for a person not created yet).
      expect({ route: `${spec.method} ${spec.path}`, invalid: status === 400 ? body : null }).toEqual({
        route: `${spec.method} ${spec.path}`,
        invalid: null,
      });
      expect(documented).toContain(String(status));
      expect(status).toBeLessThan(500);
      // What the server sent has the shape the document promises for that status.
      const promised = spec.responses[status]?.schema;
      const shaped = promised ? promised.safeParse(body) : { success: true as const };
      expect({ route: `${spec.method} ${spec.path}`, status, shapeError: shaped.success ? null : shaped.error }).toEqual({
        route: `${spec.method} ${spec.path}`,
        status,
        shapeError: null,
      });
    }
  });
});
