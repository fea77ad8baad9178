import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { RunningApp } from '../../bot/app';
import { ApiKeyStore } from '../../services/auth/apiKeys';
import { startEmbeddedDatabase } from '../../services/store/embeddedDatabase';
import { findProjectRoot } from '../../services/store/projectRoot';
import { conversationWith, Reply, startTestApp } from '../support/app';
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
    expect(answer).toMatch(/^Hecho: he registrado que no quieres que te contactemos, por ningún canal\./);
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

  it('lets a person who opted out come back by saying yes again, which lifts the suppression', async () => {
    const say = conversationWith(app.url, { userId: 'back', locale: 'es-ES' });
    await say('hola');
    await say('915550208');
    await say('baja');
    expect(all(await say('hola'))).toMatch(/Nos pediste que no te contactáramos/);
    expect(all(await say('sí'))).toMatch(/¿Cuándo te viene bien/);
    const agent = (await new ApiKeyStore(app.database.apiKeys).create('agent', 'test')).key;
    const answer = (await (
      await fetch(`${app.url}/api/agent/contactability?phone=%2B34915550208&purpose=acquisition`, { headers: { 'x-api-key': agent } })
    ).json()) as { reasons: Array<{ code: string }> };
    expect(answer.reasons.map((r) => r.code)).not.toContain('suppressed');
    expect(answer.reasons.map((r) => r.code)).not.toContain('opted_out');
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

  it('answers "where did you get my number?" from the record, and offers export and erasure', async () => {
    const marked = await fetch(`${app.url}/api/admin/people/%2B34915550204`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-api-key': admin },
      body: JSON.stringify({
        provenance: {
          source: 'web_form',
          campaign: 'fibra-otoño',
          collectedAt: '2026-10-02T10:00:00Z',
          detail: 'el formulario de ofertas de la web',
        },
      }),
    });
    expect(marked.status).toBe(201);
    const say = conversationWith(app.url, { userId: 'where', locale: 'es-ES' });
    await say('hola');
    await say('915550204');
    const answer = all(await say('¿De dónde habéis sacado mi número?'));
    expect(answer).toMatch(
      /Tenemos tu número porque lo dejaste en un formulario de contacto, el 2 de octubre de 2026 \(campaña «fibra-otoño»\): el formulario de ofertas de la web\./,
    );
    expect(answer).toMatch(/copia de mis datos.*borrad mis datos/);
  });

  it('exports on request, then erases and keeps only the suppression', async () => {
    const say = conversationWith(app.url, { userId: 'erase-me', locale: 'en-US' });
    await bookedOnWebChat(conversationWith(app.url, { userId: 'erase-me', locale: 'es-ES' }), '915550205');
    expect(all(await say('send me my data'))).toMatch(/Shall I send you here a copy/);
    const exported = await say('yes');
    const file = exported[0]?.attachments[0];
    expect(file).toMatchObject({ contentType: 'application/json', name: 'my-data.json' });
    const data = JSON.parse(Buffer.from(file!.contentUrl!.split(',')[1]!, 'base64').toString()) as Record<string, any>;
    expect(data.person.phoneE164).toBe('+34915550205');
    expect(data.callbacks).toHaveLength(1);
    expect(data.consent.events[0]).toMatchObject({ event: 'granted', scope: 'callbacks' });

    expect(all(await say('delete my data'))).toMatch(/Shall I erase it\?/);
    expect(all(await say('yes'))).toMatch(/^Done: your data is erased/);
    expect((await fetch(`${app.url}/api/admin/people/%2B34915550205`, { headers: { 'x-api-key': admin } })).status).toBe(404);
    expect(
      await app.database.collection('callbacks').countDocuments({ status: 'booked', startUtc: new Date('2026-11-25T09:00:00Z') }),
    ).toBe(0);
    const agent = (await new ApiKeyStore(app.database.apiKeys).create('agent', 'test')).key;
    const answer = (await (
      await fetch(`${app.url}/api/agent/contactability?phone=%2B34915550205&purpose=service`, { headers: { 'x-api-key': agent } })
    ).json()) as { allowed: boolean; reasons: Array<{ code: string }> };
    expect(answer.allowed).toBe(false);
    expect(answer.reasons.map((r) => r.code)).toContain('suppressed');
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
  const root = findProjectRoot(__dirname);

  function startServer(dbName: string): Promise<{ child: ChildProcess; url: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bot/index.ts'], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        PORT: '0',
        HOST: '127.0.0.1',
        MONGODB_URI: testDatabaseUri(),
        MONGODB_DB: dbName,
        PHONE_HASH_SECRET: 'test-secret-of-at-least-16-chars',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new Promise((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      const timer = setTimeout(() => reject(new Error('server did not start')), 30_000);
      lines.on('line', (line) => {
        const url = /bot listening on (http:\/\/\S+)"/.exec(line)?.[1];
        if (url) {
          clearTimeout(timer);
          resolve({ child, url });
        }
      });
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
  }

  it('keeps an acknowledged opt-out when the server is killed with SIGKILL right after', async () => {
    const dbName = uniqueDatabaseName('sigkill');
    const first = await startServer(dbName);
    const say = conversationWith(first.url, { userId: 'killed', locale: 'es-ES' });
    await say('hola');
    await say('915550207');
    expect(all(await say('no quiero que me llaméis'))).toMatch(/^Hecho: he registrado/);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));

    const second = await startServer(dbName);
    try {
      const again = conversationWith(second.url, { userId: 'killed', locale: 'es-ES', conversationId: 'after-restart' });
      // The channel account still leads to the person, and the ledger says they opted out.
      expect(all(await again('hola'))).toMatch(/Nos pediste que no te contactáramos/);
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
