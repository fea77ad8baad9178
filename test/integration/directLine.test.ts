import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import type { RunningApp } from '../../bot/app';
import { ApiKeyStore } from '../../services/auth/apiKeys';
import { startTestApp } from '../support/app';
import { uniqueDatabaseName } from '../support/database';

// Tuesday 24 November 2026, 09:15 in Madrid. Tests move this clock forward to expire tokens.
const START = new Date('2026-11-24T08:15:00Z').getTime();
let now = START;
let app: RunningApp;
const dl = (path: string) => `${app.url}/v3/directline${path}`;

beforeAll(async () => {
  app = await startTestApp(uniqueDatabaseName('directline'), { DIRECT_LINE_TOKEN_TTL_SECONDS: '600' }, () => new Date(now));
});
afterAll(() => app?.close());
beforeEach(() => {
  now = START;
});

async function call(method: string, url: string, token?: string, body?: unknown) {
  const response = await fetch(url, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, any> };
}

async function startConversation() {
  const generated = await call('POST', dl('/tokens/generate'), undefined, { locale: 'es-ES' });
  expect(generated.status).toBe(200);
  const started = await call('POST', dl('/conversations'), generated.body.token);
  expect(started.status).toBe(201);
  return {
    token: generated.body.token as string,
    conversationId: generated.body.conversationId as string,
    streamUrl: started.body.streamUrl as string,
  };
}

describe('the local Direct Line 3.0 subset', () => {
  it("greets a new conversation, takes a message as the token's user whatever `from` says, and answers through the store", async () => {
    const { token, conversationId, streamUrl } = await startConversation();
    expect(streamUrl).toMatch(new RegExp(`^ws://localhost:\\d+/v3/directline/conversations/${conversationId}/stream\\?t=`));
    const posted = await call('POST', dl(`/conversations/${conversationId}/activities`), token, {
      type: 'message',
      text: 'hola',
      from: { id: 'someone-else', name: 'Impostor' },
      locale: 'es-ES',
      channelData: { clientActivityID: 'client-1' },
    });
    expect(posted.status).toBe(200);
    expect(posted.body.id).toBe(`${conversationId}|0000002`);

    const all = await call('GET', dl(`/conversations/${conversationId}/activities`), token);
    const [greeting, mine, ...replies] = all.body.activities;
    expect(greeting).toMatchObject({ type: 'message', from: { role: 'bot' }, text: expect.stringMatching(/^¡Hola! Soy el asistente/) });
    expect(mine).toMatchObject({ id: posted.body.id, text: 'hola', channelData: { clientActivityID: 'client-1' }, from: { role: 'user' } });
    expect(mine.from.id).toMatch(/^dl_/);
    expect(mine.from.id).not.toBe('someone-else');
    expect(replies.map((r: { text: string }) => r.text).join('\n')).toMatch(/¿A qué número te llamamos\?/);
    expect(replies[0]).toMatchObject({ replyToId: posted.body.id });

    const later = await call('GET', dl(`/conversations/${conversationId}/activities?watermark=${all.body.watermark}`), token);
    expect(later.body).toEqual({ activities: [], watermark: all.body.watermark });
    // Starting again is a reconnect, not a second greeting.
    expect((await call('POST', dl('/conversations'), token)).status).toBe(200);
    const reconnect = await call('GET', dl(`/conversations/${conversationId}?watermark=2`), token);
    expect(reconnect.status).toBe(200);
    expect(reconnect.body.streamUrl).toMatch(/watermark=2/);
  });

  it('streams the backlog after the watermark and then each new activity on the WebSocket', async () => {
    const { token, conversationId, streamUrl } = await startConversation();
    const ws = new WebSocket(streamUrl);
    const received: Array<{ activities: Array<{ text?: string; channelData?: { clientActivityID?: string } }>; watermark: string }> = [];
    ws.on('message', (data: Buffer) => received.push(JSON.parse(data.toString('utf8'))));
    await new Promise((resolve) => ws.once('open', resolve));
    await call('POST', dl(`/conversations/${conversationId}/activities`), token, {
      type: 'message',
      text: 'hola',
      channelData: { clientActivityID: 'client-7' },
    });
    await waitUntil(() => received.flatMap((set) => set.activities).some((a) => /número/.test(a.text ?? '')));
    const activities = received.flatMap((set) => set.activities);
    expect(activities[0]!.text).toMatch(/^¡Hola!/);
    expect(activities.find((a) => a.channelData?.clientActivityID === 'client-7')).toMatchObject({ text: 'hola' });
    expect(Number(received.at(-1)!.watermark)).toBe(activities.length);
    ws.close();
  });

  it('refuses a forged token, a token for another conversation, and no token', async () => {
    const a = await startConversation();
    const b = await startConversation();
    const [header, payload, signature] = a.token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const forged = `${header}.${encode({ ...claims, conv: b.conversationId })}.${signature}`;
    const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ ...claims, conv: b.conversationId })}.`;

    expect((await call('GET', dl(`/conversations/${b.conversationId}/activities`), forged)).status).toBe(403);
    expect((await call('GET', dl(`/conversations/${b.conversationId}/activities`), unsigned)).status).toBe(403);
    expect((await call('GET', dl(`/conversations/${b.conversationId}/activities`), 'not.a-token')).body.error.code).toBe('InvalidToken');
    const wrong = await call('GET', dl(`/conversations/${b.conversationId}/activities`), a.token);
    expect(wrong).toEqual({
      status: 403,
      body: { error: { code: 'WrongConversation', message: 'this token is not valid for that conversation' } },
    });
    expect(
      (await call('POST', dl(`/conversations/${b.conversationId}/activities`), a.token, { type: 'message', text: 'hola' })).status,
    ).toBe(403);
    expect((await call('GET', dl(`/conversations/${b.conversationId}`), a.token)).status).toBe(403);
    expect((await call('GET', dl(`/conversations/${b.conversationId}/activities`))).status).toBe(401);
    expect(await upgradeStatus(b.streamUrl.replace(/t=[^&]+/, `t=${a.token}`))).toBe(403);
    expect(await upgradeStatus(b.streamUrl.replace(/t=[^&]+/, 't='))).toBe(401);
    // B's conversation saw none of it.
    const own = await call('GET', dl(`/conversations/${b.conversationId}/activities`), b.token);
    expect(own.body.activities).toHaveLength(1);
  });

  it('expires tokens, refreshes a live one for the same conversation and user, and refuses to refresh a dead one', async () => {
    const { token, conversationId } = await startConversation();
    now += 500_000;
    const refreshed = await call('POST', dl('/tokens/refresh'), token);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({ conversationId, expires_in: 600 });
    const user = (t: string) => JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString()).sub;
    expect(user(refreshed.body.token)).toBe(user(token));

    now += 200_000; // the first token is 700 s old, the refreshed one 200 s
    const expired = await call('GET', dl(`/conversations/${conversationId}/activities`), token);
    expect(expired).toMatchObject({ status: 403, body: { error: { code: 'TokenExpired' } } });
    expect((await call('POST', dl('/tokens/refresh'), token)).status).toBe(403);
    expect((await call('GET', dl(`/conversations/${conversationId}/activities`), refreshed.body.token)).status).toBe(200);
  });

  it("names the field of a bad activity, in Direct Line's error body like its other refusals, and stores nothing", async () => {
    const { token, conversationId } = await startConversation();
    const bad = await call('POST', dl(`/conversations/${conversationId}/activities`), token, { type: 'message', text: 'x'.repeat(4001) });
    expect(bad).toMatchObject({
      status: 400,
      body: { error: { code: 'ValidationFailed', message: expect.stringMatching(/^text: /) } },
    });
    expect((await call('POST', dl(`/conversations/${conversationId}/activities`), token, { type: 'handoff' })).body.error.message).toMatch(
      /^type: /,
    );
    expect((await call('GET', dl(`/conversations/${conversationId}/activities?watermark=abc`), token)).status).toBe(400);
    expect((await call('GET', dl(`/conversations/${conversationId}/activities`), token)).body.activities).toHaveLength(1);
  });

  it('refuses a token to a page of an origin it does not trust', async () => {
    const response = await fetch(dl('/tokens/generate'), { method: 'POST', headers: { origin: 'https://evil.example' } });
    expect(response.status).toBe(403);
  });

  it('writes proactively into a Web Chat conversation from a stored reference', async () => {
    const { token, conversationId } = await startConversation();
    await call('POST', dl(`/conversations/${conversationId}/activities`), token, { type: 'message', text: 'hola' });
    const userId = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub;
    const { key } = await new ApiKeyStore(app.database.apiKeys).create('agent', 'proactive test');
    const sent = await fetch(`${app.url}/api/agent/messages`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({ channelId: 'directline', accountId: userId, text: 'Te llamamos en cinco minutos.' }),
    });
    expect(sent.status).toBe(202);
    const all = await call('GET', dl(`/conversations/${conversationId}/activities`), token);
    expect(all.body.activities.at(-1)).toMatchObject({ text: 'Te llamamos en cinco minutos.', from: { role: 'bot' } });
    const unknown = await fetch(`${app.url}/api/agent/messages`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({ channelId: 'directline', accountId: 'dl_nobody', text: 'hola' }),
    });
    expect(unknown.status).toBe(404);
  });
});

describe('Web Chat against Azure Direct Line (DIRECT_LINE_SECRET set)', () => {
  let azure: Server;
  let azureApp: RunningApp;
  const seen: Array<{ url?: string; authorization?: string; body: any }> = [];

  beforeAll(async () => {
    azure = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        seen.push({ url: req.url, authorization: req.headers.authorization, body: JSON.parse(body || '{}') });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ conversationId: 'azure-conv-1', token: 'azure-token-1', expires_in: 1800 }));
      });
    });
    await new Promise<void>((resolve) => azure.listen(0, '127.0.0.1', resolve));
    azureApp = await startTestApp(uniqueDatabaseName('azuredl'), {
      DIRECT_LINE_SECRET: 'the-direct-line-secret-value',
      DIRECT_LINE_ENDPOINT: `http://127.0.0.1:${(azure.address() as AddressInfo).port}`,
      WEBCHAT_TRUSTED_ORIGINS: 'https://www.example.com',
    });
  });
  afterAll(async () => {
    await azureApp?.close();
    azure?.close();
  });

  it('exchanges the secret for a token server-side; the secret never reaches the browser', async () => {
    const page = await (await fetch(`${azureApp.url}/`)).text();
    expect(page).not.toContain('the-direct-line-secret-value');
    expect(page).toContain('"tokenUrl":"/api/webchat/token"');

    const response = await fetch(`${azureApp.url}/api/webchat/token`, { method: 'POST', headers: { origin: 'https://www.example.com' } });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(JSON.parse(text)).toEqual({ conversationId: 'azure-conv-1', token: 'azure-token-1', expires_in: 1800 });
    expect(text).not.toContain('secret');
    expect(seen.at(-1)).toMatchObject({
      url: '/v3/directline/tokens/generate',
      authorization: 'Bearer the-direct-line-secret-value',
      body: { user: { id: expect.stringMatching(/^dl_/) }, trustedOrigins: ['https://www.example.com'] },
    });

    expect((await fetch(`${azureApp.url}/api/webchat/token`, { method: 'POST', headers: { origin: 'https://evil.example' } })).status).toBe(
      403,
    );
    // No local Direct Line when Azure serves it.
    expect((await fetch(`${azureApp.url}/v3/directline/tokens/generate`, { method: 'POST' })).status).toBe(404);
  });
});

function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('error', () => undefined);
  });
}

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
