import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Ajv from 'ajv';
import type { RunningApp } from '../../bot/app';
import { postActivity, startTestApp } from '../support/app';
import { uniqueDatabaseName } from '../support/database';
import { AgentStore } from '../../services/handoff/agents';
import { bookThroughTheBot } from '../support/handoff';
import { waitFor } from '../support/waitFor';

const NOW = new Date('2026-11-24T08:15:00Z');
const AGENTS = '19:agents-callbacks@thread.tacv2';

interface Captured {
  method: string;
  path: string;
  body: { type?: string; text?: string; attachments?: Array<{ contentType: string; content: Record<string, unknown> }> };
}

/** Microsoft's Adaptive Card schema (draft-06), vendored from npm; see test/fixtures/adaptive-cards/README.md. */
function cardValidator() {
  const schema = JSON.parse(
    readFileSync(path.resolve(__dirname, '../fixtures/adaptive-cards/adaptive-card.schema.json'), 'utf8'),
  ) as Record<string, unknown>;
  const { $schema: _draft, id: _id, ...body } = schema;
  const ajv = new Ajv({ strict: false, allErrors: true });
  return ajv.compile(body);
}

/** The Bot Connector side of Teams: keeps what the bot sends (new activities, updates) and answers with ids. */
async function startConnector() {
  const captured: Captured[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      captured.push({ method: req.method ?? '', path: req.url ?? '', body: raw ? (JSON.parse(raw) as Captured['body']) : {} });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `activity-${captured.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    captured,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('Teams: a proactive handoff card per booked callback, with buttons that work from the card', () => {
  let app: RunningApp;
  let connector: Awaited<ReturnType<typeof startConnector>>;
  const validate = cardValidator();

  beforeAll(async () => {
    connector = await startConnector();
    app = await startTestApp(uniqueDatabaseName('teamscard'), { TEAMS_AGENTS_CONVERSATION_ID: AGENTS }, () => NOW);
  });
  afterAll(async () => {
    await app.database.db.dropDatabase();
    await app.close();
    await connector.close();
  });

  const agentsActivity = (extra: Record<string, unknown>) => ({
    type: 'message',
    id: `m-${Math.random().toString(36).slice(2)}`,
    channelId: 'msteams',
    serviceUrl: connector.url,
    from: { id: '29:megan', name: 'Megan Bowen', aadObjectId: '7faf8ab2-3d56-4244-b585-20c8a42ed2b8' },
    recipient: { id: '28:bot', name: 'Callbacks' },
    conversation: { id: AGENTS, conversationType: 'channel', isGroup: true },
    channelData: { tenant: { id: 't1' }, channel: { id: AGENTS }, team: { id: '19:team@thread.tacv2' } },
    locale: 'es-ES',
    ...extra,
  });

  it('sends the card to the agents’ conversation, valid against Microsoft’s schema, and claims and closes from it', async () => {
    // The bot learns where the agents are from the first thing posted there.
    const hello = await postActivity(app.url, agentsActivity({ text: '<at>Callbacks</at> hola' }));
    expect(hello.status).toBeLessThan(300);
    await waitFor('the greeting in the agents’ channel', () => connector.captured.find((c) => c.body.text?.includes('Aquí recibiréis')));

    await bookThroughTheBot(app, { userId: 'ana', phone: '612 34 56 78' }, ['quiero fibra y dos móviles']);
    const sent = await waitFor('the handoff card', () =>
      connector.captured.find(
        (c) => c.method === 'POST' && c.body.attachments?.[0]?.contentType === 'application/vnd.microsoft.card.adaptive',
      ),
    );
    expect(sent.path).toBe(`/v3/conversations/${encodeURIComponent(AGENTS)}/activities`);
    const card = sent.body.attachments![0]!.content;
    expect(validate(card) ? [] : validate.errors).toEqual([]);
    const text = JSON.stringify(card);
    expect(text).toMatch(/Llamada: mié 25 nov, 16:00/);
    expect(text).toMatch(/fibra \/ fibre/);
    expect(text).toMatch(/\+34612345678/);
    const actions = card.actions as Array<{ type: string; title: string; data?: { handoff: string; callbackId: string } }>;
    expect(actions.map((a) => [a.type, a.title])).toEqual([
      ['Action.Submit', 'Reclamar'],
      ['Action.ShowCard', 'Otra hora'],
      ['Action.ShowCard', 'Registrar resultado'],
    ]);
    expect(card.version).toBe('1.4');
    // No caller number in the default rule set: the agent is told so.
    expect(text).toMatch(/"title":"Llamar desde","value":"ninguno configurado"/);
    const callbackId = actions[0]!.data!.callbackId;

    // A card the schema refuses is refused: the check can fail.
    expect(validate({ ...card, body: [{ type: 'TextBlock', text: 'x', color: 'purple' }] })).toBe(false);
    expect(validate({ ...card, actions: [{ type: 'Action.Submit', title: 7 }] })).toBe(false);

    // Action.Submit arrives as a message whose value is the button's data (merged with the card's inputs).
    const before = connector.captured.length;
    await postActivity(app.url, agentsActivity({ replyToId: 'activity-2', value: { handoff: 'claim', callbackId } }));
    const update = await waitFor('the card update', () => connector.captured.slice(before).find((c) => c.method === 'PUT'));
    expect(update.path).toBe(`/v3/conversations/${encodeURIComponent(AGENTS)}/activities/activity-2`);
    const claimed = update.body.attachments![0]!.content;
    expect(validate(claimed)).toBe(true);
    expect(JSON.stringify(claimed)).toMatch(/"title":"Reclamada por","value":"Megan Bowen"/);
    expect((claimed.actions as Array<{ title: string }>).map((a) => a.title)).toEqual(['Liberar', 'Otra hora', 'Registrar resultado']);
    await waitFor('the reply', () => connector.captured.slice(before).find((c) => c.body.text === 'Megan Bowen se queda con la llamada.'));
    const claim = await app.database.collection('callbackClaims').findOne({ _id: callbackId });
    expect(claim).toMatchObject({ agentName: 'Megan Bowen' });

    const beforeOutcome = connector.captured.length;
    await postActivity(
      app.url,
      agentsActivity({
        replyToId: 'activity-2',
        value: { handoff: 'outcome', callbackId, outcome: 'converted', note: 'contrata fibra 600' },
      }),
    );
    const closed = await waitFor('the closed card', () => connector.captured.slice(beforeOutcome).find((c) => c.method === 'PUT'));
    expect(validate(closed.body.attachments![0]!.content)).toBe(true);
    expect(JSON.stringify(closed.body.attachments![0]!.content)).toMatch(/convertido \(«contrata fibra 600»\)/);
    expect(await app.database.collection('callbacks').findOne({ _id: callbackId })).toMatchObject({ status: 'converted' });
    expect(await app.database.collection('people').findOne({ phoneE164: '+34612345678' })).toMatchObject({ existingCustomer: true });

    // What agents say among themselves is nobody's transcript.
    expect(await app.database.collection('transcripts').countDocuments({ conversationId: AGENTS })).toBe(0);
  });

  it('moves a callback from the card’s slot picker, hands it to another agent and releases it, updating the card', async () => {
    const lucia = await new AgentStore(app.database.collection('agents')).create({
      name: 'Lucía',
      timeZone: 'Europe/Madrid',
      languages: ['es'],
      team: 'ventas',
    });
    const before = connector.captured.length;
    await bookThroughTheBot(app, { userId: 'bea', phone: '612 34 56 79' });
    const sent = await waitFor('the second handoff card', () =>
      connector.captured.slice(before).find((c) => c.method === 'POST' && c.body.attachments?.[0]?.contentType),
    );
    const card = sent.body.attachments![0]!.content;
    expect(validate(card) ? [] : validate.errors).toEqual([]);
    type ShowCard = {
      type: string;
      title: string;
      data?: { callbackId: string };
      card?: {
        body: Array<{ type: string; id?: string; choices?: Array<{ title: string; value: string }> }>;
        actions: Array<{ data: Record<string, string> }>;
      };
    };
    const showCard = (of: Record<string, unknown>, title: string) => (of.actions as ShowCard[]).find((a) => a.title === title)!;
    const callbackId = (card.actions as ShowCard[])[0]!.data!.callbackId;
    const anotherTime = showCard(card, 'Otra hora');
    const slots = anotherTime.card!.body.find((b) => b.type === 'Input.ChoiceSet' && b.id === 'startUtc')!.choices!;
    // The chat's first free slots after 09:15 with 30 minutes' notice, in Madrid, the prospect's time beside.
    expect(slots).toHaveLength(8);
    expect(slots[0]).toEqual({ title: 'mar 24 nov, 10:00 (mar 24 nov, 10:00 su hora)', value: '2026-11-24T09:00:00.000Z' });
    expect(anotherTime.card!.actions[0]!.data).toEqual({ handoff: 'move', callbackId });

    // The agent picks the third slot: Teams sends the submit's data with the input's value.
    const chosen = slots[2]!.value;
    const beforeMove = connector.captured.length;
    await postActivity(app.url, agentsActivity({ replyToId: 'activity-9', value: { handoff: 'move', callbackId, startUtc: chosen } }));
    const moved = await waitFor('the moved card', () => connector.captured.slice(beforeMove).find((c) => c.method === 'PUT'));
    const movedCard = moved.body.attachments![0]!.content;
    expect(validate(movedCard) ? [] : validate.errors).toEqual([]);
    expect(JSON.stringify(movedCard)).toMatch(/Llamada: mar 24 nov, 11:00/);
    await waitFor('the reply', () => connector.captured.slice(beforeMove).find((c) => c.body.text?.includes('ha movido la llamada')));
    expect(await app.database.collection('callbacks').findOne({ _id: callbackId })).toMatchObject({
      startUtc: new Date(chosen),
      status: 'booked',
      noticePending: true,
      notice: { kind: 'moved' },
    });
    // The moved card no longer offers the time it now has.
    const movedSlots = showCard(movedCard, 'Otra hora').card!.body.find((b) => b.id === 'startUtc')!.choices!;
    expect(movedSlots.map((c) => c.value)).not.toContain(chosen);

    // Claimed, the card offers to release it and to hand it to Lucía.
    const beforeClaim = connector.captured.length;
    await postActivity(app.url, agentsActivity({ replyToId: 'activity-9', value: { handoff: 'claim', callbackId } }));
    const claimed = (await waitFor('the claimed card', () => connector.captured.slice(beforeClaim).find((c) => c.method === 'PUT'))).body
      .attachments![0]!.content;
    expect(validate(claimed) ? [] : validate.errors).toEqual([]);
    expect((claimed.actions as ShowCard[]).map((a) => a.title)).toEqual([
      'Liberar',
      'Pasar a otro agente',
      'Otra hora',
      'Registrar resultado',
    ]);
    const handTo = showCard(claimed, 'Pasar a otro agente').card!;
    expect(handTo.body.find((b) => b.id === 'agentId')!.choices).toEqual([{ title: 'Lucía', value: lucia._id }]);

    const beforeReassign = connector.captured.length;
    await postActivity(app.url, agentsActivity({ replyToId: 'activity-9', value: { ...handTo.actions[0]!.data, agentId: lucia._id } }));
    const reassigned = (await waitFor('the card', () => connector.captured.slice(beforeReassign).find((c) => c.method === 'PUT'))).body
      .attachments![0]!.content;
    expect(JSON.stringify(reassigned)).toMatch(/"title":"Reclamada por","value":"Lucía"/);
    await waitFor('the reply', () =>
      connector.captured.slice(beforeReassign).find((c) => c.body.text === 'Megan Bowen ha pasado la llamada a Lucía.'),
    );
    expect(await app.database.collection('callbackClaims').findOne({ _id: callbackId })).toMatchObject({ agentId: lucia._id });

    // Megan no longer holds it: her "release" is refused, and the claim stays Lucía's.
    const beforeRelease = connector.captured.length;
    await postActivity(app.url, agentsActivity({ replyToId: 'activity-9', value: { handoff: 'release', callbackId } }));
    await waitFor('the refusal', () => connector.captured.slice(beforeRelease).find((c) => c.body.text?.startsWith('Solo quien la tiene')));
    expect(await app.database.collection('callbackClaims').findOne({ _id: callbackId })).toMatchObject({ agentId: lucia._id });
  });

  it('shows what a prospect wrote as literal text: a Markdown link or emphasis in their words is no link and no emphasis', async () => {
    const before = connector.captured.length;
    await bookThroughTheBot(app, { userId: 'mallory', phone: '612 34 56 80' }, [
      '¿tengo que pagar en [vuestra factura](https://evil.example/pay) **ya**?',
    ]);
    const sent = await waitFor('the handoff card', () =>
      connector.captured.slice(before).find((c) => c.method === 'POST' && c.body.attachments?.[0]?.contentType),
    );
    const card = sent.body.attachments![0]!.content;
    expect(validate(card) ? [] : validate.errors).toEqual([]);
    const shown = (card.body as Array<{ type: string; text?: string }>).filter((b) => b.type === 'TextBlock').map((b) => b.text!);
    // Their question reaches the agent in the summary, every sign still there, none of it Markdown.
    expect(shown).toContainEqual(expect.stringContaining('¿tengo que pagar en ［vuestra factura］(https://evil.example/pay) ＊＊ya＊＊?'));
    expect(JSON.stringify(card.body)).not.toMatch(/\]\(|\*\*/);
  });
});
