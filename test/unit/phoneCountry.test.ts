import { phoneCountryFor } from '../../dialogs/scheduling/answers';

describe('phoneCountryFor: the country a national number is read in', () => {
  it.each([
    ['Spanish written on an en-US client (Teams, the Playground)', 'es', 'en-US', 'ES', 'ES'],
    ['Spanish written on a Mexican Spanish client', 'es', 'es-MX', 'ES', 'MX'],
    ['English written on an en-US client', 'en', 'en-US', 'ES', 'US'],
    ['English written on a Spanish client', 'en', 'es-ES', 'ES', 'ES'],
    ['no locale at all', 'es', undefined, 'ES', 'ES'],
    ['a locale without region', 'en', 'en', 'ES', 'ES'],
    ['an underscore locale', 'en', 'en_GB', 'ES', 'GB'],
    ['a deployment default other than Spain', 'es', 'en-US', 'MX', 'MX'],
  ] as const)('%s', (_name, language, locale, fallback, expected) => {
    expect(phoneCountryFor(language, locale, fallback)).toBe(expected);
  });
});
