import type { Booking } from '../../../services/availability/engine';
import {
  type ClosedRange,
  type PreviewProspect,
  type ProspectPreview,
  SAMPLE_PROSPECTS,
  previewOffers,
  previewRange,
} from '../../../services/availability/preview';
import { parseRuleSet, type RuleSet } from '../../../services/availability/ruleSet';
import { madridSalesRuleSet } from '../../support/ruleSets';
import { EVERY_HOUR } from './fixtures';

const HOUR = 3_600_000;
// The README's worked example: Monday 7 December 2026, 18:45 in Madrid.
const README_NOW = new Date('2026-12-07T17:45:00Z');

function preview(
  ruleSet: RuleSet,
  from: string,
  days: number,
  now: Date,
  options: { prospects?: PreviewProspect[]; bookings?: Booking[] } = {},
) {
  const prospects = options.prospects ?? [...SAMPLE_PROSPECTS];
  return previewOffers({ ruleSet, from, days, prospects, bookings: options.bookings ?? [], now });
}

function byLabel(previews: ProspectPreview[], label: string): ProspectPreview {
  const found = previews.find((p) => p.label === label);
  if (!found) throw new Error(`no ${label} in the preview`);
  return found;
}

const closedText = (closed: readonly ClosedRange[]) => closed.map((c) => `${c.localFrom}–${c.localTo} ${c.reason}`);

/**
 * Every hour of the range is either offered (a slot overlaps it) or in exactly one closed range: the ranges do
 * not overlap, do not touch with the same reason (they were merged), and leave no hour unexplained.
 */
function expectPartition(ruleSet: RuleSet, from: string, days: number, p: ProspectPreview): void {
  const range = previewRange(ruleSet, from, days);
  const closedAt = (hour: number) => p.closed.filter((c) => Date.parse(c.fromUtc) <= hour && hour < Date.parse(c.toUtc));
  for (let hour = range.fromUtc.getTime(); hour < range.toUtc.getTime(); hour += HOUR) {
    const offered = p.slots.some((s) => Date.parse(s.startUtc) < hour + HOUR && Date.parse(s.endUtc) > hour);
    const iso = new Date(hour).toISOString();
    expect({ hour: iso, covering: closedAt(hour).length }).toEqual({ hour: iso, covering: offered ? 0 : 1 });
  }
  p.closed.forEach((c, i) => {
    const next = p.closed[i + 1];
    if (next && next.fromUtc === c.toUtc) expect(next.reason).not.toBe(c.reason);
  });
}

describe('previewOffers: the README worked example, live', () => {
  const ruleSet = parseRuleSet(madridSalesRuleSet());
  const previews = preview(ruleSet, '2026-12-07', 3, README_NOW);

  it('always shows the three sample prospects, each in its own zone', () => {
    expect(previews.map((p) => [p.label, p.e164, p.country, p.timeZone])).toEqual([
      ['es_mobile', '+34612345678', 'ES', 'Europe/Madrid'],
      ['es_canary_landline', '+34928123456', 'ES', 'Atlantic/Canary'],
      ['us', '+12125550100', 'US', 'America/New_York'],
    ]);
  });

  it.each([
    ['es_mobile', ['2026-12-09T10:00', '2026-12-09T10:30', '2026-12-09T11:00']],
    ['es_canary_landline', ['2026-12-09T09:00', '2026-12-09T09:30', '2026-12-09T10:00']],
    ['us', ['2026-12-09T09:30', '2026-12-09T10:00', '2026-12-09T10:30']],
  ])('%s is first offered what the README says: %j', (label, firsts) => {
    expect(
      byLabel(previews, label)
        .slots.slice(0, 3)
        .map((s) => s.local),
    ).toEqual(firsts);
  });

  it("the Canary landline's last slot is 18:30 theirs, 19:30 the team's", () => {
    expect(byLabel(previews, 'es_canary_landline').slots.at(-1)).toMatchObject({ local: '2026-12-09T18:30', team: '2026-12-09T19:30' });
  });

  it('says which zone an open number was previewed in, and why', () => {
    expect(byLabel(previews, 'es_mobile').zone).toEqual({
      shownIn: 'Europe/Madrid',
      candidates: ['Europe/Madrid', 'Atlantic/Canary'],
      stated: false,
      numberAlone: ['Europe/Madrid', 'Atlantic/Canary'],
    });
    const us = byLabel(previews, 'us').zone;
    expect(us).toMatchObject({ shownIn: 'America/New_York', stated: true });
    expect(us.numberAlone).toHaveLength(7);
    expect(byLabel(previews, 'es_canary_landline').zone).toMatchObject({ shownIn: 'Atlantic/Canary', candidates: ['Atlantic/Canary'] });
    expect(byLabel(previews, 'es_mobile').law.citation).toMatch(/TRLGDCU\) art\. 96\.2.*09:00–21:00/);
  });

  it('gives the reason of every hour not offered, merged into ranges, on the prospect clock', () => {
    expect(closedText(byLabel(previews, 'es_mobile').closed)).toEqual([
      // 09:00 in Madrid is 08:00 in the Canaries, where the mobile may be: not lawful before 10:00 Madrid.
      '2026-12-07T00:00–2026-12-07T10:00 unlawful',
      // Before now + one hour's notice.
      '2026-12-07T10:00–2026-12-07T20:00 too_soon',
      // 7 December is a holiday of the Comunidad de Madrid, the team's calendar (not the mobile's: its region is unknown).
      '2026-12-07T20:00–2026-12-07T21:00 holiday',
      '2026-12-07T21:00–2026-12-08T00:00 unlawful',
      // 8 December is a national holiday: the law's calendar closes the whole day.
      '2026-12-08T00:00–2026-12-09T00:00 holiday',
      '2026-12-09T00:00–2026-12-09T10:00 unlawful',
      '2026-12-09T14:00–2026-12-09T15:00 team_closed',
      '2026-12-09T20:00–2026-12-09T21:00 team_closed',
      '2026-12-09T21:00–2026-12-10T00:00 unlawful',
    ]);
    for (const p of previews) expectPartition(ruleSet, '2026-12-07', 3, p);
  });

  it('a US number: the law allows 08:00–21:00 in New York, the Madrid team is closed for its holidays', () => {
    expect(closedText(byLabel(previews, 'us').closed)).toContain('2026-12-08T08:00–2026-12-08T18:00 holiday');
    expect(closedText(byLabel(previews, 'us').closed)).toContain('2026-12-09T08:00–2026-12-09T09:00 team_closed');
  });
});

describe('previewOffers: the law wins over wider team hours', () => {
  // Open round the clock, every day: only the law narrows it.
  const ruleSet = parseRuleSet(
    madridSalesRuleSet({ weeklyHours: EVERY_HOUR, holidays: undefined, dateOverrides: {}, minNoticeMinutes: 0 }),
  );
  const previews = preview(ruleSet, '2026-03-02', 7, new Date('2026-03-01T00:00:00Z'));

  it('a Spanish number is never offered outside 09:00–21:00 local, nor on a weekend', () => {
    for (const label of ['es_mobile', 'es_canary_landline']) {
      const slots = byLabel(previews, label).slots;
      expect(slots.length).toBeGreaterThan(0);
      for (const slot of slots) {
        expect(slot.local.slice(11) >= '09:00' && slot.local.slice(11) <= '20:30').toBe(true);
        expect(new Date(`${slot.local.slice(0, 10)}T12:00:00Z`).getUTCDay() % 6).not.toBe(0);
      }
      // Every weekday up to the last lawful start.
      expect(slots.filter((s) => s.local.endsWith('20:30'))).toHaveLength(5);
    }
    expect(byLabel(previews, 'es_canary_landline').slots.filter((s) => s.local.endsWith('T09:00'))).toHaveLength(5);
    // The mobile may be in the Canaries: its morning starts at 10:00 Madrid (09:00 there).
    expect(byLabel(previews, 'es_mobile').slots[0]?.local).toBe('2026-03-02T10:00');
    expect(closedText(byLabel(previews, 'es_mobile').closed)).toContain('2026-03-02T21:00–2026-03-03T10:00 unlawful');
    expect(closedText(byLabel(previews, 'es_mobile').closed)).toContain('2026-03-06T21:00–2026-03-09T00:00 unlawful');
  });

  it('while the same team offers a US number 08:00–21:00 every day, weekend included', () => {
    const us = byLabel(previews, 'us');
    expect(us.slots.some((s) => s.local === '2026-03-07T08:00')).toBe(true);
    expect(us.slots.some((s) => s.local === '2026-03-07T20:30')).toBe(true);
    expect(us.slots.some((s) => s.local.slice(11) < '08:00' || s.local.slice(11) > '20:30')).toBe(false);
  });

  it('a typed number of a country with no known zone is offered nothing, and says so', () => {
    const [japan] = preview(ruleSet, '2026-03-02', 1, new Date('2026-03-01T00:00:00Z'), {
      prospects: [{ label: 'typed', phone: '+81 3-1234-5678', e164: '+81312345678' }],
    });
    expect(japan).toMatchObject({ label: 'typed', country: 'JP', timeZone: 'UTC', slots: [] });
    expect(japan?.zone).toMatchObject({ shownIn: null, candidates: [] });
    expect(closedText(japan?.closed ?? [])).toEqual(['2026-03-01T23:00–2026-03-02T23:00 unlawful']);
  });
});

describe('previewOffers: a week with a clock change', () => {
  // Madrid goes to summer time on Sunday 29 March 2026 (New York did on 8 March): the afternoon shift moves
  // from 10:30 to 09:30 in New York, and the Sunday has 23 hours.
  const ruleSet = parseRuleSet(madridSalesRuleSet({ minNoticeMinutes: 0, horizonDays: 60 }));
  const previews = preview(ruleSet, '2026-03-23', 8, new Date('2026-03-20T00:00:00Z'));

  it("keeps the team's 15:30 at 15:30 on its clock, and moves it on New York's", () => {
    const us = byLabel(previews, 'us');
    const afternoon = (day: string) => us.slots.find((s) => s.team === `${day}T15:30`)?.local;
    expect(afternoon('2026-03-26')).toBe('2026-03-26T10:30');
    expect(afternoon('2026-03-30')).toBe('2026-03-30T09:30');
    // The morning shift: 09:00–14:00 Madrid is 04:00–09:00 in New York, then 03:00–08:00: lawful from 08:00 only.
    expect(us.slots.filter((s) => s.local.startsWith('2026-03-26T08'))).toHaveLength(2);
    expect(us.slots.filter((s) => s.local.startsWith('2026-03-30T08'))).toHaveLength(0);
  });

  it('a Madrid landline is offered 09:00 local on both sides of the change, and the short Sunday is one closed range', () => {
    const [madrid] = preview(ruleSet, '2026-03-23', 8, new Date('2026-03-20T00:00:00Z'), {
      prospects: [{ label: 'typed', phone: '912 345 678', e164: '+34912345678' }],
    });
    const firsts = (day: string) => madrid?.slots.find((s) => s.local.startsWith(day));
    expect(firsts('2026-03-27')).toMatchObject({ local: '2026-03-27T09:00', startUtc: '2026-03-27T08:00:00.000Z' });
    expect(firsts('2026-03-30')).toMatchObject({ local: '2026-03-30T09:00', startUtc: '2026-03-30T07:00:00.000Z' });
    // Friday 21:00 to Monday 09:00 (the weekend is no calling day in Spain): 60 hours on the clock, 59 lived.
    const weekend = madrid?.closed.find((c) => c.localFrom === '2026-03-27T21:00');
    expect(weekend).toMatchObject({ localTo: '2026-03-30T09:00', reason: 'unlawful' });
    expect(Date.parse(weekend!.toUtc) - Date.parse(weekend!.fromUtc)).toBe(59 * HOUR);
    expect(closedText(madrid?.closed ?? [])).toContain('2026-03-27T15:00–2026-03-27T21:00 team_closed');
    for (const p of [...previews, madrid!]) expectPartition(ruleSet, '2026-03-23', 8, p);
  });
});

describe('previewOffers: capacity, notice and horizon', () => {
  const ruleSet = parseRuleSet(madridSalesRuleSet());
  const madridLandline: PreviewProspect = { label: 'typed', phone: '+34 912 345 678', e164: '+34912345678' };
  const seats = (startIso: string, n: number): Booking[] =>
    Array.from({ length: n }, () => ({ startUtc: new Date(startIso), endUtc: new Date(Date.parse(startIso) + 30 * 60_000) }));

  it('an hour whose seats are all taken is "full"; a taken slot in an hour with another free one is just missing', () => {
    // 10:00, 10:30 and 12:00 in Madrid, each with its three seats taken.
    const bookings = [...seats('2026-12-09T09:00:00Z', 3), ...seats('2026-12-09T09:30:00Z', 3), ...seats('2026-12-09T11:00:00Z', 3)];
    const [madrid] = preview(ruleSet, '2026-12-09', 1, README_NOW, { prospects: [madridLandline], bookings });
    const locals = madrid?.slots.map((s) => s.local) ?? [];
    expect(locals.slice(0, 3)).toEqual(['2026-12-09T09:00', '2026-12-09T09:30', '2026-12-09T11:00']);
    expect(closedText(madrid?.closed ?? [])).toContain('2026-12-09T10:00–2026-12-09T11:00 full');
    expect(locals).not.toContain('2026-12-09T12:00');
    expect(locals).toContain('2026-12-09T12:30');
    // Two of three seats taken: still offered.
    const [partly] = preview(ruleSet, '2026-12-09', 1, README_NOW, {
      prospects: [madridLandline],
      bookings: seats('2026-12-09T09:00:00Z', 2),
    });
    expect(partly?.slots.map((s) => s.local)).toContain('2026-12-09T10:00');
  });

  it('an hour whose only slot starts on the half hour is "full" when that slot is, not "team_closed"', () => {
    const halfHours = parseRuleSet(
      madridSalesRuleSet({ weeklyHours: { wed: [{ start: '09:30', end: '12:00' }] }, intervalMinutes: 60, holidays: undefined }),
    );
    // 10:30 in Madrid, its three seats taken: the 10:00 hour has no other slot.
    const [madrid] = preview(halfHours, '2026-12-09', 1, README_NOW, {
      prospects: [madridLandline],
      bookings: seats('2026-12-09T09:30:00Z', 3),
    });
    expect(madrid?.slots.map((s) => s.local)).toEqual(['2026-12-09T09:30', '2026-12-09T11:30']);
    expect(closedText(madrid?.closed ?? [])).toContain('2026-12-09T10:00–2026-12-09T11:00 full');
  });

  it('hours before now + notice are "too_soon", from the horizon on "beyond_horizon"', () => {
    // Horizon 14 days from 7 Dec 18:45: slots start before 21 Dec 18:45.
    const [madrid] = preview(ruleSet, '2026-12-21', 1, README_NOW, { prospects: [madridLandline] });
    expect(madrid?.slots.at(-1)?.local).toBe('2026-12-21T18:30');
    expect(closedText(madrid?.closed ?? [])).toEqual([
      '2026-12-21T00:00–2026-12-21T09:00 unlawful',
      '2026-12-21T14:00–2026-12-21T15:00 team_closed',
      '2026-12-21T19:00–2026-12-21T21:00 beyond_horizon',
      '2026-12-21T21:00–2026-12-22T00:00 unlawful',
    ]);
    const [today] = preview(ruleSet, '2026-12-10', 1, new Date('2026-12-10T11:10:00Z'), { prospects: [madridLandline] });
    expect(today?.slots[0]?.local).toBe('2026-12-10T13:30');
    expect(closedText(today?.closed ?? [])).toContain('2026-12-10T09:00–2026-12-10T13:00 too_soon');
  });

  it("a date override opens a team holiday; the team's own added day closes it", () => {
    const overridden = parseRuleSet(
      madridSalesRuleSet({
        dateOverrides: { '2026-12-07': { hours: [{ start: '19:00', end: '20:00' }] } },
        holidays: { country: 'ES', region: 'MD', add: ['2026-12-10'], remove: [] },
      }),
    );
    const [madrid] = preview(overridden, '2026-12-07', 4, new Date('2026-12-07T08:00:00Z'), { prospects: [madridLandline] });
    expect(madrid?.slots.filter((s) => s.local.startsWith('2026-12-07')).map((s) => s.local)).toEqual([]);
    // A Madrid landline is in region MD: 7 December is a holiday on the law's calendar too, whatever the team does.
    expect(closedText(madrid?.closed ?? [])).toContain('2026-12-07T00:00–2026-12-09T00:00 holiday');
    expect(closedText(madrid?.closed ?? [])).toContain('2026-12-10T09:00–2026-12-10T21:00 holiday');
    const [us] = preview(overridden, '2026-12-07', 1, new Date('2026-12-07T08:00:00Z'), { prospects: [SAMPLE_PROSPECTS[2]!] });
    expect(us?.slots.map((s) => s.team)).toEqual(['2026-12-07T19:00', '2026-12-07T19:30']);
  });
});
