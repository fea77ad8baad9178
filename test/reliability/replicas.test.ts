import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { postActivity, webChatMessage } from '../support/app';
import { ChildServer } from '../support/childBot';
import { standaloneFerretDb, StandaloneDatabase } from '../support/standaloneDatabase';

/*
 * Three bot processes on one database server behave as one bot: a conversation can move between them on
 * every message, a delivery that reaches all three is answered once, and a slot's seats are shared.
 */
const BOT = path.join(__dirname, '../support/botProcess.ts');

async function say(bot: ChildServer, conversation: string, text: string, id: string = randomUUID()): Promise<string> {
  const { status, replies } = await postActivity(bot.url, { ...webChatMessage(conversation, text), id });
  expect(status).toBe(200);
  // The text and the choices offered with it.
  return (replies as Array<{ text?: string; suggestedActions?: { actions?: Array<{ title: string }> } }>)
    .map((a) => [a.text ?? '', ...(a.suggestedActions?.actions ?? []).map((c) => c.title)].filter(Boolean).join(' | '))
    .join('\n');
}

describe('three bot processes on one database', () => {
  let db: StandaloneDatabase;
  let bots: ChildServer[];
  const bot = (i: number) => bots[i % bots.length]!;

  beforeAll(async () => {
    db = await standaloneFerretDb();
    bots = await Promise.all([0, 1, 2].map(() => ChildServer.start(BOT, { BOT_MONGODB_URI: db.uri, BOT_DB: 'replicas' })));
  }, 120_000);
  afterAll(async () => {
    await Promise.all((bots ?? []).map((b) => b.stop()));
    await db.dispose();
  }, 60_000);

  async function untilOffer(conversation: string, phone: string, first = 0): Promise<void> {
    await say(bot(first), conversation, 'hola');
    await say(bot(first + 1), conversation, phone);
    await say(bot(first + 2), conversation, 'sí');
    expect(await say(bot(first), conversation, 'Península y Baleares')).toMatch(/¿Cuándo te viene bien/);
    expect(await say(bot(first + 1), conversation, 'mañana por la tarde')).toMatch(/mié 25 nov, 15:30/);
  }

  it('books through a conversation whose every message reaches another process', async () => {
    await untilOffer('moving', '611 00 00 01');
    expect(await say(bot(2), 'moving', 'la segunda')).toMatch(/¡Hecho! Te llamaremos el miércoles 25 de noviembre a las 16:00/);
    expect(await say(bot(0), 'moving', 'hola')).toMatch(/Tienes una llamada el miércoles 25 de noviembre a las 16:00/);
  });

  it('answers one delivery that reaches all three, twice each, once', async () => {
    await untilOffer('echoed', '611 00 00 02');
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => say(bot(i), 'echoed', 'la tercera', 'one-delivery')));
    expect(answers.filter((a) => /¡Hecho!/.test(a))).toHaveLength(1);
    expect(answers.filter((a) => a === '')).toHaveLength(5);
  });

  it('gives a 2-seat slot to exactly two of six people tapping it on different processes', async () => {
    const people = Array.from({ length: 6 }, (_, i) => `tap-${i}`);
    // 15:30 is the first offer for everyone (the earlier tests took 16:00 and 16:30).
    for (const [i, person] of people.entries()) await untilOffer(person, `611 00 01 0${i}`, i);
    const answers = await Promise.all(people.map((person, i) => say(bot(i), person, 'la primera')));
    expect(answers.filter((a) => /¡Hecho! Te llamaremos el miércoles 25 de noviembre a las 15:30/.test(a))).toHaveLength(2);
  });
});
