import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RunningApp } from '../../bot/app';
import { uniqueDatabaseName } from '../support/database';
import { startTestApp } from '../support/app';
import { GraphApiServer, startGraphApiServer } from '../support/graphApiServer';
import {
  capturingLogger,
  deliveryOf,
  postWebhook,
  readReply,
  sign,
  text,
  WA,
  waitUntilAnswered,
  wamid,
  whatsAppEnv,
} from '../support/whatsapp';

const fixtures = JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures/whatsapp-cloud-api.json'), 'utf8')) as Record<
  string,
  { payload: Record<string, any> }
>;
const NOW = new Date('2026-11-24T08:15:00Z');

describe('the WhatsApp webhook', () => {
  let graph: GraphApiServer;
  let app: RunningApp;
  const lines: string[] = [];

  beforeAll(async () => {
    graph = await startGraphApiServer({ version: WA.version, phoneNumberId: WA.phoneNumberId, token: WA.token });
    // The product's logger, as configured: what a refusal leaves behind is what these lines hold.
    app = await startTestApp(uniqueDatabaseName('wa_hook'), whatsAppEnv(graph), () => NOW, capturingLogger(lines));
  });
  afterAll(async () => {
    await app.database.db.dropDatabase();
    await app.close();
    await graph.close();
  });
  afterEach(() => expect(graph.violations()).toEqual([]));

  const inbox = () => app.database.db.collection('whatsapp_inbox');

  describe('the verification handshake', () => {
    const handshake = (query: string) => fetch(`${app.url}/api/whatsapp?${query}`);

    it('echoes hub.challenge as plain text for the right verify token', async () => {
      const response = await handshake(`hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${WA.verifyToken}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await response.text()).toBe('1158201444');
    });

    it.each([
      ['a wrong token', 'hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=vibecoding'],
      ['no token', 'hub.mode=subscribe&hub.challenge=1158201444'],
      ['another mode', `hub.mode=unsubscribe&hub.challenge=1158201444&hub.verify_token=${WA.verifyToken}`],
    ])('refuses %s with 403', async (_name, query) => {
      const response = await handshake(query);
      expect(response.status).toBe(403);
      expect(await response.text()).not.toContain('1158201444');
    });
  });

  describe('signatures', () => {
    const payload = () => deliveryOf([{ from: '34612550400', at: NOW, message: text('hola') }]);

    it.each([
      ['missing', null],
      ['wrong', 'sha256=' + '0'.repeat(64)],
      ['made with another secret', 'other'],
      ['not hex', 'sha256=zz'],
      ['of a re-serialised body', 'reserialised'],
    ])('refuses a %s signature with 401, stores nothing and logs only the refusal', async (_name, kind) => {
      const body = payload();
      const raw = JSON.stringify(body, null, 2);
      const signature = kind === 'other' ? sign(raw, 'another-secret') : kind === 'reserialised' ? sign(JSON.stringify(body)) : kind;
      lines.length = 0;
      const before = await inbox().countDocuments();
      const response = await postWebhook(app, raw, signature);
      expect(response.status).toBe(401);
      expect(JSON.parse(response.body)).toMatchObject({ code: 'InvalidSignature' });
      expect(await inbox().countDocuments()).toBe(before);
      const logged = lines.join('');
      expect(logged).toMatch(/webhook refused/);
      expect(logged).not.toMatch(/34612550400|hola/);
    });

    it('accepts the signature of the raw bytes as sent, whitespace and all', async () => {
      const id = wamid();
      const raw = JSON.stringify(deliveryOf([{ from: '34612550401', id, at: NOW, message: text('hola') }]), null, 3);
      expect((await postWebhook(app, raw, sign(raw))).status).toBe(200);
      await waitUntilAnswered(app, [id]);
    });
  });

  it('processes a message Meta delivers five times once', async () => {
    const id = wamid();
    const delivery = deliveryOf([{ from: '34612550402', id, at: NOW, message: text('hola') }]);
    const before = graph.requests.length;
    const answers = await Promise.all(Array.from({ length: 5 }, () => postWebhook(app, delivery)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    await waitUntilAnswered(app, [id]);
    await app.whatsapp!.idle();
    // And twice more, after it was answered.
    for (let i = 0; i < 2; i += 1) expect((await postWebhook(app, delivery)).status).toBe(200);
    await app.whatsapp!.idle();
    const replies = graph.requests.slice(before).filter((r) => r.body.to === '34612550402');
    // One turn: the greeting and the consent question, once.
    expect(replies.map((r) => readReply(r).text)).toEqual([expect.stringMatching(/^¡Hola!/), expect.stringMatching(/permiso/)]);
    expect(await inbox().countDocuments({ _id: id as never })).toBe(1);
  });

  it('reads several entries, changes and messages of one delivery, in order', async () => {
    const [a1, a2, b1] = [wamid(), wamid(), wamid()];
    const first = deliveryOf([
      { from: '34612550403', id: a1, at: NOW, message: text('hola') },
      { from: '34612550403', id: a2, at: NOW, message: text('sí') },
    ]);
    const second = deliveryOf([{ from: '34612550404', id: b1, at: NOW, message: text('hello') }]);
    const payload = { ...first, entry: [...(first.entry as object[]), ...(second.entry as object[])] };
    const before = graph.requests.length;
    expect((await postWebhook(app, payload)).status).toBe(200);
    await waitUntilAnswered(app, [a1, a2, b1]);
    const toA = graph.requests
      .slice(before)
      .filter((r) => r.body.to === '34612550403')
      .map((r) => readReply(r).text);
    // "hola" first (greeting, consent), then "sí" (the zone question): one after the other.
    expect(toA).toEqual([expect.stringMatching(/^¡Hola!/), expect.stringMatching(/permiso/), expect.stringMatching(/zona horaria/)]);
    expect(graph.requests.slice(before).some((r) => r.body.to === '34612550404' && /^Hi!/.test(readReply(r).text))).toBe(true);
  });

  it("reads Meta's own examples: text, button and list replies, a template's quick reply, statuses", async () => {
    for (const name of [
      'inbound_text',
      'inbound_text_current_docs',
      'inbound_interactive_button_reply',
      'inbound_interactive_list_reply',
      'inbound_template_quick_reply_button',
    ]) {
      const payload = structuredClone(fixtures[name]!.payload);
      // Our business number, and a fresh message id (the fixtures share some).
      const value = payload.entry[0].changes[0].value;
      value.metadata.phone_number_id = WA.phoneNumberId;
      const id = wamid();
      value.messages[0].id = id;
      expect({ name, status: (await postWebhook(app, payload)).status }).toEqual({ name, status: 200 });
      await waitUntilAnswered(app, [id]);
    }
    for (const name of ['status_sent', 'status_sent_realistic', 'status_delivered', 'status_read', 'status_failed']) {
      expect({ name, status: (await postWebhook(app, fixtures[name]!.payload)).status }).toEqual({ name, status: 200 });
    }
    const statuses = await app.database.db.collection('whatsapp_statuses').find({}).toArray();
    expect(statuses.map((s) => s._id).sort()).toEqual(
      [
        'wamid.HBgMMjU0NzUxNTc4Njg3FQIAERgSNURGQjM3QTg1NEUxQUVFMEU0AA==:read',
        'wamid.HBgMMjU0NzUxNTc4Njg3FQIAERgSNURGQjM3QTg1NEUxQUVFMEU0AA==:sent',
        'wamid.ID:delivered',
        'wamid.ID:failed',
        'wamid.ID:sent',
      ].sort(),
    );
    expect(statuses.find((s) => String(s._id) === 'wamid.ID:failed')?.errorCodes).toEqual([131014]);
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(/whatsapp_status_updates_total\{status="read"\} 1/);
  });

  it('answers a list row tapped by its id with the full choice, even where the row showed it shortened', async () => {
    const id = wamid();
    const before = graph.requests.length;
    const row = {
      type: 'interactive',
      interactive: { type: 'list_reply', list_reply: { id: 'c:hello there, I would like a call', title: 'hello there, I would…' } },
    };
    expect((await postWebhook(app, deliveryOf([{ from: '16505550111', id, at: NOW, message: row }]))).status).toBe(200);
    await waitUntilAnswered(app, [id]);
    // The full text reached the dialogs: English, from "hello there, I would like a call".
    expect(readReply(graph.requests[before]!).text).toMatch(/^Hi!/);
  });

  it.each([
    ['not JSON', '{"object":', '(body)'],
    ['another object', JSON.stringify({ object: 'page', entry: [] }), 'object'],
    [
      'a sender that is not a number',
      JSON.stringify(deliveryOf([{ from: 'x', at: NOW, message: text('hola') }])),
      'entry.0.changes.0.value.contacts.0.wa_id',
    ],
  ])('refuses %s with a 400 naming the field, storing nothing', async (_name, raw, field) => {
    const before = await inbox().countDocuments();
    const response = await postWebhook(app, raw, sign(raw));
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).field).toContain(field);
    expect(await inbox().countDocuments()).toBe(before);
  });

  it('keeps the inbox free of what people wrote once answered', async () => {
    const id = wamid();
    await postWebhook(app, deliveryOf([{ from: '34612550405', id, at: NOW, message: text('hola, soy Ana') }]));
    await waitUntilAnswered(app, [id]);
    const stored = await inbox().findOne({ _id: id as never });
    expect(stored).toMatchObject({ status: 'done' });
    expect(stored).not.toHaveProperty('text');
    expect(stored).not.toHaveProperty('waId');
  });
});

describe('without WhatsApp configuration', () => {
  it('has no /api/whatsapp route', async () => {
    const app = await startTestApp(uniqueDatabaseName('wa_none'));
    try {
      expect((await fetch(`${app.url}/api/whatsapp?hub.mode=subscribe`)).status).toBe(404);
      expect((await fetch(`${app.url}/api/whatsapp`, { method: 'POST', body: '{}' })).status).toBe(404);
      expect(app.whatsapp).toBeUndefined();
    } finally {
      await app.database.db.dropDatabase();
      await app.close();
    }
  });
});
