import fc from 'fast-check';
import { recogniseRightsIntent } from '../../../../services/consent/recogniser';

const KINDS = ['opt_out', 'ambiguous_cancel', 'opt_in', 'provenance_question', 'export_request', 'erasure_request'];

describe('the recogniser on any input', () => {
  it('never throws, and answers null or a known intent in a known language', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.boolean(), (text, hasPendingCallback) => {
        const intent = recogniseRightsIntent(text, { hasPendingCallback });
        if (intent === null) return;
        expect(KINDS).toContain(intent.kind);
        expect(['es', 'en']).toContain(intent.language);
      }),
    );
  });

  // Opt-out runs first in every turn; how it is typed must not decide whether it is heard.
  it('hears a keyword whatever the case, accents, punctuation, politeness or repetition around it', () => {
    const keyword = fc.constantFrom('stop', 'baja', 'unsubscribe', 'no me llaméis más', "don't call me again", 'dejad de llamarme');
    const dressing = fc.record({
      upper: fc.boolean(),
      before: fc.constantFrom('', 'por favor ', 'please ', 'hola, ', '¡¡'),
      after: fc.constantFrom('', '!!!', ' por favor', ' please', '.', ' 🙏', ' gracias'),
    });
    fc.assert(
      fc.property(keyword, dressing, (word, { upper, before, after }) => {
        const text = `${before}${upper ? word.toUpperCase() : word}${after}`;
        expect(recogniseRightsIntent(text, { hasPendingCallback: true })?.kind).toBe('opt_out');
      }),
    );
  });
});
