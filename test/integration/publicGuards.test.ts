import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import type { RunningApp } from '../../bot/app';
import { messageActivity, postActivity, startTestApp } from '../support/app';
import { uniqueDatabaseName } from '../support/database';

/** Every document in every collection of the app's database: what a rejected request must not change. */
async function documentCount(app: RunningApp): Promise<number> {
  const collections = await app.database.db.listCollections({}, { nameOnly: true }).toArray();
  const counts = await Promise.all(
    collections.filter((c) => c.name !== 'rate_limits').map((c) => app.database.db.collection(c.name).countDocuments()),
  );
  return counts.reduce((a, b) => a + b, 0);
}

describe('what every request passes before its route', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startTestApp(uniqueDatabaseName('guards'));
  });
  afterAll(async () => {
    await app.database.db.dropDatabase();
    await app.close();
  });

  it('sends security headers on every response', async () => {
    const response = await fetch(`${app.url}/healthz`);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/);
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it.each([
    ['from.id', { from: { id: { $ne: null } } }],
    ['conversation.id', { conversation: { id: { $gt: '' } } }],
    ['channelData.tenant.$where', { channelData: { tenant: { $where: 'sleep(1000)' } } }],
    ['value.0.$regex', { value: [{ $regex: '.*' }] }],
  ])('refuses an operator in %s, and writes nothing', async (field, extra) => {
    const before = await documentCount(app);
    const { status, body } = await postActivity(app.url, { ...messageActivity({ text: 'hola', userId: 'inj' }), ...extra });
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain(field.split('.')[0]!);
    expect(await documentCount(app)).toBe(before);
  });

  it('answers random bodies on /api/messages with no 5xx, and a refused one writes nothing', async () => {
    const base = messageActivity({ text: 'hola', userId: 'fuzz' });
    const body = fc.oneof(
      fc.jsonValue(),
      // An activity with one field replaced by anything: the shapes a client gets nearly right.
      fc
        .record({ key: fc.constantFrom(...Object.keys(base), 'channelData', 'value', 'attachments'), value: fc.jsonValue() })
        .map(({ key, value }) => ({ ...base, id: `fz-${Math.random()}`, [key]: value })),
    );
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        const before = await documentCount(app);
        const response = await fetch(`${app.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(payload),
        });
        await response.text();
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) expect(await documentCount(app)).toBe(before);
      }),
      { numRuns: 60 },
    );
  });
});

describe('rate limits on the public endpoints, shared by replicas', () => {
  const dbName = uniqueDatabaseName('ratelimit');
  const apps: RunningApp[] = [];
  afterAll(async () => {
    await apps[0]?.database.db.dropDatabase();
    for (const a of apps) await a.close();
  });

  it('refuses a person past the limit with 429 and Retry-After, and lets others through', async () => {
    const app = await startTestApp(dbName, { RATE_LIMIT_PER_PERSON_PER_MINUTE: '3' });
    apps.push(app);
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await postActivity(app.url, messageActivity({ text: 'hola', userId: 'chatty', conversationId: 'rl-1' }))).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(messageActivity({ text: 'hola', userId: 'chatty', conversationId: 'rl-1' })),
    });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await postActivity(app.url, messageActivity({ text: 'hola', userId: 'quiet', conversationId: 'rl-2' }))).status).toBe(200);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it('limits per client IP, read behind a trusted proxy from X-Forwarded-For', async () => {
    const app = await startTestApp(dbName, { RATE_LIMIT_PER_IP_PER_MINUTE: '3', TRUSTED_PROXY_HOPS: '1' });
    apps.push(app);
    const from = async (client: string, i: number) =>
      (
        await postActivity(app.url, messageActivity({ text: 'hola', userId: `${client}-${i}`, conversationId: `${client}-${i}` }), {
          'x-forwarded-for': client, // what the one trusted proxy in front of us saw
        })
      ).status;
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await from('203.0.113.7', i));
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(await from('198.51.100.9', 0)).toBe(200);
  });

  it('counts a person’s requests to every replica against one limit', async () => {
    // The limit counts per minute of the app's clock: both replicas pinned inside one minute, so every request
    // falls in one window however long the test takes.
    const env = { RATE_LIMIT_PER_PERSON_PER_MINUTE: '20' };
    const inOneMinute = () => new Date('2026-11-24T08:15:20Z');
    const [a, b] = [await startTestApp(dbName, env, inOneMinute), await startTestApp(dbName, env, inOneMinute)];
    apps.push(a, b);
    const send = async (app: RunningApp) =>
      (await postActivity(app.url, messageActivity({ text: 'hola', userId: 'everywhere', conversationId: 'rl-3' }))).status;
    let allowed = 0;
    for (let i = 0; i < 12; i++) if ((await send(a)) === 200) allowed++;
    await sleep(3_000); // a shares its count (once a second; slower on a busy machine)
    for (let i = 0; i < 2; i++) if ((await send(b)) === 200) allowed++;
    await sleep(3_000); // b shares, and reads the total back
    let allowedByB = 2;
    for (let i = 0; i < 20; i++) {
      if ((await send(b)) === 200) {
        allowed++;
        allowedByB++;
      }
    }
    // b alone would have allowed 20: it refused because a's requests count too. Replicas agree within a
    // sync (about a second), so a request b counted before its sync landed may slip through.
    expect(allowedByB).toBeLessThanOrEqual(9);
    expect(allowed).toBeGreaterThanOrEqual(20);
    expect(allowed).toBeLessThanOrEqual(21);
  }, 60_000);
});
