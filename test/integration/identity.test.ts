import type { RunningApp } from '../../bot/app';
import { ApiKeyStore } from '../../services/auth/apiKeys';
import { conversationWith, messageActivity, postActivity, Reply, startTestApp } from '../support/app';
import { BotConnectorAuthority, startBotConnectorAuthority, TEST_APP_ID } from '../support/botConnectorAuthority';
import { uniqueDatabaseName } from '../support/database';
import { SMS_TOKEN, SmsGateway, startSmsGateway } from '../support/smsGateway';

const all = (replies: Reply[]) => replies.map((r) => [r.text, ...r.choices].join(' | ')).join('\n');
const NOW = new Date('2026-11-24T08:15:00Z'); // Tuesday, 09:15 in Madrid

/**
 * Who may see and change what, through the real server. The Bot Connector's JWT (signed by a test authority,
 * validated by botbuilder itself) vouches for each account; a typed phone number stays a claim until the
 * person types back the code we sent to that number (an SMS gateway of the test's own).
 */
describe('identity: a typed number is a claim, a code makes it verified', () => {
  let app: RunningApp;
  let authority: BotConnectorAuthority;
  let sms: SmsGateway;
  let admin: string;
  beforeAll(async () => {
    authority = await startBotConnectorAuthority();
    sms = await startSmsGateway();
    app = await startTestApp(
      uniqueDatabaseName('identity'),
      {
        MicrosoftAppId: TEST_APP_ID,
        MicrosoftAppPassword: 'test-password',
        BOT_CONNECTOR_OPENID_METADATA_URL: authority.metadataUrl,
        SMS_WEBHOOK_URL: sms.url,
        SMS_WEBHOOK_TOKEN: SMS_TOKEN,
      },
      () => NOW,
    );
    admin = (await new ApiKeyStore(app.database.apiKeys).create('admin', 'test')).key;
  });
  afterAll(async () => {
    await app.database.db.dropDatabase();
    await app.close();
    await sms.close();
    await authority.close();
  });

  const chat = (userId: string, locale = 'es-ES') =>
    conversationWith(app.url, { userId, locale, channelId: 'msteams', authorize: (a) => authority.authorize(a) });
  const adminPut = (phone: string, body: unknown) =>
    fetch(`${app.url}/api/admin/people/${encodeURIComponent(phone)}`, {
      method: 'PUT',
      headers: { 'x-api-key': admin, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const provenance = {
    source: 'web_form',
    campaign: 'fibra-otoño',
    collectedAt: '2026-10-02T10:00:00Z',
    detail: 'el formulario de la web',
  };

  /** Ana books from her own account (a claim), so a callback of hers exists. */
  async function anaBooks(phone: string, userId: string, at: string): Promise<void> {
    const ana = chat(userId);
    await ana('hola');
    await ana(phone.replace('+34', ''));
    await ana('sí');
    await ana(`mañana a las ${at}`);
    expect(all(await ana(`mié 25 nov, ${at}`))).toMatch(new RegExp(`Te llamaremos el miércoles 25 de noviembre a las ${at}`));
  }
  const bookedFor = async (phone: string) => {
    const person = await app.database.collection('people').findOne({ phoneE164: phone });
    return app.database.collection('callbacks').find({ personId: person!._id, status: 'booked' }).toArray();
  };

  it('refuses unsigned activities once an app id is set, and WhatsApp activities on /api/messages always', async () => {
    const unsigned = await postActivity(app.url, messageActivity({ text: 'hola', channelId: 'msteams' }));
    expect(unsigned.status).toBe(401);
    const whatsapp = messageActivity({ text: 'baja', channelId: 'whatsapp', userId: '34915550701' });
    const spoofed = await postActivity(app.url, whatsapp, authority.authorize(whatsapp));
    expect(spoofed.status).toBe(403);
    expect(spoofed.body).toMatchObject({ field: 'channelId' });
  });

  it('shows a typed number nothing booked elsewhere, and no provenance, export or erasure without the code', async () => {
    expect((await adminPut('+34915550702', { provenance })).status).toBe(201);
    await anaBooks('+34915550702', 'ana-1', '12:00');
    const mallory = chat('mallory-1');
    await mallory('hola');
    const typed = all(await mallory('915550702'));
    expect(typed).not.toMatch(/25 de nov|mié 25|miércoles 25|Ya tienes/);
    for (const ask of ['¿De dónde habéis sacado mi número?', 'quiero una copia de mis datos', 'borrad mis datos']) {
      const answer = all(await mallory(ask));
      expect(answer).toMatch(/Te he enviado un código de 6 cifras por SMS al \+34 915 55 07 02/);
      expect(answer).not.toMatch(/formulario|fibra|Aquí tienes|borrado/);
      expect(all(await mallory('000000'))).toMatch(/Ese código no es correcto. Te quedan 4 intentos/);
      await mallory('empezar de nuevo');
    }
    // Three codes to one number in an hour: the fourth is refused, so nobody floods a stranger's phone.
    expect(all(await mallory('¿De dónde habéis sacado mi número?'))).toMatch(/Ya he enviado varios códigos a ese número/);
    // And the booking is still there, untouched.
    expect(await bookedFor('+34915550702')).toHaveLength(1);
  });

  it('lets a claimed identity book, move and cancel only what it booked itself', async () => {
    await anaBooks('+34915550703', 'ana-2', '12:30');
    const mallory = chat('mallory-2');
    await mallory('hola');
    await mallory('915550703');
    await mallory('sí');
    // Booking for a number that has a callback held elsewhere asks for the proof, without showing it.
    const answer = all(await mallory('mañana a las 11'));
    const booked = answer.includes('mié 25 nov, 11:00') ? all(await mallory('mié 25 nov, 11:00')) : answer;
    expect(booked).toMatch(/Este número ya tiene algo pendiente con nosotros/);
    expect(booked).not.toMatch(/12:30/);
    expect(all(await mallory('cancela la llamada'))).not.toMatch(/He cancelado|cancelado tu llamada del/);
    expect(await bookedFor('+34915550703')).toEqual([expect.objectContaining({ startUtc: new Date('2026-11-25T11:30:00Z') })]);

    // Ana, who booked from this account, still sees and moves her own callback.
    const ana = chat('ana-2');
    expect(all(await ana('hola'))).toMatch(/miércoles 25 de noviembre a las 12:30/);
    expect(all(await ana('mejor a las 16:00'))).toMatch(/16:00/);
  });

  it('proves the number with the code, then answers provenance and sends the export', async () => {
    expect((await adminPut('+34915550704', { provenance })).status).toBe(201);
    const ana = chat('ana-3');
    await ana('hola');
    await ana('915550704');
    expect(all(await ana('¿De dónde habéis sacado mi número?'))).toMatch(/Te he enviado un código/);
    const verified = all(await ana(`mi código es ${sms.codeFor('+34915550704')}`));
    expect(verified).toMatch(/Listo: he comprobado que el número es tuyo/);
    expect(verified).toMatch(/Tenemos tu número porque lo dejaste en un formulario de contacto, el 2 de octubre de 2026/);
    expect(all(await ana('quiero una copia de mis datos'))).toMatch(/¿Te envío aquí una copia/);
    const exported = await ana('sí');
    const data = JSON.parse(Buffer.from(exported[0]!.attachments[0]!.contentUrl!.split(',')[1]!, 'base64').toString()) as Record<
      string,
      any
    >;
    expect(data.person.phoneE164).toBe('+34915550704');
    expect(await app.database.collection('channelAccounts').findOne({ _id: 'msteams:ana-3' })).toMatchObject({
      assurance: 'verified',
      verifiedBy: 'one_time_code',
    });
  });

  it('erases for the verified person on request, keeping only the hashed suppression', async () => {
    await anaBooks('+34915550708', 'ana-5', '13:30');
    const ana = chat('ana-5', 'en-US');
    const conversation = { conversationId: 'conv-msteams-ana-5' };
    expect(await app.database.collection('transcripts').countDocuments(conversation)).toBeGreaterThan(5);
    const reference = { _id: 'msteams:ana-5' };
    expect(await app.database.collection('conversationReferences').countDocuments(reference)).toBe(1);
    expect(all(await ana('delete my data'))).toMatch(/I have sent a 6-digit code by SMS/);
    expect(all(await ana(sms.codeFor('+34915550708')))).toMatch(/Shall I erase it\?/);
    expect(all(await ana('yes'))).toMatch(/^Done: your data is erased/);
    // Nothing of the person is kept, not even the timeline of this conversation or the reply that confirms it.
    expect(await app.database.collection('transcripts').countDocuments(conversation)).toBe(0);
    // Nor where the bot could write to them, nor the code that proved the number.
    expect(await app.database.collection('conversationReferences').countDocuments(reference)).toBe(0);
    expect(await app.database.collection('people').findOne({ phoneE164: '+34915550708' })).toBeNull();
    const agent = (await new ApiKeyStore(app.database.apiKeys).create('agent', 'test')).key;
    const answer = (await (
      await fetch(`${app.url}/api/agent/contactability?phone=%2B34915550708&purpose=service`, { headers: { 'x-api-key': agent } })
    ).json()) as { allowed: boolean; reasons: Array<{ code: string }> };
    expect(answer.reasons.map((r) => r.code)).toContain('suppressed');
  });

  it('asks an unidentified person for the number and then the code, never saying "we hold nothing"', async () => {
    const stranger = chat('stranger-1');
    const asked = all(await stranger('where did you get my number?'));
    expect(asked).toMatch(/check that the number is yours/);
    expect(asked).toMatch(/What is your number\?/);
    expect(asked).not.toMatch(/do not hold/);
    expect(all(await stranger('+34 915 55 07 05'))).toMatch(/I have sent a 6-digit code by SMS to \+34 915 55 07 05/);
    const answer = all(await stranger(sms.codeFor('+34915550705')));
    expect(answer).toMatch(/Done: I have checked that the number is yours/);
    // Proved, and truly nothing held: now it may be said.
    expect(answer).toMatch(/We do not hold your number/);
  });

  it('takes "never mind" to "what is your number?" as an answer: a polite ending, no code sent, the question closed', async () => {
    const stranger = chat('stranger-2');
    expect(all(await stranger('where did you get my number?'))).toMatch(/What is your number\?/);
    expect(all(await stranger('my home one'))).toMatch(/^"my home one" does not look like a valid phone number/);
    const sent = sms.sent.length;
    const answer = all(await stranger('never mind'));
    expect(answer).toMatch(/^OK, I will leave things as they are\.$/);
    expect(sms.sent.length).toBe(sent);
  });

  it('honours an opt-out from a claimed identity for the number, tells it nothing, and queues a notice to the verified person', async () => {
    // Ana proves her number on her own account first.
    await anaBooks('+34915550706', 'ana-4', '13:00');
    const ana = chat('ana-4');
    await ana('¿De dónde habéis sacado mi número?');
    await ana(sms.codeFor('+34915550706'));

    const mallory = chat('mallory-4');
    await mallory('hola');
    await mallory('915550706');
    const answer = all(await mallory('STOP STOP STOP'));
    expect(answer).toMatch(/^Hecho: no llamaremos a ese número/);
    expect(answer).not.toMatch(/10:00|cancelado tu llamada/);
    expect(
      await app.database.collection('callbacks').countDocuments({ status: 'booked', startUtc: new Date('2026-11-25T09:00:00Z') }),
    ).toBe(0);
    const person = await app.database.collection('people').findOne({ phoneE164: '+34915550706' });
    expect(await app.database.collection('optOutNotices').find({ personId: person!._id }).toArray()).toEqual([
      expect.objectContaining({ channelId: 'msteams', accountId: 'ana-4', status: 'pending' }),
    ]);

    // Ana's one-word undo, from her verified account, is a new grant.
    expect(all(await ana('DESHACER'))).toMatch(/Anotado: podemos volver a llamarte/);
    expect(await app.database.collection('optOutNotices').findOne({ personId: person!._id })).toMatchObject({ status: 'undone' });
  });

  it('asks which number to stop when it knows none, and stops it without saying whether we knew it', async () => {
    const someone = chat('someone-1');
    expect(all(await someone('no me llaméis más'))).toMatch(/¿A qué número no debemos llamar\?/);
    expect(all(await someone('915550707'))).toMatch(/^Hecho: no llamaremos a ese número/);
    const agent = (await new ApiKeyStore(app.database.apiKeys).create('agent', 'test')).key;
    const contactability = (await (
      await fetch(`${app.url}/api/agent/contactability?phone=%2B34915550707&purpose=service`, { headers: { 'x-api-key': agent } })
    ).json()) as { allowed: boolean; reasons: Array<{ code: string }> };
    expect(contactability.allowed).toBe(false);
    expect(contactability.reasons.map((r) => r.code)).toContain('suppressed');
  });
});
