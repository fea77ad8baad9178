import type { RunningApp } from '../../bot/app';
import { ApiKeyStore } from '../../services/auth/apiKeys';
import { defaultRuleSet } from '../../services/availability/defaultRuleSet';
import { parseRuleSet } from '../../services/availability/ruleSet';
import type { CallbackDocument } from '../../services/booking/callback';
import { RuleSetStore } from '../../services/availability/ruleSetStore';
import { PeopleStore } from '../../services/people/peopleStore';
import { TeamStore } from '../../services/teams/teamStore';
import { apiClient, conversationWith, messageActivity, postActivity, type Reply, startTestApp } from '../support/app';
import { uniqueDatabaseName } from '../support/database';
import { GraphApiServer, startGraphApiServer } from '../support/graphApiServer';
import { createAgent } from '../support/handoff';
import { all, deliveryOf, postWebhook, readReply, text, WA, waitUntilAnswered, wamid, whatsAppEnv } from '../support/whatsapp';

// Tuesday 24 November 2026, 09:15 in Madrid. "Mañana por la tarde" is Wednesday 25 November.
const TUESDAY_0915_MADRID = new Date('2026-11-24T08:15:00Z');
// The default team (renamed Madrid) books the seeded rule set: weekdays 09:00–14:00 and 15:30–20:00 Madrid time.
const MADRID_AFTERNOON = ['mié 25 nov, 15:30', 'mié 25 nov, 16:00', 'mié 25 nov, 16:30'];
// Las Palmas works 16:00–18:00 Canary time, 17:00–19:00 in Madrid, where these prospects live.
const LAS_PALMAS_AFTERNOON = ['mié 25 nov, 17:00', 'mié 25 nov, 17:30', 'mié 25 nov, 18:00'];
const SECOND_NUMBER = '222222222222222';

describe('a conversation reaches its team: entry point, then campaign, then the default team', () => {
  let graph: GraphApiServer;
  let app: RunningApp;
  let admin: ReturnType<typeof apiClient>;
  let now = TUESDAY_0915_MADRID;
  const clock = () => now;

  beforeAll(async () => {
    graph = await startGraphApiServer({
      version: WA.version,
      phoneNumberId: WA.phoneNumberId,
      token: WA.token,
      otherPhoneNumberIds: [SECOND_NUMBER],
    });
    app = await startTestApp(
      uniqueDatabaseName('team_routing'),
      whatsAppEnv(graph, { WHATSAPP_TEMPLATE_REMINDER: 'callback_reminder' }),
      clock,
    );
    const teams = new TeamStore(app.database.collection('teamVersions'));
    // An admin's two teams: the default one, renamed, no longer the Teams app's; and Las Palmas with its entry points.
    await teams.save('default', { name: 'Madrid', languages: ['es', 'en'] }, 'test');
    await new RuleSetStore(app.database.ruleSetVersions).save(
      parseRuleSet({
        ...defaultRuleSet('las-palmas'),
        name: 'Las Palmas',
        timeZone: 'Atlantic/Canary',
        weeklyHours: Object.fromEntries(
          ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, day === 'sun' ? [] : [{ start: '16:00', end: '18:00' }]]),
        ),
        holidays: { country: 'ES', region: 'CN', add: [], remove: [] },
      }),
      'test',
    );
    await teams.save(
      'las-palmas',
      {
        name: 'Las Palmas',
        languages: ['es'],
        entryPoints: { webChat: ['canarias'], whatsAppNumbers: [SECOND_NUMBER], teamsApp: true },
        campaigns: ['tv-canarias'],
      },
      'test',
    );
    admin = apiClient(app, (await new ApiKeyStore(app.database.apiKeys).create('admin', 'test admin')).key);
  });
  afterAll(async () => {
    await app.database.db.dropDatabase();
    await app.close();
    await graph.close();
  });

  /** A prospect on Web Chat whose page names `entryTeam` (channelData, as public/webchat/app.js sends it). */
  function webChat(userId: string, channelData?: Record<string, unknown>) {
    return async (said: string): Promise<Reply[]> => {
      const activity = messageActivity({ text: said, locale: 'es-ES', userId, channelId: 'webchat', conversationId: `conv-${userId}` });
      const { status, replies } = await postActivity(app.url, { ...activity, ...(channelData ? { channelData } : {}) });
      if (status !== 200) throw new Error(`bot answered ${status}`);
      return replies.map((reply) => ({
        text: reply.text ?? '',
        choices: ((reply.suggestedActions as { actions?: Array<{ title: string }> } | undefined)?.actions ?? []).map((a) => a.title),
        attachments: [],
      }));
    };
  }

  /** From "hola" to the times offered for tomorrow afternoon, as a Spanish mobile on the peninsula. */
  async function offeredTomorrowAfternoon(say: (text: string) => Promise<Reply[]>, phone: string): Promise<string[]> {
    await say('hola');
    await say(phone);
    await say('Sí, podéis llamarme');
    await say('Península y Baleares');
    const offer = (await say('mañana por la tarde')).at(-1)!;
    return offer.choices.slice(0, -1);
  }

  /** A WhatsApp message written to one of the business numbers (Meta's phone_number_id in the webhook's metadata). */
  async function whatsApp(waId: string, toNumber: string, said: string) {
    const before = graph.requests.length;
    const id = wamid();
    const delivery = deliveryOf([{ from: waId, id, at: clock(), message: text(said) }]) as any;
    delivery.entry[0].changes[0].value.metadata.phone_number_id = toNumber;
    expect((await postWebhook(app, delivery)).status).toBe(200);
    await waitUntilAnswered(app, [id]);
    return graph.requests.slice(before).map(readReply);
  }

  const callbackOf = async (phoneE164: string): Promise<CallbackDocument[]> => {
    const person = await app.database.collection('people').findOne({ phoneE164 });
    return app.database.collection('callbacks').find({ personId: person!._id }).toArray();
  };

  it('Web Chat: a page that names the team’s entry is offered that team’s times; a page that names none, the default team’s', async () => {
    expect(await offeredTomorrowAfternoon(webChat('wc-canarias', { entryTeam: 'canarias' }), '612 550 401')).toEqual(LAS_PALMAS_AFTERNOON);
    expect(await offeredTomorrowAfternoon(webChat('wc-plain'), '612 550 402')).toEqual(MADRID_AFTERNOON);
    // Not a slug, or no team's entry: the page's team is ignored (never an error), and routing goes on.
    expect(await offeredTomorrowAfternoon(webChat('wc-bad', { entryTeam: '<script>' }), '612 550 403')).toEqual(MADRID_AFTERNOON);
    expect(await offeredTomorrowAfternoon(webChat('wc-obj', { entryTeam: ['canarias'] }), '612 550 404')).toEqual(MADRID_AFTERNOON);
  });

  it('Web Chat: the booking is recorded with the team that will call (its rule set)', async () => {
    const say = webChat('wc-book', { entryTeam: 'canarias' });
    expect(await offeredTomorrowAfternoon(say, '612 550 405')).toEqual(LAS_PALMAS_AFTERNOON);
    expect((await say('la segunda')).map((r) => r.text).join('\n')).toMatch(/Te llamaremos el miércoles 25 de noviembre a las 17:30/);
    const [callback] = await callbackOf('+34612550405');
    expect(callback).toMatchObject({ ruleSetId: 'las-palmas', status: 'booked' });
    expect(callback!.seatKey).toBe('las-palmas|2026-11-25T16:30:00.000Z|0');
  });

  it('WhatsApp: each business number reaches its own team', async () => {
    const route = async (waId: string, toNumber: string) => {
      await whatsApp(waId, toNumber, 'hola');
      await whatsApp(waId, toNumber, 'Sí, podéis llamarme');
      await whatsApp(waId, toNumber, 'Península y Baleares');
      const offer = (await whatsApp(waId, toNumber, 'mañana por la tarde')).at(-1)!;
      return offer.choices.slice(0, -1);
    };
    expect(await route('34612550410', WA.phoneNumberId)).toEqual(MADRID_AFTERNOON);
    expect(await route('34612550411', SECOND_NUMBER)).toEqual(LAS_PALMAS_AFTERNOON);
    expect(graph.violations()).toEqual([]);
    // Each person is answered from the number they wrote to.
    const sentFrom = (waId: string) => new Set(graph.requests.filter((r) => r.body.to === waId).map((r) => r.path));
    expect(sentFrom('34612550410')).toEqual(new Set([`/${WA.version}/${WA.phoneNumberId}/messages`]));
    expect(sentFrom('34612550411')).toEqual(new Set([`/${WA.version}/${SECOND_NUMBER}/messages`]));
  });

  it('Teams: the team that takes the Teams app', async () => {
    const say = conversationWith(app.url, { userId: '29:teams-routing', channelId: 'msteams', locale: 'es-ES' });
    expect(await offeredTomorrowAfternoon(say, '612 550 420')).toEqual(LAS_PALMAS_AFTERNOON);
  });

  it('campaign: a person imported from a team’s campaign reaches that team on a page that names none', async () => {
    await new PeopleStore(app.database.collection('people'), app.database.collection('channelAccounts'), clock).findOrCreateByPhone(
      '+34612550430',
      { provenance: { source: 'campaign', campaign: 'tv-canarias', collectedAt: clock(), detail: null }, language: 'es' },
    );
    expect(await offeredTomorrowAfternoon(webChat('wc-campaign'), '612 550 430')).toEqual(LAS_PALMAS_AFTERNOON);
    // The entry point still comes first.
    await new PeopleStore(app.database.collection('people'), app.database.collection('channelAccounts'), clock).findOrCreateByPhone(
      '+34612550431',
      { provenance: { source: 'campaign', campaign: 'radio-madrid', collectedAt: clock(), detail: null }, language: 'es' },
    );
    expect(await offeredTomorrowAfternoon(webChat('wc-campaign-2', { entryTeam: 'canarias' }), '612 550 431')).toEqual(
      LAS_PALMAS_AFTERNOON,
    );
  });

  it('booked with one team, written to another: told which team and when, not booked twice, and the booking can still be moved', async () => {
    const waId = '34612550440';
    await whatsApp(waId, WA.phoneNumberId, 'hola');
    await whatsApp(waId, WA.phoneNumberId, 'Sí, podéis llamarme');
    await whatsApp(waId, WA.phoneNumberId, 'Península y Baleares');
    await whatsApp(waId, WA.phoneNumberId, 'mañana por la tarde');
    expect(all(await whatsApp(waId, WA.phoneNumberId, 'mié 25 nov, 16:00'))).toMatch(
      /Te llamaremos el miércoles 25 de noviembre a las 16:00/,
    );

    // The same person writes to Las Palmas' number.
    const told = await whatsApp(waId, SECOND_NUMBER, 'hola, quiero que me llaméis mañana');
    expect(all(told)).toMatch(/Ya tienes una llamada con Madrid el miércoles 25 de noviembre a las 16:00, así que no te reservo otra/);
    expect(told.at(-1)?.choices).toEqual(['Mantenerla', 'Cambiar la hora', 'Cancelarla']);
    // Moving it stays with the team that will call: Madrid's times, not Las Palmas'.
    await whatsApp(waId, SECOND_NUMBER, 'Cambiar la hora');
    const offer = (await whatsApp(waId, SECOND_NUMBER, 'mañana por la tarde')).at(-1)!;
    expect(offer.choices).toEqual([...MADRID_AFTERNOON, 'Otro momento']);
    expect(all(await whatsApp(waId, SECOND_NUMBER, 'mié 25 nov, 16:30'))).toMatch(
      /ahora te llamaremos el miércoles 25 de noviembre a las 16:30/,
    );

    const callbacks = await callbackOf(`+${waId}`);
    expect(callbacks.map((c) => [c.ruleSetId, c.status])).toEqual([['default', 'booked']]);
    expect(graph.violations()).toEqual([]);
  });

  it('an agent sees and works only their team’s callbacks; an admin key sees every team’s', async () => {
    const [madrid] = await callbackOf('+34612550440');
    const [lasPalmas] = await callbackOf('+34612550405');
    const canarian = apiClient(
      app,
      (await createAgent(app, { name: 'Nayra', timeZone: 'Atlantic/Canary', languages: ['es'], team: 'las-palmas' })).key,
    );
    const madrileño = apiClient(
      app,
      (await createAgent(app, { name: 'Lucía', timeZone: 'Europe/Madrid', languages: ['es'], team: 'default' })).key,
    );
    const range = '/api/agent/callbacks?from=2026-11-24&to=2026-11-27';
    const ids = (body: { callbacks: Array<{ callbackId: string }> }) => body.callbacks.map((c) => c.callbackId);

    const theirs = await canarian('GET', range);
    expect(theirs.status).toBe(200);
    expect(ids(theirs.body)).toContain(lasPalmas!._id);
    expect(ids(theirs.body)).not.toContain(madrid!._id);
    expect(ids((await madrileño('GET', range)).body)).toEqual(expect.arrayContaining([madrid!._id]));
    expect(ids((await madrileño('GET', range)).body)).not.toContain(lasPalmas!._id);
    expect(ids((await admin('GET', range)).body)).toEqual(expect.arrayContaining([madrid!._id, lasPalmas!._id]));

    // Another team's callback is no callback at all to this agent: not read, not claimed, not moved.
    expect((await canarian('GET', `/api/agent/callbacks/${madrid!._id}`)).status).toBe(404);
    expect((await canarian('POST', `/api/agent/callbacks/${madrid!._id}/claim`, {})).status).toBe(404);
    expect((await canarian('GET', `/api/agent/callbacks/${madrid!._id}/slots`)).status).toBe(404);
    expect(await app.database.db.collection('callback_claims').countDocuments({ _id: madrid!._id as never })).toBe(0);
    expect((await canarian('POST', `/api/agent/callbacks/${lasPalmas!._id}/claim`, {})).status).toBe(201);
    expect((await madrileño('GET', `/api/agent/callbacks/${madrid!._id}`)).status).toBe(200);

    // A callback is handed over only within its team: whom the agent may pick, and what the desk accepts.
    const names = (body: { agents: Array<{ name: string }> }) => body.agents.map((a) => a.name);
    expect(names((await canarian('GET', '/api/agent/agents')).body)).toEqual(['Nayra']);
    expect(names((await admin('GET', '/api/agent/agents')).body)).toEqual(expect.arrayContaining(['Nayra', 'Lucía']));
    const lucia = (await admin('GET', '/api/agent/agents')).body.agents.find((a: { name: string }) => a.name === 'Lucía');
    const handedAway = await admin('POST', `/api/agent/callbacks/${lasPalmas!._id}/reassign`, { agentId: lucia._id });
    expect(handedAway).toMatchObject({
      status: 400,
      body: { field: 'agentId', message: expect.stringContaining("not in this callback's team") },
    });
    expect(await app.database.db.collection('callback_claims').findOne({ _id: lasPalmas!._id as never })).toMatchObject({
      agentName: 'Nayra',
    });
  });

  it('WhatsApp: the reminder of a team’s callback comes from that team’s number', async () => {
    const waId = '34612550411'; // offered Las Palmas' times on its number, above
    expect(all(await whatsApp(waId, SECOND_NUMBER, 'mié 25 nov, 17:00'))).toMatch(/Te llamaremos el miércoles 25 de noviembre a las 17:00/);
    const before = graph.requests.length;
    // A quarter of an hour before the call, more than a day after the person last wrote: the approved template.
    now = new Date('2026-11-25T15:45:00Z');
    await app.promises.runOnce();
    const reminders = graph.requests.slice(before).filter((r) => r.body.to === waId);
    expect(reminders.map((r) => [r.path, r.body.type, r.body.template?.name])).toEqual([
      [`/${WA.version}/${SECOND_NUMBER}/messages`, 'template', 'callback_reminder'],
    ]);
    expect(graph.violations()).toEqual([]);
  });
});
