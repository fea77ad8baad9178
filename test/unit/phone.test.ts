import { normalisePhone } from '../../services/people/phone';

describe('phone numbers as people type them', () => {
  it.each([
    ['612 34 56 78', 'ES', '+34612345678'],
    ['+34 612 000 001', 'ES', '+34612000001'],
    ['0034 915 55 12 34', 'ES', '+34915551234'],
    ['(212) 555-0100', 'US', '+12125550100'],
    ['+1 212 555 0100', 'ES', '+12125550100'],
    ['my number is +34 915 55 12 38, thanks', 'ES', '+34915551238'],
  ])('%p (%s) → %s', (input, country, e164) => {
    expect(normalisePhone(input, country)).toMatchObject({ ok: true, e164 });
  });

  it.each([['12345'], ['mi número es el de siempre'], ['+34 000 000 000'], ['call me at 10 or 11']])('refuses %p', (input) => {
    expect(normalisePhone(input, 'ES').ok).toBe(false);
  });
});
