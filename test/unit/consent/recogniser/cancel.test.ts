import { recogniseRightsIntent } from '../../../../services/consent/recogniser';
import type { Language } from '../../../../services/language/language';

const nothingPending = { hasPendingCallback: false };
const callbackPending = { hasPendingCallback: true };

const bareCancels: [string, Language][] = [
  ['cancel', 'en'],
  ['Cancel.', 'en'],
  ['cancel it', 'en'],
  ['cancel that please', 'en'],
  ['CANCEL', 'en'],
  ['cancelar', 'es'],
  ['Cancela', 'es'],
  ['cancelalo', 'es'],
  ['cancélalo por favor', 'es'],
  ['anular', 'es'],
];

describe('a bare "cancel"', () => {
  it.each(bareCancels)('%p asks which when a callback is pending (%s)', (text, language) => {
    expect(recogniseRightsIntent(text, callbackPending)).toEqual({ kind: 'ambiguous_cancel', language });
  });

  // "cancel" is one of the US revocation keywords: with nothing else it could mean, it stops all contact.
  it.each(bareCancels)('%p is an opt-out when nothing is pending (%s)', (text, language) => {
    expect(recogniseRightsIntent(text, nothingPending)).toEqual({ kind: 'opt_out', language, matched: expect.any(String) });
  });

  it.each(['cancela la llamada', 'cancel the call', 'cancel my callback', 'no quiero cancelar'])(
    '%p names the callback or negates: left to scheduling',
    (text) => {
      expect(recogniseRightsIntent(text, callbackPending)).toBeNull();
      expect(recogniseRightsIntent(text, nothingPending)).toBeNull();
    },
  );

  it.each(['cancel all calls', 'cancela mi suscripción', 'cancel my subscription'])('%p is about all contact, not the callback', (text) => {
    expect(recogniseRightsIntent(text, callbackPending)?.kind).toBe('opt_out');
  });
});
