import { freeSlots } from '../../../services/availability/engine';
import { parseRuleSet } from '../../../services/availability/ruleSet';
import { explainUnavailable } from '../../../services/booking/explain';
import { displayZoneOf, lawfulWindowOf } from '../../../services/people/personZone';
import { madridSalesRuleSet } from '../../support/ruleSets';

// A Madrid landline (it rings in Europe/Madrid) whose person told us they are in the Canaries (call forwarding).
const forwarded = { phoneE164: '+34915550100', timeZone: 'Atlantic/Canary', region: null };
const NOW = new Date('2026-11-24T08:00:00Z');

describe('the zone a person’s times are shown in', () => {
  it.each([
    ['the zone they told us, even when the number rings elsewhere too', forwarded, 'Atlantic/Canary'],
    ['a landline with nothing said: where it is installed', { phoneE164: '+34928123456', timeZone: null, region: null }, 'Atlantic/Canary'],
    [
      'a Spanish mobile with nothing said: the first candidate',
      { phoneE164: '+34612345678', timeZone: null, region: null },
      'Europe/Madrid',
    ],
    ['a New Yorker who said so', { phoneE164: '+12125550100', timeZone: 'America/New_York', region: null }, 'America/New_York'],
    [
      'a number whose country has no zone table: UTC, and nothing is offered',
      { phoneE164: '+525512345678', timeZone: null, region: null },
      'UTC',
    ],
  ])('%s', (_label, person, zone) => {
    expect(displayZoneOf(person)).toBe(zone);
  });

  it('is the zone every part speaks in: the lawful window, the engine’s offer and the explanation', () => {
    const window = lawfulWindowOf(forwarded);
    // Both zones stay candidates: the call must be lawful where the line rings and where the person is.
    expect(window.candidateZones).toEqual(['Europe/Madrid', 'Atlantic/Canary']);
    expect(window.displayZone).toBe('Atlantic/Canary');
    const ruleSet = parseRuleSet(madridSalesRuleSet());
    const [first] = freeSlots({
      ruleSet,
      lawfulWindow: window,
      bookings: [],
      now: NOW,
      range: { fromUtc: new Date('2026-11-25T09:00:00Z'), toUtc: new Date('2026-11-25T10:00:00Z') },
    });
    expect(first?.prospectLocalStart).toBe('2026-11-25T09:00:00.000+00:00');
    // 21:30 in Madrid, 20:30 in Las Palmas: lawful in both only 09:00–20:00 on the person's own clock.
    expect(explainUnavailable({ ruleSet, lawfulWindow: window, instantUtc: new Date('2026-11-25T20:30:00Z'), now: NOW })).toEqual({
      kind: 'outside_lawful_hours',
      lawfulLocal: '09:00–20:00',
    });
  });
});
