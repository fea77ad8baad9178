import { DateTime } from 'luxon';
import type { Collection, Filter } from 'mongodb';
import { defaultRuleSet } from '../availability/defaultRuleSet';
import { parseRuleSet, type RuleSet } from '../availability/ruleSet';
import type { RuleSetStore } from '../availability/ruleSetStore';
import { type CallbackDocument, TEAM_FIELD, teamOf } from '../booking/callback';
import { isOpen } from '../booking/lifecycle';

// A team's zone and minutes are read from its rule set (`teamClock`, `teamClocks`, `hasTeam`) until teams exist.

/** How a team keeps time: its zone (its weeks) and how late a first call may be and still count as on time. */
export interface TeamClock {
  timeZone: string;
  keptOnTimeMinutes: number;
}

/** A team with no rule set: UTC weeks and the policy's default minutes. */
const UNKNOWN_TEAM: TeamClock = {
  timeZone: 'UTC',
  keptOnTimeMinutes: parseRuleSet(defaultRuleSet('unknown')).promises.keptOnTimeMinutes,
};

export interface PromiseCounts {
  /** Every promise made for the period, cancelled ones excluded. */
  booked: number;
  /** The first attempt came within the team's keptOnTimeMinutes of the start. */
  keptOnTime: number;
  /** The first attempt came, later than that. */
  late: number;
  /** Nobody called by start + grace (status missed, repaired or lapsed). */
  missed: number;
  repaired: number;
  lapsed: number;
  unreachable: number;
  /** Counted apart, and nowhere else. */
  cancelled: number;
  /** Still booked, due or being retried. */
  open: number;
  /** The ratio's denominator: not cancelled, and its on-time window has closed (see `hasPassed`). */
  passed: number;
  /** keptOnTime / passed; null when nothing has passed yet. */
  ratio: number | null;
}

export interface WeekRow extends PromiseCounts {
  /** ISO week in the team's zone, e.g. "2026-W49". */
  week: string;
  team: string;
}

export interface PromiseReportAnswer {
  weeks: WeekRow[];
  totals: PromiseCounts;
}

/** A bound of the period: a calendar date (midnight in each team's zone) or an exact instant. */
export type ReportBound = { date: string } | { instant: Date };

/** The kept-on-time gauge's window: a week of promises, so a quiet day does not swing it. */
const RATIO_WINDOW_DAYS = 7;

/** Zones are at most 14 hours from UTC either way: a date read in any of them lies within this of its UTC midnight. */
const WIDEST_OFFSET_MS = 14 * 3_600_000;

const FIELDS = [
  TEAM_FIELD,
  'status',
  'startUtc',
  'firstAttemptAt',
  'keptOnTime',
  'missedAt',
] as const satisfies readonly (keyof CallbackDocument)[];
type ReportedCallback = Pick<CallbackDocument, (typeof FIELDS)[number]>;

/**
 * How many promises each team kept, by week: what the admin report, the console's week and the
 * kept-on-time gauge all read. One find of the period's callbacks, only the fields counted, counted here in
 * code: FerretDB 1.24 serves `$group` with `$sum`/`$count` only (no `$cond` by status, no `$dateToString` with a
 * zone, no `$isoWeek`), and it decodes every document in Go for any filter but `{_id}` anyway, so a pipeline would
 * not be cheaper there; on MongoDB the `startUtc` index serves the range. The cursor is read as it comes, so the
 * memory is that of the rows, not of the callbacks.
 */
export class PromiseReport {
  constructor(
    private readonly callbacks: Collection<CallbackDocument>,
    private readonly ruleSets: Pick<RuleSetStore, 'current' | 'list'>,
  ) {}

  /** Rows for every team (or the one asked for) and every ISO week of [from, to), empty weeks included. */
  async byWeek(input: { from: ReportBound; to: ReportBound; team?: string; now: Date; maxTimeMS?: number }): Promise<PromiseReportAnswer> {
    const teams = await this.teamClocks(input.team);
    const rows = new Map<string, WeekRow>();
    const rowOf = (team: string, week: string): WeekRow => {
      const key = `${week}|${team}`;
      let row = rows.get(key);
      if (!row) rows.set(key, (row = { week, team, ...emptyCounts() }));
      return row;
    };
    for (const [team, clock] of teams) {
      for (const week of weeksOf(instantOf(input.from, clock.timeZone), instantOf(input.to, clock.timeZone), clock.timeZone)) {
        rowOf(team, week);
      }
    }
    const range = {
      $gte: widest(input.from, -WIDEST_OFFSET_MS, input.team ? teams.get(input.team) : undefined),
      $lt: widest(input.to, WIDEST_OFFSET_MS, input.team ? teams.get(input.team) : undefined),
    };
    // Each team's bounds, read once: a date is a different instant in each zone.
    const bounds = new Map<string, { clock: TeamClock; from: number; to: number }>();
    for await (const callback of this.scan(range, input.team, input.maxTimeMS)) {
      const team = teamOf(callback);
      let bound = bounds.get(team);
      if (!bound) {
        const clock = teams.get(team) ?? (await this.teamClock(team));
        bound = { clock, from: instantOf(input.from, clock.timeZone).getTime(), to: instantOf(input.to, clock.timeZone).getTime() };
        bounds.set(team, bound);
      }
      const start = callback.startUtc.getTime();
      if (start < bound.from || start >= bound.to) continue;
      tally(rowOf(team, isoWeekOf(callback.startUtc, bound.clock.timeZone)), callback, bound.clock, input.now);
    }
    const weeks = [...rows.values()].sort((a, b) => a.week.localeCompare(b.week) || a.team.localeCompare(b.team));
    for (const row of weeks) row.ratio = ratioOf(row);
    return { weeks, totals: sumOf(weeks) };
  }

  /**
   * Each team's ratio over the promises of the last RATIO_WINDOW_DAYS (the kept-on-time gauge), for the teams
   * that made one. A window of start times that ends now: promises still ahead are not judged yet.
   */
  async recentRatios(now: Date, maxTimeMS?: number): Promise<Map<string, number | null>> {
    const from = new Date(now.getTime() - RATIO_WINDOW_DAYS * 86_400_000);
    const { weeks } = await this.byWeek({ from: { instant: from }, to: { instant: now }, now, ...(maxTimeMS ? { maxTimeMS } : {}) });
    const teams = new Map<string, WeekRow[]>();
    for (const row of weeks) teams.set(row.team, [...(teams.get(row.team) ?? []), row]);
    const ratios = new Map<string, number | null>();
    for (const [team, rows] of teams) {
      const counts = sumOf(rows);
      if (counts.booked > 0) ratios.set(team, counts.ratio);
    }
    return ratios;
  }

  /** Whether the team exists (a rule set of that id, until teams exist). */
  async hasTeam(team: string): Promise<boolean> {
    return (await this.ruleSets.current(team)) !== null;
  }

  private scan(range: { $gte: Date; $lt: Date }, team: string | undefined, maxTimeMS: number | undefined): AsyncIterable<ReportedCallback> {
    const filter = { startUtc: range, ...(team === undefined ? {} : { [TEAM_FIELD]: team }) } as Filter<CallbackDocument>;
    return this.callbacks.find<ReportedCallback>(filter, {
      projection: Object.fromEntries(FIELDS.map((field) => [field, 1])),
      ...(maxTimeMS === undefined ? {} : { maxTimeMS }),
    });
  }

  /** The teams to list even when they had no promise: the one asked for, or every rule set. */
  private async teamClocks(team: string | undefined): Promise<Map<string, TeamClock>> {
    if (team !== undefined) return new Map([[team, await this.teamClock(team)]]);
    const all = await this.ruleSets.list();
    return new Map(all.map((stored) => [stored.ruleSet.id, clockOf(stored.ruleSet)]));
  }

  private async teamClock(team: string): Promise<TeamClock> {
    const stored = await this.ruleSets.current(team);
    return stored ? clockOf(stored.ruleSet) : UNKNOWN_TEAM;
  }
}

function clockOf(ruleSet: Pick<RuleSet, 'timeZone' | 'promises'>): TeamClock {
  return { timeZone: ruleSet.timeZone, keptOnTimeMinutes: ruleSet.promises.keptOnTimeMinutes };
}

/**
 * Whether a promise counts in the ratio: its first attempt was made (on time or not), it was marked missed, or it
 * is still open after its on-time window closed (it can no longer be kept). A promise closed with no attempt and
 * no miss, which only the legacy status 'completed' is, says nothing about when it was called: it counts as
 * booked (reached), and in neither side of the ratio.
 */
function hasPassed(callback: ReportedCallback, clock: TeamClock, now: Date): boolean {
  if (callback.status === 'cancelled') return false;
  if (callback.firstAttemptAt || callback.keptOnTime !== undefined || wasMissed(callback)) return true;
  return isOpen(callback.status) && now.getTime() >= callback.startUtc.getTime() + clock.keptOnTimeMinutes * 60_000;
}

/** The promise job marks the miss (missedAt) in the transition to missed; the status says it too. */
function wasMissed(callback: ReportedCallback): boolean {
  return Boolean(callback.missedAt) || callback.status === 'missed' || callback.status === 'repaired' || callback.status === 'lapsed';
}

function tally(row: PromiseCounts, callback: ReportedCallback, clock: TeamClock, now: Date): void {
  if (callback.status === 'cancelled') {
    row.cancelled += 1;
    return;
  }
  row.booked += 1;
  if (callback.keptOnTime === true) row.keptOnTime += 1;
  else if (callback.firstAttemptAt && callback.keptOnTime === false) row.late += 1;
  if (wasMissed(callback)) row.missed += 1;
  if (callback.status === 'repaired') row.repaired += 1;
  if (callback.status === 'lapsed') row.lapsed += 1;
  if (callback.status === 'unreachable') row.unreachable += 1;
  if (isOpen(callback.status)) row.open += 1;
  if (hasPassed(callback, clock, now)) row.passed += 1;
}

function emptyCounts(): PromiseCounts {
  return {
    booked: 0,
    keptOnTime: 0,
    late: 0,
    missed: 0,
    repaired: 0,
    lapsed: 0,
    unreachable: 0,
    cancelled: 0,
    open: 0,
    passed: 0,
    ratio: null,
  };
}

function sumOf(rows: readonly PromiseCounts[]): PromiseCounts {
  const total = emptyCounts();
  for (const row of rows) {
    for (const key of Object.keys(total) as (keyof PromiseCounts)[]) {
      if (key !== 'ratio') total[key] += row[key];
    }
  }
  total.ratio = ratioOf(total);
  return total;
}

function ratioOf(counts: Pick<PromiseCounts, 'keptOnTime' | 'passed'>): number | null {
  return counts.passed === 0 ? null : counts.keptOnTime / counts.passed;
}

/** A date is midnight of that day in the team's zone; an instant is itself. */
function instantOf(bound: ReportBound, timeZone: string): Date {
  return 'instant' in bound ? bound.instant : DateTime.fromISO(bound.date, { zone: timeZone }).toJSDate();
}

/** The bound to ask the database with: exact for one team or an instant, else wide enough for every zone. */
function widest(bound: ReportBound, widenMs: number, clock: TeamClock | undefined): Date {
  if ('instant' in bound) return bound.instant;
  if (clock) return instantOf(bound, clock.timeZone);
  return new Date(DateTime.fromISO(bound.date, { zone: 'UTC' }).toMillis() + widenMs);
}

function isoWeekOf(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toFormat("kkkk-'W'WW");
}

/** Every ISO week (in the zone) that overlaps [from, to). */
function weeksOf(from: Date, to: Date, timeZone: string): string[] {
  const weeks: string[] = [];
  const end = DateTime.fromJSDate(to, { zone: timeZone });
  for (let day = DateTime.fromJSDate(from, { zone: timeZone }).startOf('week'); day < end; day = day.plus({ weeks: 1 })) {
    weeks.push(day.toFormat("kkkk-'W'WW"));
  }
  return weeks;
}
