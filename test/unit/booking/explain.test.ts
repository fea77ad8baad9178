import { lawfulWindowFor } from '../../../services/availability/lawfulWindow';
import { parseRuleSet, bookabilityProblem } from '../../../services/availability/ruleSet';
import { explainUnavailable } from '../../../services/booking/explain';
import { madridSalesRuleSet } from '../../support/ruleSets';

// Tuesday 24 November 2026, 09:00 in Madrid.
const NOW = new Date('2026-11-24T08:00:00Z');
const ruleSet = parseRuleSet(madridSalesRuleSet());
const madridLandline = lawfulWindowFor({ phoneE164: '+34915550100' });
const newYorker = lawfulWindowFor({ phoneE164: '+12125550100', statedTimeZone: 'America/New_York' });

const why = (iso: string, lawfulWindow = madridLandline) =>
  explainUnavailable({ ruleSet, lawfulWindow, instantUtc: new Date(iso), now: NOW });

describe('why a wanted time is not offered', () => {
  it.each([
    ['21:30 on a Wednesday in Madrid', '2026-11-25T20:30:00Z', { kind: 'outside_lawful_hours', lawfulLocal: '09:00–21:00' }],
    ['08:00 on a Wednesday in Madrid', '2026-11-25T07:00:00Z', { kind: 'outside_lawful_hours', lawfulLocal: '09:00–21:00' }],
    ['a Sunday', '2026-11-29T10:00:00Z', { kind: 'lawful_rest_day' }],
    ['a Saturday, when the team works but Spanish law rests', '2026-11-28T10:00:00Z', { kind: 'lawful_rest_day' }],
    ['a national holiday (8 December)', '2026-12-08T09:00:00Z', { kind: 'lawful_holiday' }],
    ['the lunch break (14:30 Madrid)', '2026-11-25T13:30:00Z', { kind: 'team_closed' }],
    ['20:30 Madrid, lawful but after the team leaves', '2026-11-25T19:30:00Z', { kind: 'team_closed' }],
    ['half an hour from now (one hour of notice)', '2026-11-24T08:30:00Z', { kind: 'too_soon' }],
    ['three weeks ahead (a 14-day horizon)', '2026-12-15T09:00:00Z', { kind: 'beyond_horizon' }],
    ['a slot start that was not offered: its seats are taken', '2026-11-25T09:00:00Z', { kind: 'full' }],
  ])('%s', (_label, iso, expected) => {
    expect(why(iso)).toEqual(expected);
  });

  it('gives a New Yorker their own lawful hours, in their own clock', () => {
    // 07:30 in New York is 13:30 in Madrid: the team is in, the law of the prospect says not yet.
    expect(why('2026-11-25T12:30:00Z', newYorker)).toEqual({ kind: 'outside_lawful_hours', lawfulLocal: '08:00–21:00' });
  });

  it('names the hours a Spanish mobile may really be called: lawful in Madrid and in the Canaries alike', () => {
    // 09:30 in Madrid is 08:30 in Las Palmas; 21:00 there is 22:00 here. On the Madrid clock: 10:00–21:00.
    const mobile = lawfulWindowFor({ phoneE164: '+34612345678' });
    expect(mobile.zoneAmbiguous).toBe(true);
    expect(why('2026-11-25T08:30:00Z', mobile)).toEqual({ kind: 'outside_lawful_hours', lawfulLocal: '10:00–21:00' });
  });

  it('names the hours the admin narrowed the law to', () => {
    const narrowed = parseRuleSet(madridSalesRuleSet({ stricterWindows: [{ jurisdiction: 'ES', start: '10:00', end: '19:00' }] }));
    expect(
      explainUnavailable({ ruleSet: narrowed, lawfulWindow: madridLandline, instantUtc: new Date('2026-11-25T18:30:00Z'), now: NOW }),
    ).toEqual({
      kind: 'outside_lawful_hours',
      lawfulLocal: '10:00–19:00',
    });
  });

  it('has nothing to explain between two slot starts of an open hour', () => {
    expect(why('2026-11-25T09:10:00Z')).toBeNull();
  });

  it('explains nothing it can show lawful when the zone is unknown', () => {
    const nowhere = { ...madridLandline, candidateZones: [], displayZone: null };
    expect(why('2026-11-25T09:00:00Z', nowhere)).toEqual({ kind: 'outside_lawful_hours', lawfulLocal: null });
  });
});

describe('which rule sets can be booked seat by seat', () => {
  it.each([
    [{ slotMinutes: 30, intervalMinutes: 30, bufferMinutes: 0 }, null],
    [{ slotMinutes: 30, intervalMinutes: 45, bufferMinutes: 15 }, null],
    [{ slotMinutes: 30, intervalMinutes: 30, bufferMinutes: 10 }, /\(40\)/],
    [{ slotMinutes: 45, intervalMinutes: 15, bufferMinutes: 0 }, /overlapping slots/],
  ])('%p → %p', (ruleSet, problem) => {
    const answer = bookabilityProblem(ruleSet);
    if (problem === null) expect(answer).toBeNull();
    else expect(answer).toMatch(problem);
  });
});
