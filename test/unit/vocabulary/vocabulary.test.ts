import en from '../../../dialogs/vocabulary/vocabulary.en.json';
import es from '../../../dialogs/vocabulary/vocabulary.es.json';
import { markerCounts, parseVocabulary, says, wordsOf } from '../../../dialogs/vocabulary/vocabulary';

describe('the conversation vocabulary', () => {
  it('loads both books through their schema', () => {
    expect(parseVocabulary(es).language).toBe('es');
    expect(parseVocabulary(en).language).toBe('en');
  });

  it.each([
    ['a list missing (a typo in its name)', { ...es, lists: { ...es.lists, help: undefined, halp: { whole: ['ayuda'] } } }],
    ['a pattern with a capital, which normalised text never has', { ...es, lists: { ...es.lists, help: { whole: ['Ayuda'] } } }],
    ['a list with no phrase at all', { ...es, lists: { ...es.lists, help: {} } }],
    ['a pattern that starts with a gap', { ...en, lists: { ...en.lists, keep: { whole: ['* keep'] } } }],
    ['a marker of two words', { ...en, markers: ['thank you'] }],
  ])('refuses %s', (_name, book) => {
    expect(() => parseVocabulary(book)).toThrow();
  });

  it.each([
    ['help', '¿Ayuda?', true],
    ['help', 'What can you do?', true],
    ['help', 'ayuda con la factura', false],
    ['startOver', 'Empezar de nuevo', true],
    ['otherTime', 'otro día', true],
    ['otherTime', 'otro día te llamo yo', false],
    ['cancelCallback', 'cancela la llamada del jueves', true],
    ['cancelCallback', 'please cancel my call', true],
    ['cancelCallback', 'cancelar', false],
    ['onlyTheCall', 'solo la llamada', true],
    ['neverMind', 'Bueno, déjalo', true],
    ['neverMind', 'oh, never mind', true],
    ['neverMind', 'da igual la hora, llamadme mañana', false],
  ] as const)('%s: %p → %p', (list, text, expected) => {
    expect(says(list, wordsOf(text))).toBe(expected);
  });

  it('counts language markers per book', () => {
    expect(markerCounts(wordsOf('hola, quiero que me llaméis mañana'))).toEqual({ es: 5, en: 1 });
  });
});
