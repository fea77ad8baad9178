import { chooseLanguage, detectLanguage } from '../../dialogs/i18n/language';

describe('language of the turn', () => {
  it.each([
    ['hola', 'es'],
    ['¿me podéis llamar?', 'es'],
    ['Buenas tardes, quiero una llamada', 'es'],
    ['hello', 'en'],
    ['Can you call me tomorrow morning?', 'en'],
    ['12345', null],
  ])('detects %p as %p', (text, expected) => {
    expect(detectLanguage(text)).toBe(expected);
  });

  it('prefers what the person writes, then the locale, then what was remembered, then Spanish', () => {
    expect(chooseLanguage({ text: 'hello', locale: 'es-ES' })).toBe('en');
    expect(chooseLanguage({ text: '123', locale: 'en-GB', remembered: 'es' })).toBe('en');
    expect(chooseLanguage({ text: '123', locale: 'fr-FR', remembered: 'en' })).toBe('en');
    expect(chooseLanguage({})).toBe('es');
  });
});
