import type { RunningApp } from '../../bot/app';
import { ApiKeyStore } from '../../services/auth/apiKeys';
import { postActivity, startTestApp } from '../support/app';
import { type CapturingConnector, startCapturingConnector } from '../support/botConnector';
import { uniqueDatabaseName } from '../support/database';

const NOW = new Date('2026-11-24T08:15:00Z');
const ALLOWED = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const OTHER = '11111111-2222-3333-4444-555555555555';

let connector: CapturingConnector;
let connectorUrl: string;
let posted: CapturingConnector['posted'];
let app: RunningApp;

beforeAll(async () => {
  connector = await startCapturingConnector();
  connectorUrl = connector.url;
  posted = connector.posted;
  app = await startTestApp(uniqueDatabaseName('teams'), { TEAMS_ALLOWED_TENANTS: ALLOWED }, () => NOW);
});
afterAll(async () => {
  await app?.close();
  await connector?.close();
});
beforeEach(() => {
  posted.length = 0;
});

let counter = 0;
function teamsActivity(userId: string, tenant: string, extra: Record<string, unknown>): Record<string, unknown> {
  counter += 1;
  return {
    type: 'message',
    id: `teams-${counter}`,
    channelId: 'msteams',
    serviceUrl: connectorUrl,
    from: { id: `29:${userId}`, name: 'Megan Bowen', aadObjectId: '7faf8ab2-3d56-4244-b585-20c8a42ed2b8' },
    recipient: { id: '28:bot', name: 'Callback bot' },
    conversation: { id: `a:${userId}`, conversationType: 'personal', tenantId: tenant },
    channelData: { tenant: { id: tenant } },
    locale: 'en-US',
    entities: [{ type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Windows', timezone: 'America/New_York' }],
    timestamp: NOW.toISOString(),
    ...extra,
  };
}

const texts = () =>
  posted.map((p) => p.body.text ?? p.body.attachments?.[0]?.content?.body?.map((b: { text: string }) => b.text).join(' ')).join('\n');

describe('Teams through /api/messages', () => {
  it('refuses, in plain words, a tenant that is not on the allow-list, and stores nothing for it', async () => {
    const { status } = await postActivity(app.url, teamsActivity('outsider', OTHER, { text: 'hola, llamadme mañana' }));
    expect(status).toBe(200);
    expect(texts()).toMatch(/^Lo siento: este asistente no está disponible para tu organización/);
    expect(await app.database.collection('conversationReferences').countDocuments({ accountId: '29:outsider' })).toBe(0);

    const invoke = await postActivity(
      app.url,
      teamsActivity('outsider', OTHER, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: 'choose', data: { choice: 'x' } } },
      }),
    );
    expect(invoke.status).toBe(403);
    expect(invoke.body).toMatchObject({ statusCode: 403, value: { code: 'TenantNotAllowed' } });
  });

  it('books through card taps sent as adaptiveCard/action invokes, in the zone of clientInfo, and writes proactively later', async () => {
    const say = (extra: Record<string, unknown>) => postActivity(app.url, teamsActivity('megan', ALLOWED, extra));
    const tap = (choice: string) =>
      say({
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: 'choose', data: { choice, prompt: 'q' } } },
      });

    await say({ text: 'Please call me tomorrow afternoon' });
    expect(texts()).toMatch(/Which number should we call\?/);
    posted.length = 0;
    await say({ text: '+1 212 555 0100' });
    const consentCard = posted.at(-1)!.body.attachments[0];
    expect(consentCard.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(consentCard.content).toMatchObject({ version: '1.4', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json' });
    expect(consentCard.content.actions[0]).toEqual({
      type: 'Action.Execute',
      verb: 'choose',
      title: 'Yes, you may call me',
      data: { choice: 'Yes, you may call me', prompt: expect.any(String) },
      fallback: {
        type: 'Action.Submit',
        title: 'Yes, you may call me',
        data: { choice: 'Yes, you may call me', prompt: expect.any(String) },
      },
    });

    posted.length = 0;
    const consented = await tap('Yes, you may call me');
    expect(consented.status).toBe(200);
    expect(consented.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(JSON.stringify(consented.body.value)).toContain('✓ Yes, you may call me');
    // clientInfo said America/New_York: no zone question; the team (Madrid, until 20:00) ends at 14:00 there,
    // so the nearest to "tomorrow afternoon" is in the early afternoon, shown in New York time.
    const offer = posted.at(-1)!.body.attachments[0].content;
    expect(offer.body[0].text).toMatch(/free times nearest/);
    const first = offer.actions[0].title as string;
    expect(first).toBe('Wed 25 Nov, 12:30');

    posted.length = 0;
    // A client without Universal Actions posts the fallback Action.Submit: a message with the data as value.
    await say({ value: { choice: first, prompt: 'q' } });
    expect(texts()).toMatch(/^Done! We will call you on .*25 November.*12:30/);
    const [booked] = await app.database.collection('callbacks').find({ status: 'booked' }).toArray();
    expect(booked).toMatchObject({
      channelId: 'msteams',
      prospectTimeZone: 'America/New_York',
      startUtc: new Date('2026-11-25T17:30:00Z'),
    });

    posted.length = 0;
    const { key } = await new ApiKeyStore(app.database.apiKeys).create('agent', 'teams proactive');
    const sent = await fetch(`${app.url}/api/agent/messages`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({ channelId: 'msteams', accountId: '29:megan', text: 'Reminder: we call you tomorrow.' }),
    });
    expect(sent.status).toBe(202);
    expect(posted).toEqual([
      {
        url: expect.stringMatching(/^\/v3\/conversations\/a%3Amegan\/activities/),
        body: expect.objectContaining({ text: 'Reminder: we call you tomorrow.' }),
      },
    ]);
  });

  it('reads a Spanish national number as Spanish when the person writes Spanish on an en-US client', async () => {
    const say = (text: string) => postActivity(app.url, teamsActivity('lucia', ALLOWED, { text, entities: [] }));
    await say('Hola, quiero que me llaméis');
    posted.length = 0;
    await say('612 345 678');
    expect(texts()).toMatch(/¿Nos das permiso para llamarte al \+34 612 34 56 78/);
  });
});
