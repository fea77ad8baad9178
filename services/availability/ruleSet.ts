import { z } from 'zod';
import { callerNumberProblem } from '../contactability/callerNumbers';
import { CLOCK_TIME_PATTERN, minutesOfClock } from './clockTime';
import { isValidIsoDate } from './calendarDay';
import { isKnownHolidayCountry, isKnownHolidayRegion } from './holidayCalendar';
import { isIanaZoneName } from './lawfulWindow';
import { checkStricterWindows } from './stricterWindows';
import { WEEKDAYS } from './weekdays';

export { checkStricterWindows } from './stricterWindows';

const clockTime = z.string().regex(CLOCK_TIME_PATTERN, 'expected a time "HH:mm" (00:00–24:00)');
const isoDate = z.string().refine(isValidIsoDate, 'expected a real calendar date "YYYY-MM-DD"');
const weekday = z.enum(WEEKDAYS);
const weekdays = z
  .array(weekday)
  .min(1)
  .refine((days) => new Set(days).size === days.length, 'weekday listed twice');
const minutes = (min: number, max: number) => z.int().min(min).max(max);

/**
 * zod 4 runs refinements even when a field inside already failed, so each refinement first
 * checks that the times it compares parsed; otherwise the field's own issue is enough.
 */
function wellFormed(...clocks: readonly string[]): boolean {
  return clocks.every((c) => CLOCK_TIME_PATTERN.test(c));
}

const localRange = z.strictObject({ start: clockTime, end: clockTime }).superRefine((range, ctx) => {
  if (wellFormed(range.start, range.end) && minutesOfClock(range.start) >= minutesOfClock(range.end)) {
    ctx.addIssue({ code: 'custom', path: ['end'], message: `end ${range.end} is not after start ${range.start}` });
  }
});

/** Ranges of one day: touching is fine (09:00–14:00, 14:00–18:00), overlapping is not. */
const dayHours = z.array(localRange).superRefine((ranges, ctx) => {
  if (!ranges.every((r) => wellFormed(r.start, r.end))) return;
  const order = ranges.map((r, i) => ({ i, start: minutesOfClock(r.start), end: minutesOfClock(r.end) })).sort((a, b) => a.start - b.start);
  for (let k = 1; k < order.length; k++) {
    const previous = order[k - 1];
    const current = order[k];
    if (previous !== undefined && current !== undefined && current.start < previous.end) {
      ctx.addIssue({ code: 'custom', path: [current.i], message: `overlaps range ${previous.i} of the same day` });
    }
  }
});

/** A date override either closes the day or replaces its weekly hours. */
const dateOverride = z.union([z.strictObject({ closed: z.literal(true) }), z.strictObject({ hours: dayHours.min(1) })]);

/** Keys checked here rather than by a key schema, whose error would not say what a key must be. */
const dateOverrides = z.record(z.string(), dateOverride).superRefine((overrides, ctx) => {
  for (const key of Object.keys(overrides)) {
    if (!isValidIsoDate(key)) ctx.addIssue({ code: 'custom', path: [key], message: 'expected a real calendar date "YYYY-MM-DD"' });
  }
});

const holidays = z
  .strictObject({
    country: z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166 country code like "ES"'),
    region: z
      .string()
      .regex(/^[A-Z0-9]{1,3}$/, 'expected a subdivision code like "MD"')
      .optional(),
    add: z.array(isoDate).default([]),
    remove: z.array(isoDate).default([]),
  })
  .superRefine((value, ctx) => {
    if (!isKnownHolidayCountry(value.country)) {
      ctx.addIssue({ code: 'custom', path: ['country'], message: `no holiday calendar for country ${value.country}` });
    } else if (value.region !== undefined && !isKnownHolidayRegion(value.country, value.region)) {
      ctx.addIssue({ code: 'custom', path: ['region'], message: `no holiday calendar for region ${value.country}-${value.region}` });
    }
  });

const capacityRange = z.strictObject({
  weekdays: weekdays.optional(),
  start: clockTime,
  end: clockTime,
  capacity: z.int().min(0),
});

const capacity = z
  .strictObject({
    default: z.int().min(0),
    ranges: z.array(capacityRange).default([]),
  })
  .superRefine((value, ctx) => {
    value.ranges.forEach((range, j) => {
      if (!wellFormed(range.start, range.end)) return;
      if (minutesOfClock(range.start) >= minutesOfClock(range.end)) {
        ctx.addIssue({ code: 'custom', path: ['ranges', j, 'end'], message: `end ${range.end} is not after start ${range.start}` });
        return;
      }
      for (let i = 0; i < j; i++) {
        const other = value.ranges[i];
        if (other === undefined || !wellFormed(other.start, other.end)) continue;
        const sharesDay = WEEKDAYS.some((d) => (range.weekdays?.includes(d) ?? true) && (other.weekdays?.includes(d) ?? true));
        const overlaps = minutesOfClock(range.start) < minutesOfClock(other.end) && minutesOfClock(other.start) < minutesOfClock(range.end);
        if (sharesDay && overlaps) {
          ctx.addIssue({ code: 'custom', path: ['ranges', j], message: `overlaps capacity range ${i} on a shared weekday` });
        }
      }
    });
  });

const stricterWindow = z
  .strictObject({
    jurisdiction: z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166 country code like "ES"'),
    weekdays: weekdays.optional(),
    start: clockTime,
    end: clockTime,
  })
  .superRefine((value, ctx) => {
    if (wellFormed(value.start, value.end) && minutesOfClock(value.start) >= minutesOfClock(value.end)) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: `end ${value.end} is not after start ${value.start}` });
    }
  });

const weeklyHours = z.strictObject({
  mon: dayHours.default([]),
  tue: dayHours.default([]),
  wed: dayHours.default([]),
  thu: dayHours.default([]),
  fri: dayHours.default([]),
  sat: dayHours.default([]),
  sun: dayHours.default([]),
});

/**
 * How the team keeps its word (services/promises): reminders, the grace before a call counts as missed, the
 * retry policy after no answer, and what "on time" means for the kept-on-time ratio. Every field has a default,
 * so rule sets written before it existed read the same.
 */
const promisePolicy = z.strictObject({
  // Minutes before the start; a reminder whose moment falls within 15 minutes of the booking is skipped.
  reminderLeadMinutes: z
    .array(minutes(5, 7 * 24 * 60))
    .max(4)
    .refine((leads) => new Set(leads).size === leads.length, 'lead time listed twice')
    .default([24 * 60, 15]),
  // Reminders never reach a person inside these local hours; they move earlier (end is the next morning).
  quietHours: z.strictObject({ start: clockTime, end: clockTime }).default({ start: '21:00', end: '09:00' }),
  graceMinutes: minutes(0, 24 * 60).default(30),
  keptOnTimeMinutes: minutes(0, 240).default(5),
  // A callback due this soon that no agent has claimed is announced to the team's channel.
  unclaimedNoticeMinutes: minutes(0, 24 * 60).default(15),
  retry: z
    .strictObject({ maxAttempts: z.int().min(1).max(10).default(3), spacingMinutes: minutes(15, 7 * 24 * 60).default(120) })
    .default({ maxAttempts: 3, spacingMinutes: 120 }),
  // A missed call not repaired within these days lapses (the apology's offer ends).
  repairWithinDays: z.int().min(1).max(60).default(7),
});

/**
 * The numbers agents call from, per call type and country: Spain's Ley 10/2025 requires commercial calls from a
 * dedicated, identifiable prefix from 28 December 2026 (services/contactability).
 */
const callerNumber = z.strictObject({
  callType: z.enum(['commercial', 'service']),
  country: z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166 country code like "ES"'),
  number: z.string().regex(/^\+[1-9]\d{6,14}$/, 'expected a number in E.164 form like "+34900123456"'),
});

const ruleSetFields = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a slug like "madrid-sales"'),
  name: z.string().trim().min(1).max(120),
  // IANA names only: an offset like "+01:00" would keep winter time all summer. Rejected, not
  // normalised, because we cannot know which place the admin meant.
  timeZone: z.string().refine(isIanaZoneName, 'expected an IANA time zone like "Europe/Madrid", not an offset'),
  weeklyHours,
  dateOverrides: dateOverrides.default({}),
  holidays: holidays.optional(),
  slotMinutes: minutes(5, 24 * 60),
  intervalMinutes: minutes(5, 24 * 60),
  bufferMinutes: minutes(0, 240),
  minNoticeMinutes: minutes(0, 30 * 24 * 60),
  horizonDays: z.int().min(1).max(366),
  capacity,
  stricterWindows: z.array(stricterWindow).default([]),
  promises: promisePolicy.default(() => promisePolicy.parse({})),
  callerNumbers: z.array(callerNumber).default([]),
});

export type PromisePolicy = z.output<typeof promisePolicy>;
export type CallerNumber = z.output<typeof callerNumber>;

function checkStricterWindowsOf(value: { stricterWindows: z.output<typeof stricterWindow>[] }, ctx: z.RefinementCtx): void {
  const checkable = value.stricterWindows.every((w) => wellFormed(w.start, w.end));
  for (const error of checkable ? checkStricterWindows(value.stricterWindows) : []) {
    ctx.addIssue({ code: 'custom', path: ['stricterWindows', error.index, error.field], message: error.message });
  }
}

export const ruleSetSchema = ruleSetFields.superRefine(checkStricterWindowsOf);

/**
 * Why a rule set cannot be booked safely, or null. Seats are claimed per slot start with a unique
 * key, which is exact only when slots (with their buffer) never overlap one another.
 */
export function bookabilityProblem(ruleSet: Pick<RuleSet, 'intervalMinutes' | 'slotMinutes' | 'bufferMinutes'>): string | null {
  const needed = ruleSet.slotMinutes + ruleSet.bufferMinutes;
  return ruleSet.intervalMinutes >= needed
    ? null
    : `must be at least slotMinutes + bufferMinutes (${needed}): overlapping slots could not be booked without overbooking`;
}

/**
 * A rule set the booking service can take, as an admin writes it: the shape above, and slots that never
 * overlap. `id` may be left out where the context names the rule set (the path of PUT /rule-sets/:id). The
 * engine alone (offering, tests of overlap counting) reads the wider `ruleSetSchema`.
 */
export const bookableRuleSetSchema = ruleSetFields
  .extend({ id: ruleSetFields.shape.id.optional() })
  .superRefine(checkStricterWindowsOf)
  .superRefine((value, ctx) => {
    const problem = bookabilityProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', path: ['intervalMinutes'], message: problem });
  })
  .superRefine(checkCallerNumbers);

/**
 * Caller numbers the law would refuse are refused when written (rule sets read back stay lenient: contactability
 * skips such a number), and one number per call type and country, so "which number do I dial from?" has one answer.
 */
function checkCallerNumbers(value: { callerNumbers: CallerNumber[] }, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  value.callerNumbers.forEach((entry, i) => {
    const problem = callerNumberProblem(entry);
    if (problem) ctx.addIssue({ code: 'custom', path: ['callerNumbers', i, 'number'], message: problem });
    const key = `${entry.callType}|${entry.country}`;
    if (seen.has(key))
      ctx.addIssue({ code: 'custom', path: ['callerNumbers', i], message: `a second ${entry.callType} number for ${entry.country}` });
    seen.add(key);
  });
}

/** A validated admin configuration, as the engine reads it. */
export type RuleSet = z.output<typeof ruleSetSchema>;
/** What an admin may write: optional lists may be left out. */
export type RuleSetInput = z.input<typeof ruleSetSchema>;

export function parseRuleSet(input: unknown): RuleSet {
  return ruleSetSchema.parse(input);
}
