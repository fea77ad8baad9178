import { freeSlots } from '../../../services/availability/engine';
import { lawfulWindowFor } from '../../../services/availability/lawfulWindow';
import { EVERY_HOUR, madridTeam } from './fixtures';

/*
 * Night-time team hours on the clock-change days, with prospects far enough away that the law
 * allows every one of those hours (Los Angeles afternoon for Madrid, Tokyo afternoon for New
 * York), so what the tests see is the team zone's clock alone.
 */
const NIGHT = [{ start: '00:00', end: '06:00' }];
const NIGHT_TEAM = { mon: NIGHT, tue: NIGHT, wed: NIGHT, thu: NIGHT, fri: NIGHT, sat: NIGHT, sun: NIGHT };

const DAY_MS = 86_400_000;
const aroundDay = (day: string) => ({
  now: new Date(Date.parse(`${day}T00:00:00Z`) - 3 * DAY_MS),
  range: { fromUtc: new Date(Date.parse(`${day}T00:00:00Z`) - DAY_MS), toUtc: new Date(Date.parse(`${day}T00:00:00Z`) + 2 * DAY_MS) },
});

/** Team-local starts on the team's own calendar `day`. */
function nightStarts(timeZone: string, prospectZone: string, day: string): string[] {
  const ruleSet = madridTeam({ timeZone, weeklyHours: NIGHT_TEAM });
  const lawfulWindow = lawfulWindowFor({ phoneE164: '+14155552671', statedTimeZone: prospectZone });
  return freeSlots({ ruleSet, lawfulWindow, bookings: [], ...aroundDay(day) })
    .map((s) => s.teamLocalStart)
    .filter((s) => s.startsWith(day));
}

describe('Europe/Madrid clock changes: no slot in the skipped hour, none twice in the repeated one', () => {
  it.each(['2026-03-29', '2027-03-28'])('spring forward on %s', (day) => {
    expect(nightStarts('Europe/Madrid', 'America/Los_Angeles', day)).toEqual([
      `${day}T00:00:00.000+01:00`,
      `${day}T00:30:00.000+01:00`,
      `${day}T01:00:00.000+01:00`,
      `${day}T01:30:00.000+01:00`,
      `${day}T03:00:00.000+02:00`,
      `${day}T03:30:00.000+02:00`,
      `${day}T04:00:00.000+02:00`,
      `${day}T04:30:00.000+02:00`,
      `${day}T05:00:00.000+02:00`,
      `${day}T05:30:00.000+02:00`,
    ]);
  });
  it.each(['2026-10-25', '2027-10-31'])('fall back on %s (Los Angeles still on summer time, so 21:00 there is 05:00 here)', (day) => {
    expect(nightStarts('Europe/Madrid', 'America/Los_Angeles', day)).toEqual([
      `${day}T00:00:00.000+02:00`,
      `${day}T00:30:00.000+02:00`,
      `${day}T01:00:00.000+02:00`,
      `${day}T01:30:00.000+02:00`,
      `${day}T02:00:00.000+02:00`,
      `${day}T02:30:00.000+02:00`,
      `${day}T03:00:00.000+01:00`,
      `${day}T03:30:00.000+01:00`,
      `${day}T04:00:00.000+01:00`,
      `${day}T04:30:00.000+01:00`,
    ]);
  });
});

describe('America/New_York clock changes', () => {
  it.each(['2026-03-08', '2027-03-14'])('spring forward on %s', (day) => {
    expect(nightStarts('America/New_York', 'Asia/Tokyo', day)).toEqual([
      `${day}T00:00:00.000-05:00`,
      `${day}T00:30:00.000-05:00`,
      `${day}T01:00:00.000-05:00`,
      `${day}T01:30:00.000-05:00`,
      `${day}T03:00:00.000-04:00`,
      `${day}T03:30:00.000-04:00`,
      `${day}T04:00:00.000-04:00`,
      `${day}T04:30:00.000-04:00`,
      `${day}T05:00:00.000-04:00`,
      `${day}T05:30:00.000-04:00`,
    ]);
  });
  it.each(['2026-11-01', '2027-11-07'])('fall back on %s', (day) => {
    expect(nightStarts('America/New_York', 'Asia/Tokyo', day)).toEqual([
      `${day}T00:00:00.000-04:00`,
      `${day}T00:30:00.000-04:00`,
      `${day}T01:00:00.000-04:00`,
      `${day}T01:30:00.000-04:00`,
      `${day}T02:00:00.000-05:00`,
      `${day}T02:30:00.000-05:00`,
      `${day}T03:00:00.000-05:00`,
      `${day}T03:30:00.000-05:00`,
      `${day}T04:00:00.000-05:00`,
      `${day}T04:30:00.000-05:00`,
      `${day}T05:00:00.000-05:00`,
      `${day}T05:30:00.000-05:00`,
    ]);
  });
});

describe('a prospect-side 08:00 rule stays 08:00 local on the change day', () => {
  it.each([
    ['2026-03-07', '2026-03-07T08:00:00.000-05:00', '2026-03-07T14:00:00.000+01:00'],
    ['2026-03-08', '2026-03-08T08:00:00.000-04:00', '2026-03-08T13:00:00.000+01:00'],
    ['2026-11-01', '2026-11-01T08:00:00.000-05:00', '2026-11-01T14:00:00.000+01:00'],
  ])('New York on %s', (day, prospect, team) => {
    const ruleSet = madridTeam({ weeklyHours: EVERY_HOUR });
    const lawfulWindow = lawfulWindowFor({ phoneE164: '+12125550123', statedTimeZone: 'America/New_York' });
    const slots = freeSlots({ ruleSet, lawfulWindow, bookings: [], ...aroundDay(day) }).filter((s) => s.prospectLocalStart.startsWith(day));
    expect(slots[0]).toMatchObject({ prospectLocalStart: prospect, teamLocalStart: team });
    expect(slots.at(-1)?.prospectLocalStart).toBe(`${day}T20:30:00.000${prospect.slice(-6)}`);
  });
});
