import { recogniseRightsIntent } from '../../../../services/consent/recogniser';

const nothingPending = { hasPendingCallback: false };
const callbackPending = { hasPendingCallback: true };

// Written the way people type them: capitals, missing accents, typos, politeness, emoji.
const spanish: string[] = [
  'no me llaméis más',
  'NO ME LLAMEIS MAS',
  'no me llamen mas por favor',
  'No me llames más!!',
  'no me llame más, gracias',
  'ya no me llamen',
  'no quiero que me llaméis',
  'no quiero que me llamen nunca más',
  'No quiero que me volváis a llamar',
  'dejad de llamarme',
  'dejen de llamarme por favor',
  'deja de llamarme ya 😡',
  'podéis dejar de llamarme?',
  'parad de llamarme',
  'baja',
  'BAJA',
  'Baja x favor',
  'quiero darme de baja',
  'dadme de baja de vuestra lista',
  'me doy de baja',
  'solicito la baja',
  'no me molesten más',
  'no me molestéis mas',
  'no me volváis a llamar',
  'no vuelvan a llamarme',
  'nunca jamás me llaméis',
  'borrad mi número',
  'borren mi número de teléfono de su base de datos',
  'sacadme de vuestras listas',
  'quitadme de la lista',
  'no quiero recibir más llamadas',
  'no mas llamadas',
  'dejadme en paz',
  'retiro mi consentimiento',
  'apuntadme en la lista Robinson',
  'no me llameis',
  'q no me yamen mas',
  'no me esten llamando',
  'no me llaméis más, de verdad',
  'No me vuelvan a llamar nunca',
  'Por favor eliminen mi número',
  'ya basta de llamadas',
  'que no me llaméis!',
  'como me doy de baja',
  'no quiero saber nada de vosotros',
  // Mexico: "marcar" is to call; the rude forms count as much as the polite ones.
  'ya no me marquen',
  'dejen de marcarme',
  'no me jodan más',
  // Whoever answers a wrong number wants the calls to that number to stop.
  'número equivocado',
  'se han equivocado de persona',
];

const english: string[] = [
  'stop',
  'Stop',
  'STOP',
  'Stop!!!',
  'stop please',
  'STOP STOP STOP',
  'stop all',
  'STOPALL',
  'quit',
  'end',
  'revoke',
  'opt out',
  'Opt-out',
  'unsubscribe',
  'UNSUBSCRIBE',
  'please unsubscribe me',
  'i want to unsubscribe',
  'stop calling me',
  'please stop calling me',
  'Stop texting me',
  "don't call me",
  'Dont call me again',
  'do not call me again',
  'DO NOT CALL',
  "don't ever call me again",
  'never call me again',
  "don't call me at all",
  'remove my number',
  'please remove my number',
  'remove me from your list',
  'take me off your list',
  'take my number off your call list',
  'leave me alone',
  'no more calls please',
  'I do not want any more calls',
  'i dont want to be called',
  'put me on your do not call list',
  'I withdraw my consent',
  'lose my number',
  'I told you before, stop calling me',
  'stop calling me now',
  'stop calling me so often',
  'stop calling me every day',
  "I'm not interested, don't call again",
  'i said stop',
  'I already told you to stop',
  'leave me the hell alone',
  'I want to stop receiving calls',
  'how do i unsubscribe',
  'no longer want to receive calls',
  'You guys need to stop calling me',
  'please dont text me anymore',
  // Not a time or place, only a refusal: "I'll call you" is not a request to be called.
  "don't call me back",
  'wrong number',
];

describe('opt-out phrasings people really write', () => {
  it.each(spanish)('%p is a Spanish opt-out', (text) => {
    expect(recogniseRightsIntent(text, nothingPending)).toEqual({ kind: 'opt_out', language: 'es', matched: expect.any(String) });
  });

  it.each(english)('%p is an English opt-out', (text) => {
    expect(recogniseRightsIntent(text, nothingPending)).toEqual({ kind: 'opt_out', language: 'en', matched: expect.any(String) });
  });

  // A pending callback only changes the reading of a bare "cancel".
  it.each([...spanish, ...english])('%p stays an opt-out while a callback is pending', (text) => {
    expect(recogniseRightsIntent(text, callbackPending)?.kind).toBe('opt_out');
  });
});

describe('opt-out wins over anything else asked in the same message', () => {
  it.each([
    'where did you get my number? stop calling me',
    '¿de dónde habéis sacado mi número? no me llaméis más',
    'borrad mis datos y dejad de llamarme',
    'delete my data and never call me again',
    'stop calling me and send me a copy of my data',
  ])('%p', (text) => {
    expect(recogniseRightsIntent(text, nothingPending)?.kind).toBe('opt_out');
  });
});

describe('what was matched', () => {
  it('is the normalised words that counted, for the consent record', () => {
    expect(recogniseRightsIntent('Por favor, ¡NO me llaméis MÁS!', nothingPending)).toEqual({
      kind: 'opt_out',
      language: 'es',
      matched: 'no me llameis mas',
    });
    expect(recogniseRightsIntent('Stop!! please', nothingPending)).toEqual({ kind: 'opt_out', language: 'en', matched: 'stop' });
  });
});
