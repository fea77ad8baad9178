import { mayNameATime } from '../../../services/scheduling/when/recognizer';
import { WHEN_CASES } from './whenCases';

describe('the recognizer is not run on text that plainly names no time', () => {
  it.each(['hola', 'sí', 'vale', 'ok', 'yes', 'la segunda', 'no, gracias', 'Península y Baleares', 'baja', 'thanks!'])('skips %p', (text) =>
    expect(mayNameATime(text)).toBe(false),
  );

  // Every phrase the table expects a time from must reach the recognizer.
  it.each(WHEN_CASES.filter((c) => c.expected !== null).map((c) => [c.text]))('runs it on %p', (text) =>
    expect(mayNameATime(text)).toBe(true),
  );
});
