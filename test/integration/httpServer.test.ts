import type { RunningApp } from '../../bot/app';
import { messageActivity, postActivity, startTestApp } from '../support/app';
import { uniqueDatabaseName } from '../support/database';

describe('HTTP server on the real database', () => {
  let app: RunningApp;
  const dbName = uniqueDatabaseName('http');

  beforeAll(async () => {
    app = await startTestApp(dbName);
  });
  afterAll(async () => {
    await app.database.db.dropDatabase();
    await app.close();
  });

  it.each([
    ['es-ES', 'buenas', /Soy el asistente de llamadas/],
    ['en-US', 'good day', /I'm the callback assistant/],
  ])('answers a %s message with the greeting in that language, in the expectReplies body', async (locale, text, expected) => {
    const { status, replies } = await postActivity(
      app.url,
      messageActivity({ text, locale, userId: `u-${locale}`, conversationId: `c-${locale}` }),
    );
    expect(status).toBe(200);
    expect(replies).toHaveLength(2); // the greeting, then the first question
    expect(replies[0]?.text).toMatch(expected);
  });

  it('follows the language the person writes in over the client locale', async () => {
    const { replies } = await postActivity(
      app.url,
      messageActivity({ text: 'hola, ¿me ayudas?', locale: 'en-US', userId: 'u-switch', conversationId: 'c-switch' }),
    );
    expect(replies[0]?.text).toMatch(/Soy el asistente/);
  });

  it('answers help in the person language', async () => {
    const { replies } = await postActivity(
      app.url,
      messageActivity({ text: 'ayuda', locale: 'es-ES', userId: 'u-help', conversationId: 'c-help' }),
    );
    expect(replies.map((r) => r.text)).toEqual([
      expect.stringMatching(/^¡Hola!/),
      expect.stringMatching(/^Puedo: acordar cuándo te llamamos/),
    ]);
  });

  it('greets once when a conversation opens, whatever the number of join events', async () => {
    const join = (members: { id: string }[]) =>
      messageActivity({
        type: 'conversationUpdate',
        locale: 'en-US',
        userId: 'u-join',
        conversationId: 'c-join',
        extra: { membersAdded: members },
      });
    const first = await postActivity(app.url, join([{ id: 'bot' }]));
    const second = await postActivity(app.url, join([{ id: 'u-join' }]));
    const third = await postActivity(app.url, join([{ id: 'u-join' }]));
    expect(first.replies).toHaveLength(0);
    expect(second.replies.map((r) => r.text)).toEqual([expect.stringMatching(/callback assistant/)]);
    expect(third.replies).toHaveLength(0);
  });

  it('rejects an activity without a conversation id with a 400 naming the field', async () => {
    const activity = messageActivity({ text: 'hi' });
    activity.conversation = {};
    const { status, body } = await postActivity(app.url, activity);
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'ValidationFailed', field: 'conversation.id' });
  });

  it('rejects malformed JSON with a 400, not a 500', async () => {
    const response = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'InvalidContent' });
  });

  it('refuses a body over the size limit with 413', async () => {
    const activity = messageActivity({ text: 'x'.repeat(10), extra: { channelData: { padding: 'y'.repeat(1_100_000) } } });
    const { status } = await postActivity(app.url, activity);
    expect(status).toBe(413);
  });

  it('reports liveness, readiness and Prometheus metrics', async () => {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
    const metrics = await fetch(`${app.url}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/text\/plain/);
    const body = await metrics.text();
    expect(body).toMatch(/bot_turn_duration_seconds_count\{channel="emulator",activity_type="message",outcome="ok"\} [1-9]/);
    expect(body).toMatch(/http_request_duration_seconds_count\{method="POST",route="\/api\/messages",status="200"\} [1-9]/);
  });
});

describe('authentication', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startTestApp(uniqueDatabaseName('auth'), {
      MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
      MicrosoftAppPassword: 'not-a-real-secret',
    });
  });
  afterAll(async () => {
    await app.close();
  });

  it('refuses an unauthenticated activity with 401 when an app id is configured', async () => {
    const { status, replies } = await postActivity(app.url, messageActivity({ text: 'hola', locale: 'es-ES' }));
    expect(status).toBe(401);
    expect(replies).toHaveLength(0);
  });

  it('refuses a forged bearer token with 401', async () => {
    const forged = ['eyJhbGciOiJIUzI1NiJ9', 'eyJhdWQiOiJ4In0', 'c2lnbmF0dXJl'].join('.');
    const { status } = await postActivity(app.url, messageActivity({ text: 'hola' }), { authorization: `Bearer ${forged}` });
    expect(status).toBe(401);
  });
});
