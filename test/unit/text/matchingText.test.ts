import { foldForMatching } from '../../../services/text/matchingText';

describe('text folded for matching', () => {
  it.each([
    ['case and accents', 'Mañana, POR LA TARDE', 'manana por la tarde'],
    ['apostrophes, either way the keyboard typed them', 'Don’t call — I’m busy', 'dont call im busy'],
    ['emoji and punctuation as spaces', '¡¡Sí!! 👍 vale...', 'si vale'],
    ['combining marks typed apart', 'sí', 'si'],
    ['nothing left', ' ?! ', ''],
  ])('%s', (_label, typed, folded) => {
    expect(foldForMatching(typed)).toBe(folded);
  });

  it('keeps the punctuation a caller asks for, and only that', () => {
    expect(foldForMatching('a las 16:30, de 4-6pm', ':-')).toBe('a las 16:30 de 4-6pm');
    expect(foldForMatching('a las 16:30, de 4-6pm')).toBe('a las 16 30 de 4 6pm');
  });
});
