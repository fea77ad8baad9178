import { AutoSaveStateMiddleware, ConversationState, MemoryStorage, UserState } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { MainDialog } from '../../../dialogs/mainDialog';
import { inMemoryPorts } from '../../support/inMemoryPorts';

const NOW = new Date('2026-11-24T08:15:00Z'); // Tuesday, 09:15 in Madrid
const SLOTS = ['2026-11-25T08:30:00Z', '2026-11-25T09:00:00Z', '2026-11-25T09:30:00Z', '2026-11-25T14:00:00Z'].map((s) => new Date(s));

type Step = [said: string, expected: RegExp[]];
interface Row {
  name: string;
  steps: Step[];
  end: (ports: ReturnType<typeof inMemoryPorts>) => void;
  existingCustomers?: string[];
  locale?: string;
  /** People (by number) who reported a fault that is still open. */
  openProblems?: string[];
}

/** The conversation alone, as tables of exchanges: the dialogs over in-memory ports, no server, no database. */
const rows: Row[] = [
  {
    name: 'books a callback: number, consent, wish, choice',
    steps: [
      ['hola', [/¡Hola!/, /¿A qué número te llamamos\?/]],
      ['612 345 678', [/¿Nos das permiso para llamarte al \+34 612 34 56 78/]],
      ['sí', [/¿Cuándo te viene bien/]],
      ['mañana a las 10', [/Estos son los huecos libres/, /mié 25 nov, 10:00/]],
      ['la segunda', [/Te llamaremos el miércoles 25 de noviembre a las 10:00/]],
    ],
    end: ({ callbacks }) => expect([...callbacks.values()].map((c) => c.startUtc.toISOString())).toEqual(['2026-11-25T09:00:00.000Z']),
  },
  {
    name: 'takes an opt-out at any step, before anything else',
    steps: [
      ['hola', [/número/]],
      ['612 345 679', [/permiso/]],
      ['sí', [/¿Cuándo/]],
      ['mañana a las 10', [/huecos/]],
      ['no me llaméis más', [/^Hecho: no llamaremos a ese número/]],
      ['la segunda', [/^(?!.*Te llamaremos)/]],
    ],
    end: ({ callbacks, optOuts }) => {
      expect(optOuts).toEqual(['+34612345679']);
      expect([...callbacks.values()].filter((c) => c.status === 'booked')).toHaveLength(0);
    },
  },
  {
    name: 'answers help at any step and carries on where it was',
    steps: [
      ['hola', [/número/]],
      ['ayuda', [/Puedo: acordar cuándo te llamamos/]],
      ['612 345 680', [/permiso/]],
    ],
    end: () => undefined,
  },
  {
    name: 'starts over on request',
    locale: 'en-US',
    steps: [
      ['hi', [/Which number/]],
      ['+34 612 345 681', [/May we call you/]],
      ['start over', [/OK, let's start over/]],
    ],
    end: ({ callbacks }) => expect(callbacks.size).toBe(0),
  },
  {
    name: 'never pitches an existing customer',
    existingCustomers: ['+34612345682'],
    steps: [
      ['hola', [/número/]],
      ['612345682', [/ya eres cliente nuestro/, /atención al cliente que aparece en tu factura/]],
    ],
    end: ({ callbacks }) => expect(callbacks.size).toBe(0),
  },
  {
    name: 'asks an unverified person for proof before "where did you get my number?", and says how when it cannot',
    steps: [
      ['hola', [/número/]],
      ['612345683', [/permiso/]],
      ['¿de dónde habéis sacado mi número?', [/necesito comprobar que el número es tuyo/, /Escríbenos por WhatsApp/]],
    ],
    end: () => undefined,
  },
  {
    name: 'answers "when will you call me?" with nothing booked: no time chosen yet, then the time question',
    steps: [
      ['hola', [/número/]],
      ['612 345 684', [/permiso/]],
      ['sí', [/¿Cuándo te viene bien/]],
      [
        '¿Cuándo me vais a llamar?',
        [/^Todavía no has elegido una hora para que te llamemos\.\n¿Cuándo te viene bien/, /^(?![\s\S]*No he entendido)/],
      ],
      ['mañana a las 10', [/Estos son los huecos libres/]],
      ['¿y cuándo me llamáis?', [/^Todavía no has elegido una hora[\s\S]*Estos son los huecos libres/]],
    ],
    end: ({ callbacks }) => expect(callbacks.size).toBe(0),
  },
  {
    name: 'answers "when will you call me?" with the booking: its time and keep / change / cancel',
    steps: [
      ['hola', [/número/]],
      ['612 345 685', [/permiso/]],
      ['sí', [/¿Cuándo/]],
      ['mañana a las 10', [/huecos/]],
      ['la segunda', [/Te llamaremos el miércoles 25 de noviembre a las 10:00/]],
      [
        '¿Cuándo me llamáis?',
        [
          /^Te llamaremos el miércoles 25 de noviembre a las 10:00\. ¿La mantenemos, o prefieres cambiar la hora o cancelarla\? \| Mantenerla \| Cambiar la hora \| Cancelarla$/,
        ],
      ],
      ['mantenerla', [/Perfecto, te llamaremos el miércoles 25 de noviembre a las 10:00/]],
    ],
    end: ({ callbacks }) => expect([...callbacks.values()].map((c) => c.status)).toEqual(['booked']),
  },
  {
    name: 'asked "when will you call me?" by someone not yet known: the number, then the answer',
    locale: 'en-US',
    steps: [
      ['When will you call me?', [/To tell you when we call, I need to know who you are\. Which number should we call\?/]],
      ['+34 612 345 686', [/^You have not chosen a time yet for us to call you\.\nMay we call you on \+34 612 34 56 86/]],
    ],
    end: ({ callbacks }) => expect(callbacks.size).toBe(0),
  },
  {
    name: 'tells a known person first that the fault they reported is noted, then their booking',
    openProblems: ['+34612345687'],
    steps: [
      ['hola', [/número/]],
      ['612 345 687', [/permiso/]],
      ['sí', [/¿Cuándo/]],
      ['mañana a las 10', [/huecos/]],
      ['la segunda', [/Te llamaremos/]],
      [
        'hola',
        [
          /^La avería que nos contaste sigue anotada para quien te llame[^\n]*\nTienes una llamada el miércoles 25 de noviembre a las 10:00\. ¿La mantenemos\?/,
        ],
      ],
      ['mantenerla', [/Perfecto/]],
      // The fault said again as a new conversation's first message is acknowledged once, not twice.
      ['el router sigue sin funcionar', [/^Siento lo que cuentas\. Lo he anotado[^\n]*\n(?![\s\S]*sigue anotada)/]],
    ],
    end: () => undefined,
  },
];

describe('the conversation, as tables of exchanges (DialogTestClient, in-memory ports)', () => {
  it.each(rows.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const ports = inMemoryPorts({ slots: SLOTS, existingCustomers: row.existingCustomers });
    for (const phone of row.openProblems ?? []) ports.openProblems.add(phone);
    const storage = new MemoryStorage();
    const conversationState = new ConversationState(storage);
    const userState = new UserState(storage);
    const dialog = new MainDialog(userState.createProperty('profile'), conversationState.createProperty('flags'), {
      desk: ports.desk,
      consent: ports.consent,
      rights: ports.rights,
      problems: ports.problems,
      clock: () => NOW,
      defaultPhoneCountry: 'ES',
      customerServiceContact: '',
    });
    const client = new DialogTestClient('webchat', dialog, undefined, [new AutoSaveStateMiddleware(userState)], conversationState);
    for (const [said, expected] of row.steps) {
      const replies: string[] = [];
      const first = (await client.sendActivity({ type: 'message', text: said, locale: row.locale ?? 'es-ES' })) as
        { text?: string; suggestedActions?: { actions: Array<{ title: string }> } } | undefined;
      for (let reply = first; reply; reply = client.getNextReply()) {
        replies.push([reply.text ?? '', ...(reply.suggestedActions?.actions ?? []).map((a) => a.title)].join(' | '));
      }
      const answer = replies.join('\n');
      for (const pattern of expected) expect({ said, answer }).toEqual({ said, answer: expect.stringMatching(pattern) });
    }
    row.end(ports);
  });
});
