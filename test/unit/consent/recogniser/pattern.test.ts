import { compilePattern, PatternSyntaxError } from '../../../../services/consent/recogniser';
import { findSpans, matchesWhole } from '../../../../services/language/pattern';
import { normaliseWords } from '../../../../services/language/normalise';

const words = (text: string): string[] => normaliseWords(text);
const spans = (pattern: string, text: string): string[] =>
  findSpans(compilePattern(pattern), words(text)).map((span) => words(text).slice(span.start, span.end).join(' '));

describe('normalising what people type', () => {
  it.each([
    ['¡NO me LLAMÉIS más!!', 'no me llameis mas'],
    ["Don't   call\nme 🙏", 'dont call me'],
    ['don’t', 'dont'],
    ['Opt-out.', 'opt out'],
    ['¿Mañana a las 18:30?', 'manana a las 18 30'],
    ['🛑🛑', ''],
  ])('%p → %p', (text, expected) => {
    expect(words(text).join(' ')).toBe(expected);
  });
});

describe('the pattern language', () => {
  it.each([
    ['no me llameis|llamen mas', 'por favor no me llamen mas gracias', ['no me llamen mas']],
    ['[me|nos] llameis', 'nos llameis', ['nos llameis', 'llameis']],
    ['a las #', 'a las 6pm', ['a las 6pm']],
    ['mas de #|dos', 'mas de dos veces', ['mas de dos']],
    ['where * get * number', 'where did you get my number', ['where did you get my number']],
    ['where * get * number', 'where on earth did you ever get hold of my number', []],
    ['de donde *4 datos', 'de donde habeis sacado todos mis datos', ['de donde habeis sacado todos mis datos']],
  ])('%p in %p', (pattern, text, expected) => {
    expect(spans(pattern, text)).toEqual(expected);
  });

  it('matches a whole message only when nothing is left over', () => {
    expect(matchesWhole(compilePattern('stop [all]'), ['stop', 'all'])).toBe(true);
    expect(matchesWhole(compilePattern('stop [all]'), ['stop', 'by'])).toBe(false);
    expect(matchesWhole(compilePattern('stop'), [])).toBe(false);
  });

  it.each(['', 'Stop', 'a||b', '[stop', '* stop', 'stop *', '[stop]', 'stop *0 now', "don't"])('rejects %p', (source) => {
    expect(() => compilePattern(source)).toThrow(PatternSyntaxError);
  });
});
