import type { RunningApp } from '../../bot/app';
import { postActivity, startTestApp } from '../support/app';
import { type CapturingConnector, startCapturingConnector } from '../support/botConnector';
import { uniqueDatabaseName } from '../support/database';

// Tuesday 24 November 2026, 09:15 in Madrid; the seeded default rule set.
let now = new Date('2026-11-24T08:15:00Z');
let app: RunningApp;
let connector: CapturingConnector;
let connectorUrl: string;
let posted: CapturingConnector['posted'];

beforeAll(async () => {
  connector = await startCapturingConnector();
  connectorUrl = connector.url;
  posted = connector.posted;
  // A day-long Direct Line token: the test jumps the clock hours ahead, where the page would have refreshed it.
  app = await startTestApp(uniqueDatabaseName('promise_channels'), { DIRECT_LINE_TOKEN_TTL_SECONDS: '86400' }, () => now);
});
afterAll(async () => {
  await app?.database.db.dropDatabase();
  await app?.close();
  await connector?.close();
});

async function passAt(instant: string): Promise<void> {
  now = new Date(instant);
  await app.promises.runOnce();
}

const cardText = (body: any): string =>
  body.text ?? body.attachments?.[0]?.content?.body?.map((b: { text: string }) => b.text).join(' ') ?? '';
const cardChoices = (body: any): string[] => body.attachments?.[0]?.content?.actions?.map((a: { title: string }) => a.title) ?? [];

describe('reminders reach Teams and Web Chat as proactive messages of the person’s own conversation', () => {
  it('on Teams, through the Bot Connector of the conversation, as a card with the choices', async () => {
    let counter = 0;
    const say = async (text: string) => {
      counter += 1;
      const activity = {
        type: 'message',
        id: `teams-${counter}`,
        channelId: 'msteams',
        serviceUrl: connectorUrl,
        from: { id: '29:megan', name: 'Megan Bowen', aadObjectId: '7faf8ab2-3d56-4244-b585-20c8a42ed2b8' },
        recipient: { id: '28:bot', name: 'Callback bot' },
        conversation: { id: 'a:megan', conversationType: 'personal', tenantId: 'tenant' },
        channelData: { tenant: { id: 'tenant' } },
        locale: 'es-ES',
        text,
        timestamp: now.toISOString(),
      };
      const { status } = await postActivity(app.url, activity);
      expect(status).toBe(200);
    };
    for (const text of ['hola', '612 55 04 10', 'sí', 'Península y Baleares', 'hoy a las 16:00', 'mar 24 nov, 16:00']) await say(text);
    expect(posted.map((p) => cardText(p.body)).join('\n')).toMatch(/Te llamaremos el martes 24 de noviembre a las 16:00/);

    const before = posted.length;
    await passAt('2026-11-24T14:45:00Z');
    const reminders = posted.slice(before);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.url).toBe('/v3/conversations/a%3Amegan/activities');
    expect(cardText(reminders[0]!.body)).toBe('Te recordamos que te llamaremos el martes 24 de noviembre a las 16:00. ¿La mantenemos?');
    expect(cardChoices(reminders[0]!.body)).toEqual(['Mantenerla', 'Cambiar la hora', 'Cancelarla']);

    // The answer lands in the question the reminder asked.
    await say('Cancelarla');
    expect(cardText(posted.at(-1)!.body)).toMatch(/Cancelada: ya no te llamaremos el martes 24 de noviembre a las 16:00/);
  });

  it('on Web Chat (the local Direct Line), in the conversation’s store, where the page’s stream reads it', async () => {
    now = new Date('2026-11-24T08:15:00Z');
    const dl = (path: string) => `${app.url}/v3/directline${path}`;
    const call = async (method: string, url: string, token: string, body?: unknown) => {
      const response = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return (await response.json()) as Record<string, any>;
    };
    const generated = (await (
      await fetch(dl('/tokens/generate'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"locale":"es-ES"}' })
    ).json()) as { token: string; conversationId: string };
    const { token, conversationId } = generated;
    await call('POST', dl('/conversations'), token);
    for (const text of ['hola', '612 55 04 11', 'sí', 'Península y Baleares', 'hoy a las 16:00', 'mar 24 nov, 16:00']) {
      await call('POST', dl(`/conversations/${conversationId}/activities`), token, { type: 'message', text, locale: 'es-ES' });
    }
    const booked = await call('GET', dl(`/conversations/${conversationId}/activities`), token);
    expect(booked.activities.map((a: { text?: string }) => a.text).join('\n')).toMatch(
      /Te llamaremos el martes 24 de noviembre a las 16:00/,
    );

    await passAt('2026-11-24T14:45:00Z');
    const after = await call('GET', dl(`/conversations/${conversationId}/activities?watermark=${booked.watermark}`), token);
    expect(after.activities.map((a: { text?: string }) => a.text)).toEqual([
      'Te recordamos que te llamaremos el martes 24 de noviembre a las 16:00. ¿La mantenemos?',
    ]);
    expect(after.activities[0].suggestedActions.actions.map((a: { title: string }) => a.title)).toEqual([
      'Mantenerla',
      'Cambiar la hora',
      'Cancelarla',
    ]);
  });
});
