import { parseRuleSet } from '../../../services/availability/ruleSet';
import { ruleSetChanges } from '../../../services/availability/ruleSetDiff';
import { madridSalesRuleSet } from '../../support/ruleSets';

describe('ruleSetChanges', () => {
  const v1 = parseRuleSet(madridSalesRuleSet());

  it('finds nothing between a version and itself, whatever order its keys were written in', () => {
    const reordered = parseRuleSet(Object.fromEntries(Object.entries(madridSalesRuleSet()).reverse()));
    expect(ruleSetChanges(v1, reordered)).toEqual([]);
  });

  it('names each change by its path, a day and a date override as a whole, an added one with before null', () => {
    const v2 = parseRuleSet(
      madridSalesRuleSet({
        weeklyHours: { ...madridSalesRuleSet().weeklyHours, mon: [{ start: '08:00', end: '20:00' }] },
        capacity: { default: 5, ranges: [] },
        dateOverrides: {
          '2026-12-24': { closed: true },
          '2026-12-31': { closed: true },
          '2027-01-05': { hours: [{ start: '09:00', end: '12:00' }] },
        },
        holidays: { country: 'ES', region: 'CN', add: [], remove: [] },
      }),
    );
    expect(ruleSetChanges(v1, v2)).toEqual([
      {
        path: 'weeklyHours.mon',
        before: [
          { start: '09:00', end: '14:00' },
          { start: '15:30', end: '20:00' },
        ],
        after: [{ start: '08:00', end: '20:00' }],
      },
      { path: 'dateOverrides.2026-12-24', before: { hours: [{ start: '09:00', end: '13:00' }] }, after: { closed: true } },
      { path: 'dateOverrides.2027-01-05', before: null, after: { hours: [{ start: '09:00', end: '12:00' }] } },
      { path: 'holidays.region', before: 'MD', after: 'CN' },
      { path: 'capacity.default', before: 3, after: 5 },
    ]);
    expect(ruleSetChanges(v2, v1).find((c) => c.path === 'dateOverrides.2027-01-05')).toEqual({
      path: 'dateOverrides.2027-01-05',
      before: { hours: [{ start: '09:00', end: '12:00' }] },
      after: null,
    });
  });
});
