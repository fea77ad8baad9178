import { explainUnavailable, unlawfulKind } from '../booking/explain';
import { lawfulWindowOf } from '../people/personZone';
import { type DayNumber, dayNumberFromIsoDate } from './calendarDay';
import { type Booking, type CallbackSlot, freeSlots } from './engine';
import { lawfulIntervals } from './lawfulIntervals';
import { lawfulWindowFor, type LawfulWindow } from './lawfulWindow';
import { type Interval, intersectIntervals } from './ranges';
import type { RuleSet } from './ruleSet';
import { isTeamHoliday } from './teamHours';
import { ZoneClock } from './zoneClock';

/**
 * What a rule set offers to a few prospects over a few days, and why every other hour is not offered: the
 * README's worked example as a tool. Pure: the engine (`freeSlots`), the conversation's own explanation of a
 * refusal (`explainUnavailable`) and the person's lawful window as the conversation reads it (`lawfulWindowOf`).
 */

export type ProspectLabel = 'es_mobile' | 'es_canary_landline' | 'us' | 'typed';
export type ClosedReason = 'unlawful' | 'holiday' | 'team_closed' | 'full' | 'too_soon' | 'beyond_horizon';

export interface PreviewProspect {
  readonly label: ProspectLabel;
  /** As typed or written in the sample. */
  readonly phone: string;
  readonly e164: string;
  /** The zone the person would state (the US sample, as in the README's example); otherwise read from the number. */
  readonly statedTimeZone?: string;
}

/**
 * The three prospects every preview shows: a mobile that may ring in the peninsula or the Canaries, a Las Palmas
 * landline, and a New York number whose person says where they are (a +1 number alone may ring in seven zones).
 */
export const SAMPLE_PROSPECTS: readonly PreviewProspect[] = [
  { label: 'es_mobile', phone: '+34 612 345 678', e164: '+34612345678' },
  { label: 'es_canary_landline', phone: '+34 928 123 456', e164: '+34928123456' },
  { label: 'us', phone: '+1 212 555 0100', e164: '+12125550100', statedTimeZone: 'America/New_York' },
];

export interface PreviewSlot {
  readonly startUtc: string;
  readonly endUtc: string;
  /** "YYYY-MM-DDTHH:mm" on the prospect's clock. */
  readonly local: string;
  /** The same start on the team's clock. */
  readonly team: string;
}

export interface ClosedRange {
  readonly fromUtc: string;
  readonly toUtc: string;
  readonly localFrom: string;
  readonly localTo: string;
  readonly reason: ClosedReason;
}

export interface PreviewZone {
  /** The zone times are shown in; null when none is known (nothing is offered). */
  readonly shownIn: string | null;
  /** The zones the number may ring in; more than one: offered only at times lawful in all. */
  readonly candidates: readonly string[];
  /** The person stated `shownIn`; `numberAlone` is what the number alone would have allowed. */
  readonly stated: boolean;
  readonly numberAlone: readonly string[];
}

export interface ProspectPreview {
  readonly label: ProspectLabel;
  readonly phone: string;
  readonly e164: string;
  /** The country whose calling rule applies ("ZZ" when the number names none). */
  readonly country: string;
  /** The zone `local` times are in: the one the conversation would show this person. */
  readonly timeZone: string;
  /** Which zone, and why: the page words it in its own language. */
  readonly zone: PreviewZone;
  /** The calling rule that applies, and this team's stricter windows for its country. */
  readonly law: { readonly citation: string; readonly narrowedTo: readonly string[] };
  readonly slots: PreviewSlot[];
  readonly closed: ClosedRange[];
}

export interface PreviewQuery {
  readonly ruleSet: RuleSet;
  /** The first day, on the team's calendar. */
  readonly from: string;
  readonly days: number;
  readonly prospects: readonly PreviewProspect[];
  /** The rule set's bookings around the range (`previewRange`): they hold seats, as they do in the conversation. */
  readonly bookings: readonly Booking[];
  readonly now: Date;
}

const HOUR = 3_600_000;

/** The instants a preview covers: from midnight of `from` to midnight `days` later, in the team's zone. */
export function previewRange(ruleSet: Pick<RuleSet, 'timeZone'>, from: string, days: number): { fromUtc: Date; toUtc: Date } {
  const clock = new ZoneClock(ruleSet.timeZone);
  const first: DayNumber = dayNumberFromIsoDate(from);
  return { fromUtc: new Date(clock.instantOf(first, 0)), toUtc: new Date(clock.instantOf(first + days, 0)) };
}

export function previewOffers(query: PreviewQuery): ProspectPreview[] {
  return query.prospects.map((prospect) => previewOne(query, prospect));
}

function previewOne(query: PreviewQuery, prospect: PreviewProspect): ProspectPreview {
  const { ruleSet, now } = query;
  const range = previewRange(ruleSet, query.from, query.days);
  const lawfulWindow = lawfulWindowOf({ phoneE164: prospect.e164, timeZone: prospect.statedTimeZone ?? null, region: null });
  const timeZone = lawfulWindow.displayZone ?? 'UTC';
  const prospectClock = new ZoneClock(timeZone);
  const teamClock = new ZoneClock(ruleSet.timeZone);
  const local = (ms: number) => prospectClock.formatIso(ms).slice(0, 16);

  const offered = freeSlots({ ruleSet, lawfulWindow, bookings: query.bookings, now, range });
  // The same schedule with no one booked: a slot there and not in `offered` is one whose seats are taken.
  const scheduled = freeSlots({ ruleSet, lawfulWindow, bookings: [], now, range });

  const closed: ClosedRange[] = [];
  const from = range.fromUtc.getTime();
  const to = range.toUtc.getTime();
  // The law's hours over the whole range, once: an hour with no lawful instant is refused by the law whatever
  // else holds (the engine's first check), so only the other hours ask the engine why, one by one.
  const lawful = lawfulWindow.displayZone === null ? [] : lawfulIntervals(lawfulWindow, ruleSet.stricterWindows, from, to);
  for (let hour = from; hour < to; hour += HOUR) {
    const end = Math.min(hour + HOUR, to);
    if (overlaps(offered, hour, end)) continue;
    const reason = overlaps(scheduled, hour, end)
      ? 'full'
      : !touches(lawful, hour, end)
        ? lawReason(unlawfulKind(lawfulWindow, new Date(hour)))
        : whyClosed(ruleSet, lawfulWindow, teamClock, hour, now);
    const last = closed[closed.length - 1];
    if (last !== undefined && last.reason === reason && Date.parse(last.toUtc) === hour) {
      closed[closed.length - 1] = { ...last, toUtc: new Date(end).toISOString(), localTo: local(end) };
    } else {
      closed.push({
        fromUtc: new Date(hour).toISOString(),
        toUtc: new Date(end).toISOString(),
        localFrom: local(hour),
        localTo: local(end),
        reason,
      });
    }
  }

  return {
    label: prospect.label,
    phone: prospect.phone,
    e164: prospect.e164,
    country: lawfulWindow.jurisdiction,
    timeZone,
    zone: zoneOf(prospect, lawfulWindow),
    law: {
      citation: lawfulWindow.citation,
      narrowedTo: ruleSet.stricterWindows
        .filter((w) => w.jurisdiction === lawfulWindow.jurisdiction)
        .map((w) => `${w.start}–${w.end}${w.weekdays === undefined ? '' : ` (${w.weekdays.join(', ')})`}`),
    },
    slots: offered.map((slot) => ({
      startUtc: slot.startUtc.toISOString(),
      endUtc: slot.endUtc.toISOString(),
      local: slot.prospectLocalStart.slice(0, 16),
      team: slot.teamLocalStart.slice(0, 16),
    })),
    closed,
  };
}

function touches(intervals: readonly Interval[], from: number, to: number): boolean {
  return intersectIntervals(intervals, [[from, to]]).length > 0;
}

function lawReason(kind: ReturnType<typeof unlawfulKind>): ClosedReason {
  return kind === 'lawful_holiday' ? 'holiday' : 'unlawful';
}

function overlaps(slots: readonly CallbackSlot[], from: number, to: number): boolean {
  return slots.some((slot) => slot.startUtc.getTime() < to && slot.endUtc.getTime() > from);
}

/**
 * The hour's reason is the conversation's answer for a call wanted at its start (`explainUnavailable`, most
 * fundamental first: the law, then notice and horizon, then the team's hours), with the two kinds of holiday
 * said as such: the person's (the law's calendar) and the team's (its holiday calendar, unless a date override
 * opens the day).
 */
function whyClosed(ruleSet: RuleSet, lawfulWindow: LawfulWindow, teamClock: ZoneClock, hour: number, now: Date): ClosedReason {
  const why = explainUnavailable({ ruleSet, lawfulWindow, instantUtc: new Date(hour), now });
  switch (why?.kind) {
    case 'lawful_holiday':
    case 'outside_lawful_hours':
    case 'lawful_rest_day':
      return lawReason(why.kind);
    case 'too_soon':
    case 'beyond_horizon':
    case 'full':
      return why.kind;
    default:
      // team_closed, or (not reached: a scheduled slot covering the hour is 'full' above) between two slots.
      return isTeamHoliday(ruleSet, teamClock.dayOf(hour)) ? 'holiday' : 'team_closed';
  }
}

function zoneOf(prospect: PreviewProspect, lawfulWindow: LawfulWindow): PreviewZone {
  const stated = prospect.statedTimeZone !== undefined && lawfulWindow.displayZone === prospect.statedTimeZone;
  return {
    shownIn: lawfulWindow.displayZone,
    candidates: lawfulWindow.candidateZones,
    stated,
    numberAlone: stated ? lawfulWindowFor({ phoneE164: prospect.e164 }).candidateZones : lawfulWindow.candidateZones,
  };
}
