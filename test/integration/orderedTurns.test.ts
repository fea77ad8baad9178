import type { RunningApp } from '../../bot/app';
import { BotReply, messageActivity, postActivity, startTestApp } from '../support/app';
import { uniqueDatabaseName } from '../support/database';

// A Tuesday morning in Madrid; the seeded default rule set has free afternoon slots the day after.
const NOW = new Date('2026-11-24T08:15:00Z');
const clock = () => NOW;

const texts = (replies: BotReply[]) => replies.map((r) => r.text ?? '').join('\n');

/** Posts one message of a conversation; returns the replies' text. */
async function say(app: RunningApp, conversationId: string, text: string, id?: string): Promise<string> {
  const activity = messageActivity({ text, locale: 'es-ES', userId: `user-${conversationId}`, conversationId, channelId: 'webchat' });
  const { status, replies } = await postActivity(app.url, id ? { ...activity, id } : activity);
  expect(status).toBe(200);
  return texts(replies);
}

/** Up to the question "when?", so the next message is answered with an offer of slots. */
async function untilWhen(app: RunningApp, conversationId: string, phone: string): Promise<void> {
  await say(app, conversationId, 'hola');
  await say(app, conversationId, phone);
  await say(app, conversationId, 'sí');
  expect(await say(app, conversationId, 'Península y Baleares')).toMatch(/¿Cuándo te viene bien/);
}

describe.each([
  ['one bot process', 1],
  ['two bot processes on one database', 2],
])('turns of one conversation in order (%s)', (_label, processes) => {
  const dbName = uniqueDatabaseName(`ordered${processes}`);
  let apps: RunningApp[];
  const app = (i: number) => apps[i % apps.length]!;

  beforeAll(async () => {
    apps = [];
    for (let i = 0; i < processes; i++) apps.push(await startTestApp(dbName, {}, clock));
  });
  afterAll(async () => {
    await apps[0]?.database.db.dropDatabase();
    for (const a of apps) await a.close();
  });

  it('answers six simultaneous deliveries of one message once, with one offer', async () => {
    const conversation = `six-${processes}`;
    await untilWhen(app(0), conversation, `61234${processes}001`);
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => say(app(i), conversation, 'mañana por la tarde', 'same-activity-id')),
    );
    const offers = answers.filter((a) => /huecos libres más cercanos/.test(a));
    expect(offers).toHaveLength(1);
    expect(answers.filter((a) => a === '')).toHaveLength(5);
    // The one offer is what the conversation remembers: its second option books.
    expect(await say(app(1), conversation, 'la segunda')).toMatch(/¡Hecho! Te llamaremos el miércoles 25 de noviembre a las 16:00/);
  });

  it('answers two different messages sent at once both, as if one came after the other', async () => {
    const first = 'hola';
    const second = '612 34 56 78';
    // The two orders, one after the other, each in a conversation of its own.
    const inOrder = [await say(app(0), `ref-a-${processes}`, first), await say(app(0), `ref-a-${processes}`, second)];
    const reversed = [await say(app(0), `ref-b-${processes}`, second), await say(app(0), `ref-b-${processes}`, first)];
    const conversation = `pair-${processes}`;
    const [a, b] = await Promise.all([say(app(0), conversation, first), say(app(1), conversation, second)]);
    expect(a).not.toBe('');
    expect(b).not.toBe('');
    const asIfInOrder = a === inOrder[0] && b === inOrder[1];
    const asIfReversed = b === reversed[0] && a === reversed[1];
    expect(asIfInOrder || asIfReversed).toBe(true);
  });

  it('processes an activity id delivered again later once, and the conversation goes on', async () => {
    const conversation = `dup-${processes}`;
    await untilWhen(app(0), conversation, `61234${processes}002`);
    expect(await say(app(0), conversation, 'mañana por la tarde', 'delivered-twice')).toMatch(/huecos libres más cercanos/);
    expect(await say(app(1), conversation, 'mañana por la tarde', 'delivered-twice')).toBe('');
    expect(await say(app(1), conversation, 'la primera')).toMatch(/¡Hecho! Te llamaremos el miércoles 25 de noviembre a las 15:30/);
  });

  it('keeps each conversation to itself while many run at once', async () => {
    const conversations = Array.from({ length: 8 }, (_, i) => `many-${processes}-${i}`);
    const greetings = await Promise.all(conversations.map((c, i) => say(app(i), c, 'hola')));
    for (const greeting of greetings) expect(greeting).toMatch(/¿A qué número te llamamos\?/);
    const asked = await Promise.all(conversations.map((c, i) => say(app(i + 1), c, `61299${processes}00${i}`)));
    asked.forEach((text, i) => expect(text).toContain(`+34 612 99 ${processes}0 0${i}`));
  });
});
