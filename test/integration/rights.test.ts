import type { RunningApp } from '../../bot/app';
import { ApiKeyStore } from '../../services/auth/apiKeys';
import { startEmbeddedDatabase } from '../../services/store/embeddedDatabase';
import { findProjectRoot } from '../../services/store/projectRoot';
import { conversationWith, Reply, startTestApp } from '../support/app';
import { startBotServer } from '../support/botServer';
import { testDatabaseUri, uniqueDatabaseName } from '../support/database';

const all = (replies: Reply[]) => replies.map((r) => [r.text, ...r.choices].join(' | ')).join('\n');
const NOW = new Date('2026-11-24T08:15:00Z'); // Tuesday, 09:15 in Madrid

/** Takes a person through to a booked callback on Wednesday at 10:00, peninsular time. */
async function bookedOnWebChat(say: (text: string) => Promise<Reply[]>, phone: string): Promise<void> {
  await say('hola');
  await say(phone);
  // A mobile may ring in the Canaries too: the bot asks; a landline says it all.
  if (/zona horaria/.test(all(await say('sí')))) await say('Península y Baleares');
  await say('mañana a las 10');
  expect(all(await say('mié 25 nov, 10:00'))).toMatch(/Te llamaremos el miércoles 25 de noviembre a las 10:00/);
}

describe('rights in the conversation, on the real database', () => {
  let app: RunningApp;
  let admin: string;
  beforeAll(async () => {
    app = await startTestApp(uniqueDatabaseName('rights'), {}, () => NOW);
    admin = (await new ApiKeyStore(app.database.apiKeys).create('admin', 'test')).key;
  });
  afterAll(async () => {
    await app.database.db.dropDatabase();
    await app.close();
  });
  const adminGet = async (url: string) =>
    (await fetch(`${app.url}${url}`, { headers: { 'x-api-key': admin } })).json() as Promise<Record<string, any>>;

  it('takes an opt-out in the middle of booking, before anything else, and records it', async () => {
    const say = conversationWith(app.url, { userId: 'mid', locale: 'es-ES' });
    await say('hola');
    await say('915550201');
    await say('sí');
    expect(all(await say('mañana a las 10'))).toMatch(/mié 25 nov, 10:00/);
    const answer = all(await say('No me llaméis más'));
    // The number was only typed here: honoured at once, and the sender hears of nothing but its own booking.
    expect(answer).toMatch(/^Hecho: no llamaremos a ese número\./);
    expect(answer).not.toMatch(/hueco|Te llamaremos/);
    const consent = await adminGet('/api/admin/people/%2B34915550201/consent');
    expect(consent.current.callbacks.status).toBe('withdrawn');
    expect(consent.events.at(-1)).toMatchObject({
      event: 'withdrawn',
      scope: 'all',
      personWords: 'No me llaméis más',
      source: 'bot',
      channelId: 'webchat',
    });
    // The conversation is over: the next message does not book the offered slot.
    expect(all(await say('mié 25 nov, 10:00'))).not.toMatch(/Te llamaremos/);
  });

  it('does not let a typed number undo an opt-out: the stranger is asked for a proof the bot cannot take here', async () => {
    const say = conversationWith(app.url, { userId: 'back', locale: 'es-ES' });
    await say('hola');
    await say('915550208');
    await say('baja');
    const again = conversationWith(app.url, { userId: 'someone-else', locale: 'es-ES' });
    await again('hola');
    const answer = all(await again('915550208'));
    expect(answer).toMatch(/necesito comprobar que el número es tuyo/);
    expect(answer).not.toMatch(/¿Nos das permiso|Nos pediste/);
    const agent = (await new ApiKeyStore(app.database.apiKeys).create('agent', 'test')).key;
    const contactability = (await (
      await fetch(`${app.url}/api/agent/contactability?phone=%2B34915550208&purpose=acquisition`, { headers: { 'x-api-key': agent } })
    ).json()) as { reasons: Array<{ code: string }> };
    expect(contactability.reasons.map((r) => r.code)).toContain('suppressed');
  });

  it('takes «no, da igual» to "which number should we not call?" as an answer: a polite ending, no opt-out, the question closed', async () => {
    const say = conversationWith(app.url, { userId: 'stranger-never-mind', locale: 'es-ES' });
    expect(all(await say('baja'))).toMatch(/¿A qué número no debemos llamar\?/);
    // Not a number, not a refusal: said so, and the question stands.
    expect(all(await say('el de casa'))).toMatch(/^«el de casa» no parece un número de teléfono válido/);
    const answer = all(await say('no, da igual'));
    expect(answer).toMatch(/^De acuerdo\. Sin el número no puedo dar ninguno de baja/);
    expect(answer).not.toMatch(/no parece un número/);
    // The question is closed: a number now is the start of a conversation, not the number of that opt-out.
    expect(all(await say('915550209'))).not.toMatch(/no llamaremos a ese número/);
    expect((await adminGet('/api/admin/people/%2B34915550209/consent')).current?.callbacks?.status).not.toBe('withdrawn');
  });

  it('asks which is meant by a bare "cancelar" while a callback is pending, and does each', async () => {
    const say = conversationWith(app.url, { userId: 'which', locale: 'es-ES' });
    await bookedOnWebChat(say, '915550203');
    const question = await say('cancelar');
    expect(all(question)).toMatch(
      /¿Qué quieres cancelar\? \| Solo la llamada del miércoles 25 de noviembre a las 10:00 \| Que no me contactéis más/,
    );
    expect(all(await say(question[0]!.choices[0]!))).toMatch(/Cancelada: ya no te llamaremos/);
    expect((await adminGet('/api/admin/people/%2B34915550203/consent')).current.callbacks.status).toBe('granted');
  });
});

describe('when the database cannot be written', () => {
  it('says the opt-out could not be recorded and asks to try again, never claiming success', async () => {
    const database = await startEmbeddedDatabase({ projectRoot: findProjectRoot(__dirname), engine: 'ferretdb' });
    const app = await startTestApp('rightsdown', { MONGODB_URI: database.uri }, () => NOW);
    try {
      const say = conversationWith(app.url, { userId: 'down', locale: 'es-ES' });
      await say('hola');
      await say('915550206');
      await database.stop();
      const answer = all(await say('baja'));
      expect(answer).toMatch(/no he podido registrar tu petición/);
      expect(answer).not.toMatch(/Hecho/);
    } finally {
      await app.close().catch(() => undefined);
      await database.stop();
    }
  }, 60_000);
});

describe('durability', () => {
  it('keeps an acknowledged opt-out when the server is killed with SIGKILL right after', async () => {
    const dbName = uniqueDatabaseName('sigkill');
    const first = await startBotServer(dbName);
    const say = conversationWith(first.url, { userId: 'killed', locale: 'es-ES' });
    await say('hola');
    await say('915550207');
    expect(all(await say('no quiero que me llaméis'))).toMatch(/^Hecho: no llamaremos a ese número/);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));

    const second = await startBotServer(dbName);
    try {
      const again = conversationWith(second.url, { userId: 'killed', locale: 'es-ES', conversationId: 'after-restart' });
      // The channel account still leads to the person, and the opt-out holds: a claim cannot say yes again.
      expect(all(await again('hola'))).toMatch(/necesito comprobar que el número es tuyo/);
      const { MongoClient } = await import('mongodb');
      const client = await MongoClient.connect(testDatabaseUri());
      const events = await client.db(dbName).collection('consent_events').find({ event: 'withdrawn', scope: 'all' }).toArray();
      expect(events).toHaveLength(1);
      await client.db(dbName).dropDatabase();
      await client.close();
    } finally {
      second.child.kill('SIGTERM');
    }
  }, 90_000);
});
