import type { RunningApp } from '../../bot/app';
import type { CallbackDocument } from '../../services/booking/callback';
import { OptOutNotices } from '../../services/dataRights/optOutNotices';
import { PeopleStore } from '../../services/people/peopleStore';
import { apiClient, startTestApp } from '../support/app';
import { uniqueDatabaseName } from '../support/database';
import { GraphApiServer, startGraphApiServer } from '../support/graphApiServer';
import { createAgent } from '../support/handoff';
import { all, readReply, WA, whatsAppEnv, whatsAppPerson, type WhatsAppReply } from '../support/whatsapp';

// The seeded default rule set: Madrid, Mon–Fri 09:00–14:00 and 15:30–20:00; promises: reminders 24 h and 15 min
// before, 30 minutes' grace, 3 attempts two hours apart.
const TUESDAY_0915 = '2026-11-24T08:15:00Z';
const at = (iso: string) => new Date(iso);

describe('keeping our word on WhatsApp: reminders, the missed call repaired, retries the person hears of', () => {
  let graph: GraphApiServer;
  let app: RunningApp;
  let now = at(TUESDAY_0915);
  const clock = () => now;

  beforeAll(async () => {
    graph = await startGraphApiServer({ version: WA.version, phoneNumberId: WA.phoneNumberId, token: WA.token });
    app = await startTestApp(
      uniqueDatabaseName('promises'),
      whatsAppEnv(graph, {
        WHATSAPP_TEMPLATE_REMINDER: 'callback_reminder',
        WHATSAPP_TEMPLATE_APOLOGY: 'callback_apology',
        WHATSAPP_TEMPLATE_FOLLOW_UP: 'callback_follow_up',
      }),
      clock,
    );
  });
  afterAll(async () => {
    await app.database.db.dropDatabase();
    await app.close();
    await graph.close();
  });
  afterEach(() => expect(graph.violations()).toEqual([]));

  /** One pass of the promise job at `instant`; what it sent to this person through the Graph API. */
  async function passAt(instant: string, waId: string): Promise<WhatsAppReply[]> {
    now = at(instant);
    const before = graph.requests.length;
    await app.promises.runOnce();
    return graph.requests
      .slice(before)
      .filter((request) => request.body.to === waId)
      .map(readReply);
  }

  /** The person taps a button or list row of a message we sent first (the job's, not an answer to them). */
  function tapOn(person: ReturnType<typeof whatsAppPerson>, reply: WhatsAppReply, title: string) {
    const id = reply.ids[reply.choices.indexOf(title)];
    if (!id) throw new Error(`no choice "${title}" among ${reply.choices.join(' | ')}`);
    return person.send(
      reply.kind === 'buttons'
        ? { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id, title } } }
        : { type: 'interactive', interactive: { type: 'list_reply', list_reply: { id, title } } },
    );
  }

  const callbackOf = async (phone: string, status?: CallbackDocument['status']) => {
    const person = await app.database.db.collection('people').findOne({ phoneE164: phone });
    return (await app.database
      .collection('callbacks')
      .findOne({ personId: String(person!._id), ...(status ? { status } : {}) }, { sort: { createdAt: -1 } }))!;
  };

  async function bookThisAfternoon(waId: string) {
    now = at(TUESDAY_0915);
    const person = whatsAppPerson(app, graph, waId, clock);
    await person.say('hola');
    await person.tap('Sí, podéis llamarme');
    await person.tap('Península y Baleares');
    await person.say('hoy a las 16:00');
    expect(all(await person.tap('mar 24 nov, 16:00'))).toMatch(/Te llamaremos el martes 24 de noviembre a las 16:00/);
    return person;
  }

  it('reminds 15 minutes before with one-tap choices, and after a miss apologises once with new times that repair it', async () => {
    const ana = await bookThisAfternoon('34612550400');
    const pass = (instant: string) => passAt(instant, '34612550400');
    // The day-before reminder fell before the booking: skipped. Nothing is due until 15:45.
    expect(await pass('2026-11-24T14:44:00Z')).toEqual([]);

    const reminder = await pass('2026-11-24T14:45:00Z');
    expect(reminder).toHaveLength(1);
    expect(reminder[0]).toMatchObject({ kind: 'buttons', choices: ['Mantenerla', 'Cambiar la hora', 'Cancelarla'] });
    expect(reminder[0]!.text).toBe('Te recordamos que te llamaremos el martes 24 de noviembre a las 16:00. ¿La mantenemos?');
    expect(await pass('2026-11-24T14:46:00Z')).toEqual([]); // never twice

    // Tapped like any question of the conversation.
    expect(all(await tapOn(ana, reminder[0]!, 'Mantenerla'))).toMatch(/Perfecto, te llamaremos el martes 24 de noviembre a las 16:00/);

    await pass('2026-11-24T15:00:00Z');
    expect((await callbackOf('+34612550400')).status).toBe('due');

    // Nobody called: at start + 30 minutes it is missed, and the person hears it from us, with new times.
    const apology = await pass('2026-11-24T15:30:00Z');
    expect(apology).toHaveLength(1);
    expect(apology[0]!.text).toBe(
      'Te prometimos llamarte el martes 24 de noviembre a las 16:00 y no lo hicimos. Lo sentimos de verdad. ¿Te llamamos en uno de estos momentos?',
    );
    expect(apology[0]!.choices).toEqual(['mar 24 nov, 17:00', 'mar 24 nov, 17:30', 'mar 24 nov, 18:00', 'Otro momento']);
    const missed = await callbackOf('+34612550400');
    expect(missed).toMatchObject({ status: 'missed', missedAt: at('2026-11-24T15:30:00Z') });
    expect(all(await tapOn(ana, apology[0]!, 'mar 24 nov, 17:00'))).toMatch(/Te llamaremos el martes 24 de noviembre a las 17:00/);
    expect(await pass('2026-11-24T15:31:00Z')).toEqual([]); // one apology, and the repair has its own plan
    const repair = await callbackOf('+34612550400', 'booked');
    expect(repair).toMatchObject({ repairOf: missed._id, startUtc: at('2026-11-24T16:00:00Z') });
    expect(await app.database.collection('callbacks').findOne({ _id: missed._id })).toMatchObject({
      status: 'repaired',
      repairedBy: repair._id,
    });
    const transitions = await app.database.db.collection('callback_transitions').find({ callbackId: missed._id }).toArray();
    expect(transitions.map((t) => [t._id, t.from, t.to])).toEqual([
      [`${missed._id}#1`, 'booked', 'due'],
      [`${missed._id}#2`, 'due', 'missed'],
      [`${missed._id}#3`, 'missed', 'repaired'],
    ]);
  });

  it('sends the day-before reminder as the approved template once the 24-hour window has closed', async () => {
    now = at(TUESDAY_0915);
    const bea = whatsAppPerson(app, graph, '34612550401', clock);
    const pass = (instant: string) => passAt(instant, '34612550401');
    await bea.say('hola');
    await bea.tap('Sí, podéis llamarme');
    await bea.tap('Península y Baleares');
    await bea.say('el jueves a las 10');
    expect(all(await bea.tap('jue 26 nov, 10:00'))).toMatch(/Te llamaremos el jueves 26 de noviembre a las 10:00/);

    const reminder = await pass('2026-11-25T09:00:00Z');
    expect(reminder).toHaveLength(1);
    expect(reminder[0]!.kind).toBe('template');
    expect(reminder[0]!.request.body.template.name).toBe('callback_reminder');
    expect(reminder[0]!.text).toMatch(/^Te recordamos que te llamaremos el jueves 26 de noviembre a las 10:00\. ¿La mantenemos\?/);
  });

  it('after no answer plans a lawful retry the person hears of; after the third, unreachable, and told so', async () => {
    await bookThisAfternoon('34612550402');
    const pass = (instant: string) => passAt(instant, '34612550402');
    const { key } = await createAgent(app, { name: 'Lucía', timeZone: 'Europe/Madrid', languages: ['es'] });
    const api = apiClient(app, key);
    const callback = await callbackOf('+34612550402');

    now = at('2026-11-24T15:02:00Z');
    const first = await api('POST', `/api/agent/callbacks/${callback._id}/outcome`, { outcome: 'no_answer' });
    expect(first.status).toBe(201);
    // Two hours after the call, in the next free slot inside the team's hours and the lawful window.
    expect(first.body.callback).toMatchObject({ status: 'retrying', startUtc: '2026-11-24T17:30:00.000Z', attempts: 1, keptOnTime: true });
    const told = await pass('2026-11-24T15:03:00Z');
    expect(told.map((r) => r.text)).toEqual([
      'Te hemos llamado y no hemos podido hablar contigo. Volveremos a intentarlo el martes 24 de noviembre a las 18:30. Si prefieres otro momento, dímelo.',
    ]);
    expect(told[0]!.choices).toEqual(['Mantenerla', 'Cambiar la hora', 'Cancelarla']);
    const attempts = await app.database.db.collection('call_attempts').find({ personId: callback.personId }).toArray();
    expect(attempts.map((a) => [a.purpose, a.outcome])).toEqual([['acquisition', 'no_answer']]);

    now = at('2026-11-24T17:31:00Z');
    const second = await api('POST', `/api/agent/callbacks/${callback._id}/outcome`, { outcome: 'busy' });
    // 19:31 + nothing free before 20:00's close: the next morning at 09:30 (spacing from the attempt).
    expect(second.body.callback).toMatchObject({ status: 'retrying', attempts: 2 });
    expect(new Date(second.body.callback.startUtc).getTime()).toBeGreaterThanOrEqual(at('2026-11-24T19:31:00Z').getTime());
    await pass('2026-11-24T17:32:00Z');

    now = new Date(new Date(second.body.callback.startUtc).getTime() + 60_000);
    const third = await api('POST', `/api/agent/callbacks/${callback._id}/outcome`, { outcome: 'voicemail' });
    expect(third.body.callback).toMatchObject({ status: 'unreachable', attempts: 3 });
    const last = await pass(new Date(now.getTime() + 60_000).toISOString());
    expect(last.map((r) => r.text).join('\n')).toMatch(/Lo hemos intentado varias veces y no hemos conseguido hablar contigo/);
  });

  it('hears the apology, never "shall we keep it?", when the person writes after the time passed', async () => {
    const dani = await bookThisAfternoon('34612550403');
    now = at('2026-11-24T15:10:00Z');
    const late = await dani.say('hola');
    expect(all(late)).toMatch(/Tu llamada era el martes 24 de noviembre a las 16:00 y aún no te hemos llamado\. Lo sentimos/);
    expect(all(late)).not.toMatch(/¿La mantenemos\?/);
    // The first free times after the notice period; one tap moves the call there.
    expect(late.at(-1)!.choices).toEqual(['mar 24 nov, 17:00', 'mar 24 nov, 17:30', 'mar 24 nov, 18:00', 'Otro momento']);
    expect(all(await dani.tap('mar 24 nov, 17:30'))).toMatch(/ahora te llamaremos el martes 24 de noviembre a las 17:30/);
  });

  it('tells the person the new time when an agent moves the call, and reminds them of that time only', async () => {
    await bookThisAfternoon('34612550405');
    const pass = (instant: string) => passAt(instant, '34612550405');
    const { key } = await createAgent(app, { name: 'Marta', timeZone: 'Europe/Madrid', languages: ['es'] });
    const callback = await callbackOf('+34612550405');
    now = at('2026-11-24T10:00:00Z');
    const moved = await apiClient(app, key)('POST', `/api/agent/callbacks/${callback._id}/move`, { startUtc: '2026-11-24T17:00:00Z' });
    expect(moved.status).toBe(200);
    const told = await pass('2026-11-24T10:00:01Z');
    expect(told.map((r) => r.text)).toEqual([
      'Hemos tenido que cambiar tu llamada: ahora te llamaremos el martes 24 de noviembre a las 18:00. ¿Te va bien?',
    ]);
    expect(told[0]!.choices).toEqual(['Mantenerla', 'Cambiar la hora', 'Cancelarla']);
    expect(await pass('2026-11-24T10:00:02Z')).toEqual([]);
    // The old time's reminder (15:45) never comes; the new one does, at 17:45.
    expect(await pass('2026-11-24T14:45:00Z')).toEqual([]);
    expect((await pass('2026-11-24T16:45:00Z')).map((r) => r.text)).toEqual([
      'Te recordamos que te llamaremos el martes 24 de noviembre a las 18:00. ¿La mantenemos?',
    ]);
  });

  it('tells a WhatsApp person that someone else opted their number out, through the follow-up template outside the window', async () => {
    await bookThisAfternoon('34612550406');
    const person = await app.database.db.collection('people').findOne({ phoneE164: '+34612550406' });
    const notices = new OptOutNotices(
      app.database.collection('optOutNotices'),
      new PeopleStore(app.database.collection('people'), app.database.collection('channelAccounts'), clock),
      clock,
    );
    expect(await notices.queueFor(String(person!._id), { channelId: 'webchat', accountId: 'mallory', vouched: false })).toBe(1);
    now = at('2026-11-25T12:00:00Z'); // more than 24 hours after the person last wrote
    const before = graph.requests.length;
    await app.jobs.optOutNotices.runOnce();
    const sent = graph.requests
      .slice(before)
      .filter((r) => r.body.to === '34612550406')
      .map(readReply);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.kind).toBe('template');
    expect(sent[0]!.request.body.template.name).toBe('callback_follow_up');
  });

  it('never reminds a person who opted out', async () => {
    const eva = await bookThisAfternoon('34612550404');
    const pass = (instant: string) => passAt(instant, '34612550404');
    await eva.say('baja');
    expect(await pass('2026-11-24T14:45:00Z')).toEqual([]);
    expect(await pass('2026-11-24T15:30:00Z')).toEqual([]);
  });
});
