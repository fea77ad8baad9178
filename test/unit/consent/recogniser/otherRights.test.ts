import { recogniseRightsIntent, RightsIntentKind } from '../../../../services/consent/recogniser';
import type { Language } from '../../../../services/language/language';

const nothingPending = { hasPendingCallback: false };

type Case = [string, Language];

const cases: Record<Exclude<RightsIntentKind, 'opt_out' | 'ambiguous_cancel'>, Case[]> = {
  opt_in: [
    ['quiero que me llaméis de nuevo', 'es'],
    ['Quiero que me llamen otra vez', 'es'],
    ['alta', 'es'],
    ['darme de alta', 'es'],
    ['podéis volver a llamarme', 'es'],
    ['START', 'en'],
    ['unstop', 'en'],
    ['you can call me again', 'en'],
    ['opt me back in', 'en'],
    ['I want to be contacted again', 'en'],
  ],
  provenance_question: [
    ['¿De dónde habéis sacado mis datos?', 'es'],
    ['quién os ha dado mi teléfono', 'es'],
    ['como habeis conseguido mi numero', 'es'],
    ['¿Por qué tenéis mi número?', 'es'],
    ['de donde sacaron mi celular', 'es'],
    ['where did you get my number?', 'en'],
    ['How did you get my details', 'en'],
    ['who gave you my number', 'en'],
    ['why do you have my phone number', 'en'],
    ['where is my data from', 'en'],
  ],
  export_request: [
    ['quiero una copia de mis datos', 'es'],
    ['¿qué datos tenéis sobre mí?', 'es'],
    ['enviadme mis datos', 'es'],
    ['quiero acceder a mis datos personales', 'es'],
    ['qué sabéis de mí', 'es'],
    ['send me my data', 'en'],
    ['what data do you have about me', 'en'],
    ['I want a copy of my data', 'en'],
    ['what personal information do you hold on me?', 'en'],
    ['subject access request', 'en'],
  ],
  erasure_request: [
    ['borrad mis datos', 'es'],
    ['quiero que borréis mis datos', 'es'],
    ['derecho al olvido', 'es'],
    ['eliminen toda mi información', 'es'],
    ['olvidadme', 'es'],
    ['delete my data', 'en'],
    ['forget me', 'en'],
    ['please erase all my personal information', 'en'],
    ['I want my details deleted', 'en'],
    ['right to be forgotten', 'en'],
  ],
};

describe.each(Object.entries(cases))('%s', (kind, table) => {
  it.each(table)('%p (%s)', (text, language) => {
    expect(recogniseRightsIntent(text, nothingPending)).toEqual({ kind, language });
  });
});

describe('negated rights are not those rights', () => {
  it('reads a negated opt-in as an opt-out', () => {
    expect(recogniseRightsIntent('no quiero que me llaméis de nuevo', nothingPending)?.kind).toBe('opt_out');
  });
  it.each(['no me deis de alta', "don't forget me", "don't start"])('%p is none of them', (text) => {
    expect(recogniseRightsIntent(text, nothingPending)).toBeNull();
  });
});
