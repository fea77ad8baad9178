import { recogniseRightsIntent } from '../../../../services/consent/recogniser';

const none = { hasPendingCallback: false };
const pending = { hasPendingCallback: true };

describe('opt-out phrasings people really write', () => {
  it.each([
    'no me llaméis más',
    'NO ME LLAMEIS MAS',
    'No me llamen más por favor',
    'no quiero que me llaméis',
    'no quiero que me llamen nunca más',
    'dejad de llamarme',
    'dejen de llamarme, gracias',
    'deja de llamarme ya',
    'baja',
    'BAJA',
    'Baja por favor',
    'quiero darme de baja',
    'dadme de baja',
    'me doy de baja',
    'no me molestéis más',
    'no me molesten mas',
    'no me volváis a llamar',
    'no vuelvan a llamarme',
    'borrad mi número de vuestra lista',
    'quitad mi teléfono',
    'sacadme de vuestras listas',
    'no quiero recibir más llamadas',
    'no quiero que me contactéis',
    'retiro mi consentimiento',
    'dejadme en paz',
    'nunca más me llaméis',
    'stop',
    'Stop',
    'STOP',
    'stop calling me',
    'please stop calling me!',
    'Stop texting me',
    'unsubscribe',
    'UNSUBSCRIBE',
    'opt out',
    'quit',
    'end',
    'revoke',
    'stop all',
    'stopall',
    "don't call me",
    "Don't call me again",
    'do not call me',
    'please remove my number',
    'remove me from your list',
    'take me off your list',
    'leave me alone',
    'no more calls please',
    'I want to unsubscribe',
    'I do not want any more calls',
    'remove my number from your database',
    'put me on your do not call list',
    'I withdraw my consent',
  ])('%p is an opt-out', (text) => {
    expect(recogniseRightsIntent(text, none)).toMatchObject({ kind: 'opt_out' });
  });
});

describe('near-misses that are not opt-outs', () => {
  it.each([
    'no me llaméis mañana, mejor el jueves',
    'no me llames por la mañana',
    'no me llaméis antes de las 6',
    'no me llames hoy',
    "don't call me before 6pm",
    "don't call me tomorrow, Friday is better",
    'do not call me at work',
    'can you stop by the office?',
    'the bus stop is near',
    'no quiero cancelar la llamada',
    "I don't want to unsubscribe",
    'no me des de baja',
    'quiero darme de alta',
    'end of the week works',
    'call me at the end of the day',
    'baja la voz',
    '¿me podéis llamar más tarde?',
    'estoy de baja por maternidad',
    "I'll end up busy tomorrow",
    'mejor el viernes por la tarde',
    'llámame el lunes',
    'call me tomorrow',
    'hola',
    'sí',
  ])('%p is not an opt-out', (text) => {
    expect(recogniseRightsIntent(text, none)?.kind).not.toBe('opt_out');
  });
});

describe('a bare "cancel"', () => {
  it.each(['cancel', 'Cancelar', 'cancela', 'cancel it'])('%p asks which, when a callback is pending', (text) => {
    expect(recogniseRightsIntent(text, pending)).toMatchObject({ kind: 'ambiguous_cancel' });
  });
  it.each(['cancel', 'cancelar'])('%p is an opt-out when nothing is pending (a US revocation keyword)', (text) => {
    expect(recogniseRightsIntent(text, none)).toMatchObject({ kind: 'opt_out' });
  });
  it('leaves "cancela la llamada" to the scheduling dialog', () => {
    expect(recogniseRightsIntent('cancela la llamada', pending)).toBeNull();
  });
});

describe('the other rights', () => {
  it.each([
    ['¿De dónde habéis sacado mis datos?', 'provenance_question', 'es'],
    ['quién os ha dado mi teléfono', 'provenance_question', 'es'],
    ['como habeis conseguido mi numero', 'provenance_question', 'es'],
    ['where did you get my number?', 'provenance_question', 'en'],
    ['How did you get my details', 'provenance_question', 'en'],
    ['who gave you my number', 'provenance_question', 'en'],
    ['quiero una copia de mis datos', 'export_request', 'es'],
    ['¿qué datos tenéis sobre mí?', 'export_request', 'es'],
    ['send me my data', 'export_request', 'en'],
    ['what data do you have about me', 'export_request', 'en'],
    ['I want a copy of my data', 'export_request', 'en'],
    ['borrad mis datos', 'erasure_request', 'es'],
    ['quiero que borréis mis datos', 'erasure_request', 'es'],
    ['derecho al olvido', 'erasure_request', 'es'],
    ['delete my data', 'erasure_request', 'en'],
    ['forget me', 'erasure_request', 'en'],
    ['quiero que me llaméis de nuevo', 'opt_in', 'es'],
    ['alta', 'opt_in', 'es'],
    ['podéis volver a llamarme', 'opt_in', 'es'],
    ['START', 'opt_in', 'en'],
    ['you can call me again', 'opt_in', 'en'],
  ])('%p → %s (%s)', (text, kind, language) => {
    expect(recogniseRightsIntent(text, none)).toEqual(expect.objectContaining({ kind, language }));
  });

  it('does not read a negated opt-in as one', () => {
    expect(recogniseRightsIntent('no quiero que me llaméis de nuevo', none)).toMatchObject({ kind: 'opt_out' });
  });
});
