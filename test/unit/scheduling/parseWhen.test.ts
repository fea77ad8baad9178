import { CALLING_DAY, DAY_PARTS, parseWhen } from '../../../services/scheduling/when';
import { render, WHEN_CASES } from './whenCases';

describe('parseWhen', () => {
  it.each(WHEN_CASES)('$locale $timeZone @ $now: $text', ({ text, locale, timeZone, now, expected }) => {
    expect(render(parseWhen(text, { locale, timeZone, now: new Date(now) }), timeZone)).toBe(expected);
  });

  it('gives the exact time with the person’s offset in prospectLocal', () => {
    const request = parseWhen('mañana a las 10', { locale: 'es', timeZone: 'Europe/Madrid', now: new Date('2026-11-24T10:15:00Z') });
    expect(request).toEqual({ kind: 'at', startUtc: new Date('2026-11-25T09:00:00.000Z'), prospectLocal: '2026-11-25T10:00:00.000+01:00' });
  });

  it('gives nothing for a day part already over when the day was named ("esta noche" at 23:45)', () => {
    expect(parseWhen('esta noche', { locale: 'es', timeZone: 'Europe/Madrid', now: new Date('2026-11-24T22:45:00Z') })).toBeNull();
  });

  it('refuses an unknown zone rather than guessing one', () => {
    expect(() => parseWhen('mañana', { locale: 'es', timeZone: 'Mars/Olympus', now: new Date('2026-11-24T10:15:00Z') })).toThrow(
      RangeError,
    );
  });

  it('keeps every day part a forward range of whole quarter hours', () => {
    for (const { start, end } of [...Object.values(DAY_PARTS), CALLING_DAY]) {
      expect(start < end).toBe(true);
      expect(`${start}${end}`).toMatch(/^(\d{2}:(00|15|30|45)){2}$/);
    }
  });
});
