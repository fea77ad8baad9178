import type { RunningApp } from '../../bot/app';
import { uniqueDatabaseName } from '../support/database';
import { startTestApp } from '../support/app';
import { GraphApiServer, startGraphApiServer } from '../support/graphApiServer';
import { all, capturingLogger, deliveryOf, postWebhook, readReply, WA, whatsAppEnv, whatsAppPerson } from '../support/whatsapp';

const MONDAY = new Date('2026-11-23T10:00:00Z');
const HOUR = 60 * 60 * 1000;

describe('sending on WhatsApp: retries, the outbox, the 24-hour window, suppression', () => {
  let graph: GraphApiServer;
  let app: RunningApp;
  let now = MONDAY;
  const clock = () => now;
  const lines: string[] = [];

  beforeAll(async () => {
    graph = await startGraphApiServer({ version: WA.version, phoneNumberId: WA.phoneNumberId, token: WA.token });
    app = await startTestApp(
      uniqueDatabaseName('wa_out'),
      whatsAppEnv(graph, { WHATSAPP_TEMPLATE_REMINDER: 'callback_reminder', WHATSAPP_OUTBOX_RETRY_BASE_MS: '50' }),
      clock,
      capturingLogger(lines),
    );
  });
  afterAll(async () => {
    await app.database.db.dropDatabase();
    await app.close();
    await graph.close();
  });
  beforeEach(() => {
    now = MONDAY;
  });
  afterEach(() => expect(graph.violations()).toEqual([]));

  const outbox = () => app.database.db.collection('whatsapp_outbox');
  const to = (waId: string) => graph.requests.filter((r) => r.body.to === waId);
  const proactive = (waId: string, text: string, whatsappTemplate?: string) =>
    app.whatsapp!.adapter.continueConversation(app.whatsapp!.adapter.referenceFor(WA.phoneNumberId, waId), async (context) => {
      await context.sendActivity({ type: 'message', text, ...(whatsappTemplate ? { channelData: { whatsappTemplate } } : {}) });
    });
  /** The sum of every series matching the pattern (its first group is the value). */
  const metric = async (pattern: RegExp) => {
    const text = await (await fetch(`${app.url}/metrics`)).text();
    return [...text.matchAll(new RegExp(pattern, 'g'))].reduce((sum, match) => sum + Number(match[1]), 0);
  };

  it('retries a 429 and a 503 with backoff, and the person gets each message once', async () => {
    graph.failNext(1, { status: 429, body: { error: { message: 'Too many', code: 130429 } } });
    graph.failNext(1, { status: 503, body: { error: { message: 'Unavailable', code: 1 } } });
    const person = whatsAppPerson(app, graph, '34612550500', clock);
    const replies = await person.say('hola');
    expect(all(replies)).toMatch(/^¡Hola!/);
    // Three tries for the greeting (429, 503, 200), then the question.
    expect(to('34612550500').map((r) => readReply(r).text)).toEqual([
      expect.stringMatching(/^¡Hola!/),
      expect.stringMatching(/^¡Hola!/),
      expect.stringMatching(/^¡Hola!/),
      expect.stringMatching(/permiso/),
    ]);
    expect(await metric(/whatsapp_outbound_messages_total\{type="any",outcome="retried"\} (\d+)/)).toBeGreaterThanOrEqual(2);
  });

  it('does not retry a 400, and keeps the message in the outbox as failed', async () => {
    graph.failFor('34612550501', { status: 400, body: { error: { message: 'Invalid parameter', code: 100, fbtrace_id: 'AbC' } } });
    lines.length = 0;
    await whatsAppPerson(app, graph, '34612550501', clock).say('hola');
    // Both messages of the turn tried once each, none twice.
    expect(to('34612550501')).toHaveLength(2);
    const kept = await outbox().find({ to: '34612550501' }).toArray();
    expect(kept.map((k) => [k.status, k.attempts, k.lastError])).toEqual([
      ['failed', 1, { status: 400, metaCode: 100 }],
      ['failed', 1, { status: 400, metaCode: 100 }],
    ]);
    expect(lines.join('')).toMatch(/send refused by Meta/);
    expect(lines.join('')).not.toContain('34612550501');
    expect(await metric(/whatsapp_outbound_messages_total\{type="text",outcome="failed"\} (\d+)/)).toBeGreaterThanOrEqual(1);
  });

  it('keeps what fails after the retries in the outbox, sends it later, and in order', async () => {
    graph.failNext(4, { status: 500, body: { error: { message: 'Internal', code: 2 } } });
    lines.length = 0;
    await whatsAppPerson(app, graph, '34612550502', clock).say('hola');
    // The greeting failed four times; the question went behind it, and both went out from the outbox.
    for (let i = 0; i < 100 && (await outbox().countDocuments({ to: '34612550502', status: 'pending' })) > 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const sent = to('34612550502').slice(4);
    expect(sent.map((r) => readReply(r).text)).toEqual([expect.stringMatching(/^¡Hola!/), expect.stringMatching(/permiso/)]);
    expect((await outbox().find({ to: '34612550502' }).toArray()).map((k) => k.status)).toEqual(['sent', 'sent']);
    expect(lines.join('')).toMatch(/kept in the outbox for retry/);
    expect(lines.join('')).not.toContain('34612550502');
  });

  it('writes inside the window freely, and with the approved template after 24 hours', async () => {
    const waId = '34612550503';
    await whatsAppPerson(app, graph, waId, clock).say('hola');
    now = new Date(MONDAY.getTime() + 23 * HOUR);
    await proactive(waId, 'Te llamamos mañana a las 10:00.\nSi no te va bien, dínoslo.', 'reminder');
    expect(to(waId).at(-1)?.body).toMatchObject({ type: 'text' });

    now = new Date(MONDAY.getTime() + 25 * HOUR);
    await proactive(waId, 'Te llamamos mañana a las 10:00.\nSi no te va bien, dínoslo.', 'reminder');
    expect(to(waId).at(-1)?.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: waId,
      type: 'template',
      template: {
        name: 'callback_reminder',
        language: { code: 'es' },
        components: [
          { type: 'body', parameters: [{ type: 'text', text: 'Te llamamos mañana a las 10:00. · Si no te va bien, dínoslo.' }] },
        ],
      },
    });
  });

  it('holds a message outside the window when no template is configured for it, instead of sending it', async () => {
    const waId = '34612550504';
    await whatsAppPerson(app, graph, waId, clock).say('hola');
    now = new Date(MONDAY.getTime() + 48 * HOUR);
    const before = to(waId).length;
    await proactive(waId, 'Sentimos no haberte llamado.', 'apology');
    expect(to(waId)).toHaveLength(before);
    expect(await outbox().findOne({ to: waId, status: 'held' })).toMatchObject({ purpose: 'apology' });
  });

  it('stops writing to someone Meta says opted out (131050), from a send or from a status', async () => {
    const waId = '34612550505';
    await whatsAppPerson(app, graph, waId, clock).say('hola');
    graph.failNext(1, { status: 400, body: { error: { message: 'User has stopped marketing messages', code: 131050 } } });
    now = new Date(MONDAY.getTime() + 30 * HOUR);
    await proactive(waId, 'Recordatorio', 'reminder');
    const after = to(waId).length;
    await proactive(waId, 'Otro recordatorio', 'reminder');
    expect(to(waId)).toHaveLength(after);

    const other = '34612550506';
    now = MONDAY;
    await whatsAppPerson(app, graph, other, clock).say('hola');
    const failed = {
      id: 'wamid.blocked',
      status: 'failed',
      timestamp: '1795000000',
      recipient_id: other,
      errors: [{ code: 131026, title: 'Message undeliverable' }],
    };
    expect((await postWebhook(app, deliveryOf([], [failed]))).status).toBe(200);
    now = new Date(MONDAY.getTime() + 30 * HOUR);
    const before = to(other).length;
    await proactive(other, 'Recordatorio', 'reminder');
    expect(to(other)).toHaveLength(before);
    expect(await metric(/whatsapp_outbound_messages_total\{type="[a-z]+",outcome="suppressed"\} (\d+)/)).toBeGreaterThanOrEqual(2);

    // They write again: we answer them.
    const back = await whatsAppPerson(app, graph, other, clock).say('hola');
    expect(back.length).toBeGreaterThan(0);
  });
});
