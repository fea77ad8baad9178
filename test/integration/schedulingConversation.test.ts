import type { RunningApp } from '../../bot/app';
import { ApiKeyStore } from '../../services/auth/apiKeys';
import { bookingServiceOn } from '../../services/booking/bookingService';
import { parseRuleSet } from '../../services/availability/ruleSet';
import { defaultRuleSet } from '../../services/availability/defaultRuleSet';
import type { RuleSetInput } from '../../services/availability/ruleSet';
import { RuleSetStore } from '../../services/availability/ruleSetStore';
import { PeopleStore } from '../../services/people/peopleStore';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { conversationWith, postActivity, Reply, startTestApp } from '../support/app';
import { uniqueDatabaseName } from '../support/database';
import { madridSalesRuleSet } from '../support/ruleSets';

type Step = [say: string, expect: RegExp[]];
interface Row {
  name: string;
  now: string;
  who: { userId: string; channelId?: string; locale?: string; localTimezone?: string };
  steps: Step[];
  /** The team's rule set, when not the seeded default. */
  ruleSet?: RuleSetInput;
}

const all = (replies: Reply[]) => replies.map((r) => [r.text, ...r.choices].join(' | ')).join('\n');

// The seeded default rule set: Madrid, Mon–Fri 09:00–14:00 and 15:30–20:00, Spanish holidays, 2 seats.
const TUESDAY_0915_MADRID = '2026-11-24T08:15:00Z';
const MONDAY_21_DEC_1000_MADRID = '2026-12-21T09:00:00Z';
const MONDAY_28_DEC_1000_MADRID = '2026-12-28T09:00:00Z';

const rows: Row[] = [
  {
    name: 'books in Spanish from free text, choosing by ordinal',
    now: TUESDAY_0915_MADRID,
    who: { userId: 'ana', locale: 'es-ES' },
    steps: [
      ['hola', [/^¡Hola! Soy el asistente/, /escribe «baja»/, /¿A qué número te llamamos\?/]],
      ['612 34 56 78', [/¿Nos das permiso para llamarte al \+34 612 34 56 78/, /Sí, podéis llamarme \| No, gracias/]],
      ['sí', [/¿En qué zona horaria estás\?/, /Península y Baleares \| Canarias/]],
      ['Península y Baleares', [/¿Cuándo te viene bien/]],
      [
        'mañana por la tarde',
        [/huecos libres más cercanos/, /mié 25 nov, 15:30 \| mié 25 nov, 16:00 \| mié 25 nov, 16:30 \| Otro momento/],
      ],
      ['la segunda', [/¡Hecho! Te llamaremos el miércoles 25 de noviembre a las 16:00 al \+34 612 34 56 78/, /cancela la llamada/]],
      [
        'hola',
        [/Tienes una llamada el miércoles 25 de noviembre a las 16:00\. ¿La mantenemos\?/, /Mantenerla \| Cambiar la hora \| Cancelarla/],
      ],
      // Not an answer to "do we keep it?" (nor a time): the booking and its choices again.
      ['hola', [/Tienes una llamada el miércoles 25 de noviembre a las 16:00\. ¿La mantenemos\?/]],
      ['mejor el viernes por la mañana', [/vie 27 nov, 10:00/]],
      ['10:30', [/Cambiado: ahora te llamaremos el viernes 27 de noviembre a las 10:30\. La hora anterior ha quedado libre/]],
      ['cancela la llamada', [/Cancelada: ya no te llamaremos el viernes 27 de noviembre a las 10:30/]],
      ['cancela la llamada', [/No tienes ninguna llamada pendiente\./]],
    ],
  },
  {
    name: 'asks again for an invalid number, with an example, and stores nothing',
    now: TUESDAY_0915_MADRID,
    who: { userId: 'bad-number', locale: 'es-ES' },
    steps: [
      ['buenas', [/¿A qué número te llamamos\?/]],
      [
        '12345',
        [/«12345» no parece un número de teléfono válido, y no lo he guardado\. Escríbelo con prefijo, por ejemplo: \+34 612 345 678/],
      ],
      ['mi número es el de siempre', [/no parece un número de teléfono válido/]],
      ['+34 915 55 12 34', [/¿Nos das permiso para llamarte al \+34 915 55 12 34/]],
    ],
  },
  {
    name: 'refuses 23:45 in plain words and offers the nearest lawful times',
    now: TUESDAY_0915_MADRID,
    who: { userId: 'late', locale: 'es-ES' },
    steps: [
      ['hola', [/número/]],
      ['915551235', [/permiso/]],
      ['vale', [/¿Cuándo te viene bien/]],
      ['mañana a las 23:45', [/No llamamos a esa hora: solo llamamos entre las 09:00 y las 21:00 \(tu hora local\)/, /mié 25 nov, 19:30/]],
    ],
  },
  {
    name: 'says when nobody in the team can call, and when the law does not allow a day',
    now: TUESDAY_0915_MADRID,
    who: { userId: 'lunch', locale: 'es-ES' },
    steps: [
      ['hola', [/número/]],
      ['915551244', [/permiso/]],
      ['sí', [/¿Cuándo/]],
      ['mañana a las 14:30', [/A esa hora no hay nadie del equipo para llamarte\./, /mié 25 nov, (13:30|15:30)/]],
      // A closed day moves forward to the next open one, at the same time of day.
      [
        'el sábado a las 10',
        [
          /Ese día no hacemos llamadas comerciales: solo de lunes a viernes\./,
          /lun 30 nov, 09:30 \| lun 30 nov, 10:00 \| lun 30 nov, 10:30 \|/,
        ],
      ],
    ],
  },
  {
    name: 'says a public holiday is a public holiday',
    now: TUESDAY_0915_MADRID,
    who: { userId: 'holiday', locale: 'es-ES' },
    steps: [
      ['hola', [/número/]],
      ['915551236', [/permiso/]],
      ['sí', [/¿Cuándo/]],
      ['el 8 de diciembre a las 10', [/Ese día es festivo donde estás/, /mié 9 dic, 09:30 \| mié 9 dic, 10:00 \| mié 9 dic, 10:30 \|/]],
    ],
  },
  {
    name: 'keeps 10:00 local in the week the clocks go forward (28 March 2027)',
    now: '2027-03-24T09:00:00Z',
    who: { userId: 'dst', locale: 'es-ES' },
    steps: [
      ['hola', [/número/]],
      ['915551237', [/permiso/]],
      ['sí', [/¿Cuándo/]],
      ['el lunes a las 10', [/lun 29 mar, 10:00/]],
      ['lun 29 mar, 10:00', [/Te llamaremos el lunes 29 de marzo a las 10:00/]],
    ],
  },
  {
    name: 'books in English for a New York number, in New York time',
    now: TUESDAY_0915_MADRID,
    who: { userId: 'bob', locale: 'en-US', localTimezone: 'America/New_York' },
    steps: [
      ['hello', [/^Hi! I'm the callback assistant/, /type "stop"/, /Which number should we call\?/]],
      ['(212) 555-0100', [/May we call you on \+1 212 555 0100/, /Yes, you may call me \| No, thanks/]],
      ['yes', [/When would you like us to call you\?/]],
      ['tomorrow at 10am', [/Wed 25 Nov, 09:30 \| Wed 25 Nov, 10:00 \| Wed 25 Nov, 10:30/]],
      ['the second one', [/Done! We will call you on Wednesday 25 November at 10:00 on \+1 212 555 0100/]],
    ],
  },
  {
    name: 'follows a person who switches language',
    now: TUESDAY_0915_MADRID,
    who: { userId: 'switch', locale: 'es-ES' },
    steps: [
      ['hola', [/¿A qué número/]],
      ['Which number? Mine is +34 915551238', [/May we call you on \+34 915 55 12 38/]],
    ],
  },
  {
    name: 'offers the first free slot for "call me now"',
    now: TUESDAY_0915_MADRID,
    who: { userId: 'now', locale: 'en-GB' },
    steps: [
      ['hi', [/Which number/]],
      ['+34 915551239', [/May we call you/]],
      ['yes', [/When would you like/]],
      // 09:15 now, 30 minutes' notice, slots on the half hour: 10:00 is the first that can be kept.
      ['call me now', [/The soonest we can call you/, /Tue 24 Nov, 10:00 \| Tue 24 Nov, 10:30 \| Tue 24 Nov, 11:00/]],
    ],
  },
  {
    name: 'answers a closed Saturday afternoon with Monday afternoon, never Friday morning; a "vale" then asks which',
    now: TUESDAY_0915_MADRID,
    who: { userId: 'saturday', locale: 'es-ES' },
    steps: [
      ['hola', [/número/]],
      ['915551250', [/permiso/]],
      ['sí', [/¿Cuándo/]],
      [
        'el sábado por la tarde',
        [/Ese día no hacemos llamadas comerciales/, /lun 30 nov, 15:30 \| lun 30 nov, 16:00 \| lun 30 nov, 16:30 \| Otro momento/],
      ],
      // None of those is the time asked for, so a plain yes cannot choose.
      ['vale', [/¿Cuál de estos huecos te viene bien\?/, /lun 30 nov, 15:30 \| lun 30 nov, 16:00 \| lun 30 nov, 16:30 \| Otro momento/]],
      ['la primera', [/¡Hecho! Te llamaremos el lunes 30 de noviembre a las 15:30/]],
    ],
  },
  {
    name: 'answers Christmas Day at 10 with the next open day around 10, in English',
    now: MONDAY_21_DEC_1000_MADRID,
    who: { userId: 'christmas', locale: 'en-GB' },
    ruleSet: madridSalesRuleSet(),
    steps: [
      ['hi', [/Which number/]],
      ['+34 915551251', [/May we call you/]],
      ['yes', [/When would you like/]],
      [
        'on Christmas day at 10',
        [/That day is a public holiday where you are/, /Mon 28 Dec, 09:30 \| Mon 28 Dec, 10:00 \| Mon 28 Dec, 10:30 \| Another time/],
      ],
      ['sure', [/Which of these times suits you\?/]],
      ['Mon 28 Dec, 10:00', [/Done! We will call you on Monday 28 December at 10:00/]],
    ],
  },
  {
    name: 'answers a day the team is closed (31 December) with the same part of the next open day',
    now: MONDAY_28_DEC_1000_MADRID,
    who: { userId: 'new-year', locale: 'es-ES' },
    ruleSet: madridSalesRuleSet(),
    steps: [
      ['hola', [/número/]],
      ['915551252', [/permiso/]],
      ['sí', [/¿Cuándo/]],
      [
        'el 31 de diciembre por la tarde',
        [/A esa hora no hay nadie del equipo/, /lun 4 ene, 15:30 \| lun 4 ene, 16:00 \| lun 4 ene, 16:30 \| Otro momento/],
      ],
    ],
  },
  {
    name: 'books the very time asked for on a plain "vale", and moves it on a plain "perfecto"',
    now: TUESDAY_0915_MADRID,
    who: { userId: 'vale', locale: 'es-ES' },
    steps: [
      ['hola', [/número/]],
      ['915551253', [/permiso/]],
      ['sí', [/¿Cuándo/]],
      ['mañana a las 10', [/mié 25 nov, 09:30 \| mié 25 nov, 10:00 \| mié 25 nov, 10:30/]],
      ['vale', [/¡Hecho! Te llamaremos el miércoles 25 de noviembre a las 10:00/]],
      ['hola', [/¿La mantenemos\?/]],
      ['mejor el jueves a las 11', [/jue 26 nov, 11:00/]],
      ['perfecto', [/Cambiado: ahora te llamaremos el jueves 26 de noviembre a las 11:00/]],
    ],
  },
  {
    name: 'books the very time asked for on a plain "yes", in English',
    now: TUESDAY_0915_MADRID,
    who: { userId: 'yes-please', locale: 'en-US', localTimezone: 'America/New_York' },
    steps: [
      ['hello', [/Which number/]],
      ['(212) 555-0101', [/May we call you/]],
      ['yes', [/When would you like/]],
      ['tomorrow at 10am', [/Wed 25 Nov, 10:00/]],
      ['ok, thanks', [/Done! We will call you on Wednesday 25 November at 10:00/]],
    ],
  },
  {
    name: 'does not take an "ahora" about something else for "call me now"; the other time wins',
    now: TUESDAY_0915_MADRID,
    who: { userId: 'ahora', locale: 'es-ES' },
    steps: [
      ['hola', [/número/]],
      ['915551254', [/permiso/]],
      ['sí', [/¿Cuándo/]],
      ['ahora no puedo hablar', [/No he entendido cuándo/]],
      ['ahora estoy en el trabajo', [/No he entendido cuándo/]],
      [
        'ahora estoy en el trabajo, llámame por la tarde',
        [/huecos libres más cercanos/, /mar 24 nov, 15:30 \| mar 24 nov, 16:00 \| mar 24 nov, 16:30 \| Otro momento/],
      ],
    ],
  },
  {
    name: 'does not take a "now" about something else for "call me now", in English; "now please" still is',
    now: TUESDAY_0915_MADRID,
    who: { userId: 'driving', locale: 'en-GB' },
    steps: [
      ['hi', [/Which number/]],
      ['+34 915551255', [/May we call you/]],
      ['yes', [/When would you like/]],
      ["I'm driving now", [/I did not catch when/]],
      [
        "right now I'm busy, call me tomorrow",
        [/nearest to what you asked/, /Wed 25 Nov, 09:00 \| Wed 25 Nov, 09:30 \| Wed 25 Nov, 10:00/],
      ],
      ['Another time', [/When would you like/]],
      ['now please', [/The soonest we can call you/, /Tue 24 Nov, 10:00/]],
    ],
  },
  {
    name: 'hears a fault, says it was noted for whoever calls, and asks its question again',
    now: TUESDAY_0915_MADRID,
    who: { userId: 'router', locale: 'es-ES' },
    steps: [
      ['hola', [/número/]],
      ['612 34 56 71', [/permiso/]],
      [
        'el router no funciona desde ayer',
        [
          /^Siento lo que cuentas\. Lo he anotado para que la persona que te llame lo sepa/,
          /¿Nos das permiso para llamarte al \+34 612 34 56 71/,
          /Sí, podéis llamarme \| No, gracias/,
        ],
      ],
      ['sí', [/¿En qué zona horaria estás\?/]],
      // Typed, not tapped: without the accent, as phones often leave it.
      ['peninsula', [/¿Cuándo te viene bien/]],
      ['sigue sin funcionar el wifi', [/^Siento lo que cuentas/, /¿Cuándo te viene bien/]],
      ['mañana por la tarde', [/huecos libres más cercanos/]],
    ],
  },
  {
    name: 'hears a fault in the first message, in English, after the greeting',
    now: TUESDAY_0915_MADRID,
    who: { userId: 'broadband', locale: 'en-GB' },
    steps: [
      [
        'my broadband is not working',
        [/^Hi! I'm the callback assistant/, /I've noted it, so whoever calls you knows about it/, /Which number should we call\?/],
      ],
    ],
  },
  {
    name: 'takes "no" for an answer to consent',
    now: TUESDAY_0915_MADRID,
    who: { userId: 'no-consent', locale: 'es-ES' },
    steps: [
      ['hola', [/número/]],
      ['915551240', [/permiso/]],
      ['No, gracias', [/Entendido: no te llamaremos/]],
    ],
  },
  {
    name: 'takes "no me interesa" for an answer to the number question, and a number after a "no" as the number',
    now: TUESDAY_0915_MADRID,
    who: { userId: 'not-interested', locale: 'es-ES' },
    steps: [
      ['hola', [/¿A qué número te llamamos\?/]],
      ['no me interesa', [/^Entendido: no te llamaremos\. Si cambias de idea, escríbeme\.$/]],
      ['hola', [/¿A qué número te llamamos\?/]],
      ['no, es el 915 55 12 41', [/¿Nos das permiso para llamarte al \+34 915 55 12 41/]],
    ],
  },
  {
    name: 'takes "not interested" for an answer to the number question and to consent, in English',
    now: TUESDAY_0915_MADRID,
    who: { userId: 'not-interested-en', locale: 'en-GB' },
    steps: [
      ['hello', [/Which number should we call\?/]],
      ["I'm not interested", [/^Understood: we will not call you\. If you change your mind, just write to me\.$/]],
      ['hello', [/Which number should we call\?/]],
      ['+34 915 55 12 42', [/May we call you on \+34 915 55 12 42/]],
      ['not interested', [/Understood: we will not call you/]],
    ],
  },
  {
    name: 'takes "never mind" and «déjalo» for an answer to the number question, like a "no"',
    now: TUESDAY_0915_MADRID,
    who: { userId: 'never-mind', locale: 'en-GB' },
    steps: [
      ['hello', [/Which number should we call\?/]],
      ['oh, never mind', [/^Understood: we will not call you\. If you change your mind, just write to me\.$/]],
      ['hola', [/¿A qué número te llamamos\?/]],
      ['déjalo', [/^Entendido: no te llamaremos\./]],
    ],
  },
];

describe('the scheduling conversation, through /api/messages on the real database', () => {
  it.each(rows.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const env: Record<string, string> = row.ruleSet ? { DEFAULT_RULE_SET_ID: row.ruleSet.id } : {};
    const app = await startTestApp(uniqueDatabaseName('talk'), env, () => new Date(row.now));
    try {
      if (row.ruleSet) await new RuleSetStore(app.database.ruleSetVersions).save(parseRuleSet(row.ruleSet), 'test');
      const say = conversationWith(app.url, row.who);
      for (const [text, expectations] of row.steps) {
        const answer = all(await say(text));
        for (const expected of expectations)
          expect({ said: text, answer }).toEqual({ said: text, answer: expect.stringMatching(expected) });
      }
    } finally {
      await app.database.db.dropDatabase();
      await app.close();
    }
  });
});

describe('the scheduling conversation, with other actors', () => {
  let app: RunningApp;
  const now = new Date(TUESDAY_0915_MADRID);
  beforeAll(async () => {
    app = await startTestApp(uniqueDatabaseName('actors'), {}, () => now);
  });
  afterAll(async () => {
    await app.database.db.dropDatabase();
    await app.close();
  });

  it('says when the chosen slot was just taken, and offers the next ones', async () => {
    const say = conversationWith(app.url, { userId: 'slow', locale: 'es-ES' });
    await say('hola');
    await say('915551241');
    await say('sí');
    const offer = all(await say('mañana a las 10'));
    expect(offer).toMatch(/mié 25 nov, 10:00/);

    // Two other people take both seats of that slot while this person is choosing.
    const people = new PeopleStore(app.database.collection('people'), app.database.collection('channelAccounts'), () => now);
    const bookings = bookingServiceOn(app.database);
    const ruleSet = parseRuleSet(defaultRuleSet('default'));
    for (const phone of ['+34915550001', '+34915550002']) {
      const other = await people.findOrCreateByPhone(phone, {
        provenance: { source: 'import', campaign: null, collectedAt: now, detail: null },
      });
      const taken = await bookings.book({
        ruleSet,
        person: other,
        slotStartUtc: new Date('2026-11-25T09:00:00Z'),
        channelId: 'webchat',
        now,
      });
      expect(taken.ok).toBe(true);
    }
    const answer = all(await say('mié 25 nov, 10:00'));
    expect(answer).toMatch(/Vaya, ese hueco se acaba de ocupar\./);
    expect(answer).toMatch(/mié 25 nov, (09:30|10:30)/);
    expect(answer).not.toMatch(/mié 25 nov, 10:00 \|/);
  });

  it('never pitches an existing customer: it says how to reach customer service', async () => {
    const admin = (await new ApiKeyStore(app.database.apiKeys).create('admin', 'test')).key;
    const marked = await fetch(`${app.url}/api/admin/people/${encodeURIComponent('+34915551299')}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-api-key': admin },
      body: JSON.stringify({ existingCustomer: true, customer: { since: '2019-05-01', products: ['fibra 600'] } }),
    });
    expect(marked.status).toBe(201);
    const say = conversationWith(app.url, { userId: 'customer', locale: 'es-ES' });
    await say('hola');
    const answer = all(await say('915 55 12 99'));
    expect(answer).toMatch(/ya eres cliente nuestro, así que no te vamos a llamar para ofrecerte nada/);
    expect(answer).toMatch(/atención al cliente/);
    expect(answer).not.toMatch(/permiso/);
  });

  it('shows choices as an Adaptive Card on Teams, and a tapped answer works like a typed one', async () => {
    const say = conversationWith(app.url, { userId: 'teams-user', channelId: 'msteams', locale: 'es-ES' });
    await say('hola');
    const consent = await say('915551242');
    const card = consent.find((r) => r.attachments.length > 0)?.attachments[0];
    expect(card?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const actions = (card?.content as { actions: Array<{ type: string; title: string; data: { choice: string } }> }).actions;
    expect(actions.map((a) => a.title)).toEqual(['Sí, podéis llamarme', 'No, gracias']);
    expect(actions[0]).toMatchObject({ type: 'Action.Execute', data: { choice: 'Sí, podéis llamarme' } });
    expect(all(await say(actions[0]!.data.choice))).toMatch(/zona horaria|¿Cuándo/);
  });

  it('talks to a real Teams personal-chat activity, and takes an Action.Submit that carries only data', async () => {
    const fixtures = JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures/teams-activities.json'), 'utf8')) as {
      personal_chat_message: { activity: Record<string, unknown> };
    };
    const teams = {
      ...fixtures.personal_chat_message.activity,
      serviceUrl: 'http://127.0.0.1:9',
      locale: 'es-ES',
      deliveryMode: 'expectReplies',
    };
    const first = await postActivity(app.url, { ...teams, text: 'Hola' });
    expect(first.status).toBe(200);
    expect(first.replies.map((r) => r.text)).toEqual([
      expect.stringMatching(/^¡Hola! Soy el asistente/),
      expect.stringMatching(/¿A qué número te llamamos\?/),
    ]);
    const consent = await postActivity(app.url, { ...teams, id: 'm2', text: '915551243', attachments: [] });
    expect(JSON.stringify(consent.replies)).toMatch(/application\/vnd.microsoft.card.adaptive/);
    // Action.Submit whose data is an object: a message with `value` and no text.
    const submitted = await postActivity(app.url, {
      ...teams,
      id: 'm3',
      text: undefined,
      attachments: [],
      value: { choice: 'Sí, podéis llamarme' },
    });
    expect(JSON.stringify(submitted.replies)).toMatch(/zona horaria|¿Cuándo te viene bien/);
  });
});
