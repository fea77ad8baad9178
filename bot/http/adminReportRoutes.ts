import { DateTime } from 'luxon';
import { z } from 'zod';
import type { PromiseReport, ReportBound } from '../../services/promises/promiseReport';
import { ApiError } from './errors';
import { slugField } from './fields';
import { defineRoute, type RouteDefinition } from './route';

export interface AdminReportDependencies {
  report: PromiseReport;
  clock: () => Date;
}

const DAY_MS = 86_400_000;
/** A quarter at most: one find over the period's callbacks, counted in the process, must stay a short request. */
const MAX_RANGE_DAYS = 92;
/** Without from/to: the current ISO week and the three before it. */
const DEFAULT_WEEKS = 4;

/** A date is midnight in each team's zone (whole local weeks); an instant is exact. */
const boundField = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], {
    message: 'expected a date like 2026-11-30 or an instant like 2026-11-30T09:00:00Z',
  })
  .transform((text): { text: string; bound: ReportBound } =>
    text.length === 10 ? { text, bound: { date: text } } : { text: new Date(text).toISOString(), bound: { instant: new Date(text) } },
  );

/** A bound as an instant for comparing two of them: a date at its UTC midnight (every zone is within 14 hours of it). */
function approximate(bound: ReportBound): number {
  return 'instant' in bound ? bound.instant.getTime() : DateTime.fromISO(bound.date, { zone: 'UTC' }).toMillis();
}

function dateBound(day: DateTime): { text: string; bound: ReportBound } {
  const text = day.toISODate()!;
  return { text, bound: { date: text } };
}

const counts = {
  booked: z.int().meta({ description: 'promises made for the period, cancelled ones excluded' }),
  keptOnTime: z.int().meta({ description: "first attempt within the rule set's promises.keptOnTimeMinutes of the start" }),
  late: z.int().meta({ description: 'first attempt made, later than that' }),
  missed: z.int().meta({ description: 'no outcome by start + grace (now missed, repaired or lapsed)' }),
  repaired: z.int(),
  lapsed: z.int(),
  unreachable: z.int(),
  cancelled: z.int().meta({ description: 'counted apart, in no other count' }),
  open: z.int().meta({ description: 'still booked, due or being retried' }),
  passed: z.int().meta({ description: "the ratio's denominator: not cancelled, and too late to be kept on time any more" }),
  ratio: z.number().min(0).max(1).nullable().meta({ description: 'keptOnTime / passed; null when nothing has passed' }),
};

const reportAnswer = z.object({
  from: z.string(),
  to: z.string(),
  team: z.string().nullable(),
  weeks: z.array(
    z.object({
      week: z.string().meta({ description: "ISO week in the team's zone", examples: ['2026-W49'] }),
      team: z.string(),
      ...counts,
    }),
  ),
  totals: z.object(counts),
});

/** GET /api/admin/reports/promises: how many promises each team kept, week by week. */
export function adminReportRoutes(deps: AdminReportDependencies): RouteDefinition[] {
  const query = z.object({ from: boundField.optional(), to: boundField.optional(), team: slugField.optional() }).transform((q, ctx) => {
    // Missing bounds are whole weeks, by the UTC calendar: to the end of the current ISO week, 4 weeks back.
    const nextMonday = DateTime.fromJSDate(deps.clock(), { zone: 'UTC' }).startOf('week').plus({ weeks: 1 });
    const to =
      q.to ??
      (q.from
        ? dateBound(DateTime.fromMillis(approximate(q.from.bound), { zone: 'UTC' }).startOf('day').plus({ weeks: DEFAULT_WEEKS }))
        : dateBound(nextMonday));
    const from = q.from ?? dateBound(DateTime.fromMillis(approximate(to.bound), { zone: 'UTC' }).minus({ weeks: DEFAULT_WEEKS }));
    const span = approximate(to.bound) - approximate(from.bound);
    if (span <= 0) ctx.addIssue({ code: 'custom', path: ['to'], message: `expected a bound after from (${from.text})` });
    else if (span > MAX_RANGE_DAYS * DAY_MS)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `expected at most ${MAX_RANGE_DAYS} days after from` });
    return { from, to, team: q.team };
  });
  return [
    defineRoute(
      {
        method: 'get',
        path: '/api/admin/reports/promises',
        summary: 'Promises kept, by ISO week and team: booked, kept on time, late, missed, repaired, unreachable, and the ratio',
        description:
          `Callbacks whose start is in [from, to). A date is midnight in each team's zone, and weeks are the team's local ISO weeks; ` +
          `an instant is exact. Without from/to: the current ISO week and the ${DEFAULT_WEEKS - 1} before it; at most ${MAX_RANGE_DAYS} days. ` +
          'Every week of the range is listed for every team (every rule set, or the one asked for), empty ones included.',
        tags: ['admin: reports'],
        // Agents too: the console shows the team's week, and the report holds counts, no person.
        auth: ['admin', 'agent'],
        query,
        examples: { query: { from: '2026-11-30', to: '2026-12-14', team: 'default' } },
        responses: {
          200: {
            description: 'the counts by week and team, and their totals',
            schema: reportAnswer,
            example: {
              from: '2026-11-30',
              to: '2026-12-07',
              team: 'default',
              weeks: [
                {
                  week: '2026-W49',
                  team: 'default',
                  booked: 42,
                  keptOnTime: 33,
                  late: 4,
                  missed: 3,
                  repaired: 2,
                  lapsed: 1,
                  unreachable: 1,
                  cancelled: 5,
                  open: 2,
                  passed: 40,
                  ratio: 0.825,
                },
              ],
              totals: {
                booked: 42,
                keptOnTime: 33,
                late: 4,
                missed: 3,
                repaired: 2,
                lapsed: 1,
                unreachable: 1,
                cancelled: 5,
                open: 2,
                passed: 40,
                ratio: 0.825,
              },
            },
          },
          404: { description: 'no such team' },
        },
      },
      async ({ query: q, res }) => {
        if (q.team !== undefined && !(await deps.report.hasTeam(q.team))) throw ApiError.notFound(`no team ${q.team}`);
        const answer = await deps.report.byWeek({
          from: q.from.bound,
          to: q.to.bound,
          now: deps.clock(),
          ...(q.team ? { team: q.team } : {}),
        });
        res.send(200, { from: q.from.text, to: q.to.text, team: q.team ?? null, ...answer });
      },
    ),
  ];
}
