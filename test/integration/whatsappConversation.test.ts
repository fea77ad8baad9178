import type { RunningApp } from '../../bot/app';
import { uniqueDatabaseName } from '../support/database';
import { conversationWith, startTestApp } from '../support/app';
import { GraphApiServer, startGraphApiServer } from '../support/graphApiServer';
import { all, WA, whatsAppEnv, whatsAppPerson } from '../support/whatsapp';

// The seeded default rule set: Madrid, Mon–Fri 09:00–14:00 and 15:30–20:00, Spanish holidays.
const TUESDAY_0915_MADRID = new Date('2026-11-24T08:15:00Z');

describe('a whole conversation on WhatsApp, through signed webhooks and the Graph API', () => {
  let graph: GraphApiServer;
  let app: RunningApp;
  const clock = () => TUESDAY_0915_MADRID;

  beforeAll(async () => {
    graph = await startGraphApiServer({ version: WA.version, phoneNumberId: WA.phoneNumberId, token: WA.token });
    app = await startTestApp(uniqueDatabaseName('wa_talk'), whatsAppEnv(graph), clock);
  });
  afterAll(async () => {
    await app.database.db.dropDatabase();
    await app.close();
    await graph.close();
  });
  afterEach(() => {
    // Every request the bot sent, in every test, inside Meta's shape and limits, with the token.
    expect(graph.violations()).toEqual([]);
  });

  it('books from "hola" to the confirmation without asking the number, then moves and cancels it', async () => {
    const ana = whatsAppPerson(app, graph, '34612550300', clock);

    const hello = await ana.say('hola');
    expect(all(hello)).toMatch(/^¡Hola! Soy el asistente/);
    expect(all(hello)).not.toMatch(/¿A qué número te llamamos\?/);
    const consent = hello.at(-1)!;
    expect(consent).toMatchObject({ kind: 'buttons', choices: ['Sí, podéis llamarme', 'No, gracias'] });
    expect(consent.text).toMatch(/¿Nos das permiso para llamarte al \+34 612 55 03 00/);

    const zone = await ana.tap('Sí, podéis llamarme');
    expect(zone.at(-1)).toMatchObject({ kind: 'buttons', choices: ['Península y Baleares', 'Canarias'] });

    expect(all(await ana.tap('Península y Baleares'))).toMatch(/¿Cuándo te viene bien/);

    // Three slots and "Otro momento": four choices, one over Meta's three buttons, so a list.
    const offer = (await ana.say('mañana por la tarde')).at(-1)!;
    expect(offer.kind).toBe('list');
    expect(offer.choices).toEqual(['mié 25 nov, 15:30', 'mié 25 nov, 16:00', 'mié 25 nov, 16:30', 'Otro momento']);
    expect(offer.request.body.interactive.action.button).toBe('Ver opciones');

    const booked = all(await ana.tap('mié 25 nov, 16:00'));
    expect(booked).toMatch(/¡Hecho! Te llamaremos el miércoles 25 de noviembre a las 16:00 al \+34 612 55 03 00/);

    const back = await ana.say('hola');
    expect(all(back)).toMatch(/Tienes una llamada el miércoles 25 de noviembre a las 16:00\. ¿La mantenemos\?/);
    expect(back.at(-1)).toMatchObject({ kind: 'buttons', choices: ['Mantenerla', 'Cambiar la hora', 'Cancelarla'] });

    const moveOffer = await ana.say('mejor el viernes por la mañana');
    expect(moveOffer.at(-1)?.choices).toContain('vie 27 nov, 10:00');
    expect(all(await ana.tap('vie 27 nov, 10:00'))).toMatch(
      /Cambiado: ahora te llamaremos el viernes 27 de noviembre a las 10:00\. La hora anterior ha quedado libre/,
    );

    expect(all(await ana.say('cancela la llamada'))).toMatch(/Cancelada: ya no te llamaremos el viernes 27 de noviembre a las 10:00/);
    const callbacks = await app.database.db.collection('callbacks').find({}).toArray();
    expect(callbacks.map((c) => c.status)).toEqual(['cancelled']);
    // The person is the number WhatsApp vouched for; no one typed it.
    expect(await app.database.db.collection('people').findOne({ phoneE164: '+34612550300' })).not.toBeNull();
  });

  it.each([['STOP'], ['baja']])('opts out with "%s" and cancels the pending callback', async (word) => {
    const waId = word === 'STOP' ? '34612550301' : '34612550302';
    const person = whatsAppPerson(app, graph, waId, clock);
    await person.say('hola');
    await person.tap('Sí, podéis llamarme');
    await person.tap('Península y Baleares');
    await person.say('mañana a las 10');
    expect(all(await person.tap('mié 25 nov, 10:00'))).toMatch(/Te llamaremos el miércoles 25 de noviembre a las 10:00/);

    const answer = all(await person.say(word));
    expect(answer).toMatch(/he cancelado tu llamada del miércoles 25 de noviembre a las 10:00/);
    const owner = await app.database.db.collection('people').findOne({ phoneE164: `+${waId}` });
    const withdrawn = await app.database.db.collection('consent_events').find({ personId: owner!._id, event: 'withdrawn' }).toArray();
    expect(withdrawn.length).toBeGreaterThan(0);
    expect(await app.database.db.collection('callbacks').countDocuments({ personId: owner!._id, status: 'booked' })).toBe(0);
  });

  it('cancels a Web Chat booking when the same person says STOP on WhatsApp', async () => {
    const webChat = conversationWith(app.url, { userId: 'web-ana', locale: 'es-ES' });
    await webChat('hola');
    await webChat('612 55 02 02');
    await webChat('sí');
    await webChat('Península y Baleares');
    await webChat('mañana a las 10');
    await webChat('mié 25 nov, 10:00');
    const owner = await app.database.db.collection('people').findOne({ phoneE164: '+34612550202' });
    expect(await app.database.db.collection('callbacks').findOne({ personId: owner!._id })).toMatchObject({
      status: 'booked',
      channelId: 'webchat',
    });

    const onWhatsApp = whatsAppPerson(app, graph, '34612550202', clock);
    expect(all(await onWhatsApp.say('STOP'))).toMatch(/he cancelado tu llamada del miércoles 25 de noviembre a las 10:00/);
    expect(await app.database.db.collection('callbacks').findOne({ personId: owner!._id })).toMatchObject({
      status: 'cancelled',
      channelId: 'webchat',
    });
  });

  it('sends the data export as a document, uploaded to Meta first', async () => {
    const bob = whatsAppPerson(app, graph, '16505550123', clock);
    await bob.say('hello');
    await bob.tap('Yes, you may call me');
    expect(all(await bob.say('send me my data'))).toMatch(/Shall I send you here a copy/);
    const uploadsBefore = graph.uploads.length;
    const exported = await bob.say('yes');
    expect(exported.map((r) => r.kind)).toEqual(['text', 'document']);
    const upload = graph.uploads[uploadsBefore]!;
    expect(upload).toMatchObject({ type: 'text/plain', filename: 'my-data.json' });
    expect(JSON.parse(upload.content).person.phoneE164).toBe('+16505550123');
    expect(exported[1]!.request.body.document).toEqual({ id: `media.${uploadsBefore + 1}`, filename: 'my-data.json' });
  });

  it('erases on request what WhatsApp kept by the number too, and still answers', async () => {
    const waId = '16505550124';
    const carl = whatsAppPerson(app, graph, waId, clock);
    await carl.say('hello');
    await carl.tap('Yes, you may call me');
    expect(await app.database.collection('whatsappContacts').countDocuments({ _id: `${WA.phoneNumberId}:${waId}` })).toBe(1);
    expect(all(await carl.say('delete my data'))).toMatch(/Shall I erase it\?/);
    const erased = await carl.say('yes');
    expect(all(erased)).toMatch(/^Done: your data is erased/);
    // The answer went out as a message (the person just wrote), not held for a template.
    expect(erased.map((r) => r.kind)).toEqual(['text']);
    expect(await app.database.collection('whatsappContacts').countDocuments({ _id: `${WA.phoneNumberId}:${waId}` })).toBe(0);
    expect(await app.database.db.collection('whatsapp_outbox').countDocuments({ to: waId })).toBe(0);
    expect(await app.database.db.collection('people').countDocuments({ phoneE164: `+${waId}` })).toBe(0);
  });

  it("answers a photo, a voice note and a location politely, in the person's language", async () => {
    const spanish = whatsAppPerson(app, graph, '34612550303', clock);
    const photo = await spanish.send({ type: 'image', image: { id: '1479537139650973', mime_type: 'image/jpeg', sha256: 'x' } });
    expect(photo.map((r) => r.text)).toEqual(['Perdona, solo puedo leer mensajes de texto. ¿Me lo escribes?']);

    const english = whatsAppPerson(app, graph, '16505551234', clock);
    await english.say('hello');
    const voice = await english.send({
      type: 'audio',
      audio: { id: '1003383421387256', mime_type: 'audio/ogg; codecs=opus', voice: true },
    });
    expect(voice.map((r) => r.text)).toEqual(['Sorry, I can only read text messages. Could you type it?']);
    const place = await english.send({ type: 'location', location: { latitude: 40.4, longitude: -3.7, name: 'Sol' } });
    expect(place.map((r) => r.text)).toEqual(['Sorry, I can only read text messages. Could you type it?']);
  });
});
