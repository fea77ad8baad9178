import { ZodError } from 'zod';
import { parsePhraseBook, phraseBookSchema } from '../../../../services/consent/recogniser';
import en from '../../../../services/consent/recogniser/phrases.en.json';
import es from '../../../../services/consent/recogniser/phrases.es.json';

describe('the phrase books', () => {
  it.each([
    ['es', es],
    ['en', en],
  ] as const)('%s validates against the schema and compiles', (language, data) => {
    expect(phraseBookSchema.safeParse(data).success).toBe(true);
    expect(parsePhraseBook(data, language).language).toBe(language);
  });

  it('loads through the schema at module load, so importing the recogniser proves both files are sound', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh module load is the point of this test
    expect(() => jest.isolateModules(() => require('../../../../services/consent/recogniser'))).not.toThrow();
  });

  it('refuses a book filed under the wrong language', () => {
    expect(() => parsePhraseBook(es, 'en')).toThrow(/declares language "es"/);
  });
});

describe('a malformed phrase book fails loudly', () => {
  const broken: [string, unknown][] = [
    ['a missing intent', { ...en, intents: { ...en.intents, erasure_request: undefined } }],
    ['an unknown key (a typo)', { ...en, intents: { ...en.intents, opt_out: { ...en.intents.opt_out, anywere: ['stop'] } } }],
    ['an accented word that could never match', { ...es, intents: { ...es.intents, opt_out: { whole: ['llaméis'] } } }],
    ['a capital letter', { ...en, intents: { ...en.intents, opt_in: { whole: ['START'] } } }],
    ['an unclosed option', { ...en, intents: { ...en.intents, opt_in: { whole: ['[start'] } } }],
    ['an empty alternative', { ...en, intents: { ...en.intents, opt_in: { whole: ['start||go'] } } }],
    ['a pattern opening on a gap', { ...en, intents: { ...en.intents, opt_in: { anywhere: ['* start'] } } }],
    ['a pattern that could match nothing', { ...en, intents: { ...en.intents, opt_in: { anywhere: ['[start]'] } } }],
    ['a gap too wide', { ...en, intents: { ...en.intents, opt_in: { anywhere: ['start *12 again'] } } }],
    ['an intent with no phrases', { ...en, intents: { ...en.intents, opt_in: { vetoes: ['dont start'] } } }],
    ['no reschedule cues', { ...en, rescheduleCues: [] }],
    ['a rewrite with punctuation', { ...en, rewrites: { "don't": 'dont' } }],
    ['a filler with punctuation', { ...en, fillers: ['thank-you'] }],
    ['an unknown language', { ...en, language: 'fr' }],
  ];

  it.each(broken)('%s', (_, data) => {
    expect(() => parsePhraseBook(data, 'en')).toThrow(ZodError);
  });

  it('names the offending pattern and where it is', () => {
    const result = phraseBookSchema.safeParse({ ...en, intents: { ...en.intents, opt_out: { whole: ['Stop'] } } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['intents', 'opt_out', 'whole', 0], message: expect.stringContaining('"Stop"') });
  });
});
