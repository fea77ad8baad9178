import { deterministicClaims } from '../../../services/handoff/deterministicSummary';
import { isQuestion, objectionIn, productsIn, readFault, reportsFault } from '../../../services/handoff/recognisers';
import type { TimelineEntryDocument } from '../../../services/handoff/timeline';
import { EMPTY_CLAIMS } from '../../../services/handoff/summarySchema';

describe('fault recogniser (the bot opens a problem)', () => {
  it.each([
    'el router no funciona',
    'El ROUTER no funciona desde ayer',
    'no tengo internet',
    'estamos sin línea desde el lunes',
    'tengo una avería en la fibra',
    'la tele se corta todo el rato',
    'the router is not working',
    'my broadband is down',
    'I have no internet since Monday',
    'el wifi ha dejado de funcionar',
    'sigue sin funcionar el wifi',
    'los decodificadores no funcionan',
    'el wifi no tira',
  ])('«%s» is a fault', (text) => expect(reportsFault(text)).toBe(true));

  it.each([
    'no me llaméis mañana',
    'no funciona para mí ese horario',
    'quiero fibra',
    'no, gracias',
    'no me va bien el jueves',
    'mejor por la tarde',
    'is it down the road?',
    'la llamada de ayer no tira de nada',
    'sigo sin saber cuándo me llamáis',
  ])('«%s» is not', (text) => expect(reportsFault(text)).toBe(false));
});

describe("a fault inside another sentence: the fault in the person's words, and what else they said", () => {
  it.each([
    [
      'quiero pasarme a vuestra fibra, aunque el router que tengo va fatal',
      'el router que tengo va fatal',
      ['quiero pasarme a vuestra fibra'],
    ],
    ['Me interesa la tarifa de móvil pero el wifi va lentísimo', 'el wifi va lentísimo', ['Me interesa la tarifa de móvil']],
    [
      'Hola, quería información de la fibra y además la tele se corta todo el rato',
      'la tele se corta todo el rato',
      ['Hola', 'quería información de la fibra'],
    ],
    [
      'llamadme mañana por la tarde, que el router no funciona desde ayer',
      'que el router no funciona desde ayer',
      ['llamadme mañana por la tarde'],
    ],
    ['quiero cambiarme de compañía porque la cobertura es pésima', 'la cobertura es pésima', ['quiero cambiarme de compañía']],
    [
      'me interesan dos líneas; en casa se me cae la conexión cada dos por tres',
      'en casa se me cae la conexión cada dos por tres',
      ['me interesan dos líneas'],
    ],
    [
      'I want to switch to your fibre, although the router I have is terrible',
      'the router I have is terrible',
      ['I want to switch to your fibre'],
    ],
    ["I'd like a mobile deal, but my broadband keeps cutting out", 'my broadband keeps cutting out', ["I'd like a mobile deal"]],
    ['call me tomorrow please, my wifi has been really slow', 'my wifi has been really slow', ['call me tomorrow please']],
    ['Interested in TV, and the internet keeps dropping', 'the internet keeps dropping', ['Interested in TV']],
    // A subject of two things is one clause; a fault that only shows across commas is the whole message.
    ['mi fibra y mi teléfono no funcionan', 'mi fibra y mi teléfono no funcionan', []],
    ['El router, desde ayer, no funciona', 'El router, desde ayer, no funciona', []],
  ])('«%s»', (text, fault, others) => {
    expect(readFault(text)).toEqual({ fault, others });
    expect(reportsFault(text)).toBe(true);
  });

  it.each([
    'quiero fibra sin router',
    'no va a hacer falta el router, ya tengo uno',
    'si el router falla, ¿venís a casa?',
    'if the internet goes down, do you send someone?',
    'me va fatal el jueves, mejor el viernes',
    '¿la fibra va rápida en mi zona?',
    'is your fibre slow?',
    'my internet is fine but I want faster fibre',
    'call me when the router arrives',
    'quiero una fibra que no se corte',
  ])('«%s» is not a fault', (text) => {
    expect(readFault(text)).toEqual({ fault: null, others: [text] });
  });
});

describe('the deterministic summary: the want is a want, the fault a problem', () => {
  const entry = (text: string): TimelineEntryDocument => ({
    _id: 'e1',
    personId: 'p1',
    accountKey: 'webchat:u1',
    conversationId: 'c1',
    channelId: 'webchat',
    kind: 'message',
    direction: 'inbound',
    text,
    name: null,
    at: new Date('2026-11-24T08:15:00Z'),
    assurance: 'claimed',
    ref: null,
    agentId: null,
    outcome: null,
    note: null,
  });
  const read = (text: string) => {
    const claims = deterministicClaims(EMPTY_CLAIMS, [entry(text)]);
    return {
      wants: claims.wants.map((c) => c.text),
      problems: claims.problems.map((c) => `${c.kind}: ${c.text}`),
    };
  };

  it.each([
    ['quiero pasarme a vuestra fibra, aunque el router que tengo va fatal', ['fibra / fibre'], ['problem: el router que tengo va fatal']],
    ['I want your TV package, but my broadband is down', ['televisión / TV'], ['problem: my broadband is down']],
    ['el router no funciona', [], ['problem: el router no funciona']],
    ['me interesa la fibra y dos líneas móviles', ['fibra / fibre', 'móvil / mobile'], []],
    ['la fibra es muy cara', ['fibra / fibre'], ['objection: la fibra es muy cara']],
    [
      'la fibra es muy cara, y encima el wifi va fatal',
      ['fibra / fibre'],
      ['problem: encima el wifi va fatal', 'objection: la fibra es muy cara'],
    ],
  ])('«%s»', (text, wants, problems) => {
    expect(read(text)).toEqual({ wants, problems });
  });
});

describe('deterministic summary recognisers', () => {
  it('finds products by their words, accents or not', () => {
    expect(productsIn('me interesa la fibra y dos líneas móviles').map((p) => p.label)).toEqual(['fibra / fibre', 'móvil / mobile']);
    expect(productsIn('I want TV and broadband').map((p) => p.label)).toEqual(['fibra / fibre', 'televisión / TV']);
    expect(productsIn('llamadme el jueves')).toEqual([]);
  });

  it('finds objections and questions', () => {
    expect(objectionIn('es muy caro')).toBe(true);
    expect(objectionIn('ya tengo otra compañía')).toBe(true);
    expect(objectionIn('too expensive for me')).toBe(true);
    expect(objectionIn('me parece bien')).toBe(false);
    expect(isQuestion('¿cuánto cuesta la fibra?')).toBe(true);
    expect(isQuestion('¿sí?')).toBe(false);
  });
});
