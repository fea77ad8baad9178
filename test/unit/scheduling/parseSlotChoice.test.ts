import { parseSlotChoice } from '../../../services/scheduling/when';

describe('parseSlotChoice', () => {
  const offered = [
    { startUtc: new Date('2026-11-25T09:00:00Z') }, // Wed 10:00 Madrid, 04:00 New York
    { startUtc: new Date('2026-11-25T15:30:00Z') }, // Wed 16:30 Madrid, 10:30 New York
    { startUtc: new Date('2026-11-26T09:00:00Z') }, // Thu 10:00 Madrid, 04:00 New York
  ];
  const madrid = { locale: 'es' as const, timeZone: 'Europe/Madrid' };
  const newYork = { locale: 'en' as const, timeZone: 'America/New_York' };

  it.each([
    ['la primera', 0],
    ['La segunda', 1],
    ['el tercero', 2],
    ['la 2', 1],
    ['2', 1],
    ['opción 3', 2],
    ['la última', 2],
    ['16:30', 1],
    ['a las 4 y media', 1],
    ['la de las 4 y media de la tarde', 1],
    ['las 5 menos cuarto', null],
    ['4:30pm', 1],
    ['16h30', 1],
    // 10:00 is offered on two days: unclear.
    ['a las 10', null],
    ['no sé', null],
    ['5', null],
  ])('Madrid, %p → %p', (text, expected) => {
    expect(parseSlotChoice(text, offered, madrid)).toBe(expected);
  });

  it.each([
    ['the second one', 1],
    ['option 3', 2],
    ['first', 0],
    ['the last one', 2],
    ['the 10:30 one', 1],
    ['10:30am', 1],
    ["the 10 o'clock", null],
    ['4:30pm', null],
    ['whatever', null],
  ])('New York, %p → %p', (text, expected) => {
    expect(parseSlotChoice(text, offered, newYork)).toBe(expected);
  });

  it("reads the 10 o'clock when only one slot is at ten", () => {
    const single = [{ startUtc: new Date('2026-11-25T15:00:00Z') }, { startUtc: new Date('2026-11-25T19:00:00Z') }]; // 10:00, 14:00 New York
    expect(parseSlotChoice("the 10 o'clock", single, newYork)).toBe(0);
    expect(parseSlotChoice('at 2', single, newYork)).toBe(1);
  });

  it('gives nothing when nothing was offered', () => {
    expect(parseSlotChoice('la primera', [], madrid)).toBeNull();
  });
});
