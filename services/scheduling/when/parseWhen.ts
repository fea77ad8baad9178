import { DateTime } from 'luxon';
import { CALLING_DAY, DAY_PARTS, DayPart, dayPartIn, isCallingHour } from './dayParts';
import { foldForMatching } from '../../text/matchingText';
import { asksForAsap, clockWindowIn, rephraseForRecognizer } from './ownPhrases';
import { recognize } from './recognizer';
import { Readings, readingsOf, Window } from './readings';
import { secondsFromNow } from './relative';
import { addDays, atClock, fullClock, isoLocal, localDate, recognizerReference } from './wallClock';
import type { Language } from '../../language/language';

export type WhenRequest =
  | { kind: 'asap' }
  /** An exact time; `prospectLocal` is the same instant as the person's wall clock, with its offset. */
  | { kind: 'at'; startUtc: Date; prospectLocal: string }
  /** Any time in [fromUtc, toUtc); `label` is the part of the day it came from, if any. */
  | { kind: 'range'; fromUtc: Date; toUtc: Date; label: DayPart | null };

export interface WhenOptions {
  locale: Language;
  /** IANA zone of the person; every wall-clock word is read in it. */
  timeZone: string;
  now: Date;
}

/** What the person named besides the day: an exact time, a window, or nothing (the whole calling day). */
type TimeSpec = { kind: 'clocks'; clocks: string[] } | { kind: 'windows'; windows: Window[] };

const DAY_SECONDS = 86_400;

/**
 * When a person wants to be called, from their own words, in their own zone; null when the text names
 * no time at all. Pure: the clock is `options.now`. Rules, in order:
 * - "in two hours" / "dentro de dos horas" is `now` plus that much real time; whole days ("dentro de
 *   dos días") name that day instead;
 * - an exact time wins over a window, and a window with hours ("a partir de las 6") over a part of the day;
 * - an hour with no am/pm takes the reading inside calling hours (CALLING_DAY): "a las 6" is 18:00;
 * - with no day said, a time already past today means its next occurrence (tomorrow), and a part of the
 *   day already under way starts now;
 * - a weekday means the next such day; today counts only while the wanted time is still ahead;
 * - a day with no time is that day's CALLING_DAY hours; a day that has entirely passed gives null;
 * - "now" is the soonest call only when the message asks to be called then ("llámame ahora", "now
 *   please"); in a sentence about something else ("ahora no puedo hablar", "I'm driving now") it is no
 *   time, and any other time in the sentence ("right now I'm busy, call me tomorrow") wins.
 */
export function parseWhen(text: string, options: WhenOptions): WhenRequest | null {
  if (!DateTime.local().setZone(options.timeZone).isValid) throw new RangeError(`Unknown time zone: ${options.timeZone}`);
  const normalised = foldForMatching(text, ':-');
  if (!normalised) return null;
  const reference = recognizerReference(options.now, options.timeZone);
  const entities = recognize(rephraseForRecognizer(text), options.locale, reference);
  const today = localDate(options.now, options.timeZone);

  const seconds = secondsFromNow(normalised, entities, options.locale, reference);
  if (seconds !== null && seconds < DAY_SECONDS) return at(new Date(options.now.getTime() + seconds * 1000), options);

  const readings = readingsOf(entities);
  const spec = timeSpec(normalised, readings);
  const saidDay = seconds !== null || readings.dates.length > 0 || readings.span !== null;
  if (!spec && !saidDay) {
    return asksForAsap(normalised) ? { kind: 'asap' } : null;
  }
  if (!spec && readings.span && readings.dates.length === 0 && seconds === null) {
    const span = {
      from: atClock(readings.span.first, CALLING_DAY.start, options.timeZone),
      to: atClock(readings.span.last, CALLING_DAY.end, options.timeZone),
    };
    return clamp({ ...span, plausible: true, label: null }, options);
  }
  const dates =
    seconds !== null
      ? [addDays(today, Math.round(seconds / DAY_SECONDS))]
      : saidDay
        ? datesToTry(readings, today)
        : [today, addDays(today, 1)];
  const candidates = dates.flatMap((date) => candidatesOn(date, spec, options.timeZone));
  const chosen = choose(candidates, options.now);
  if (!chosen) return null;
  return spec?.kind === 'clocks' ? at(chosen.from, options) : clamp(chosen, options);
}

function timeSpec(normalised: string, readings: Readings): TimeSpec | null {
  const own = clockWindowIn(normalised);
  if (own) return { kind: 'windows', windows: [{ from: fullClock(own.from), to: fullClock(own.to), label: null }] };
  const part = dayPartIn(normalised);
  // "a mediodía" comes back as exactly 12:00; in Spain it is a loose lunchtime, so our window wins.
  const vagueNoon = part === 'midday' && readings.clocks.every((c) => c === '12:00:00');
  if (readings.clocks.length > 0 && !vagueNoon) return { kind: 'clocks', clocks: readings.clocks };
  if (readings.windows.length > 0) return { kind: 'windows', windows: readings.windows };
  const label = part ?? readings.dayParts[0] ?? null;
  if (label) return { kind: 'windows', windows: [{ from: fullClock(DAY_PARTS[label].start), to: fullClock(DAY_PARTS[label].end), label }] };
  return null;
}

/** The days the person named, from today on; none said means today or tomorrow (decided by the time). */
function datesToTry(readings: Readings, today: string): string[] {
  if (readings.dates.length > 0) return readings.dates.filter((d) => d >= today);
  if (readings.span) return daysOf(readings.span.first, readings.span.last).filter((d) => d >= today);
  return [];
}

function daysOf(first: string, last: string): string[] {
  const days: string[] = [];
  for (let day = first; day <= last && days.length < 31; day = addDays(day, 1)) days.push(day);
  return days;
}

interface Candidate {
  from: Date;
  to: Date;
  plausible: boolean;
  label: DayPart | null;
}

function candidatesOn(date: string, spec: TimeSpec | null, timeZone: string): Candidate[] {
  if (!spec) return [window(date, { from: CALLING_DAY.start, to: CALLING_DAY.end, label: null }, timeZone)];
  if (spec.kind === 'windows') return spec.windows.map((w) => window(date, w, timeZone));
  return spec.clocks.map((clock) => {
    const instant = atClock(date, clock, timeZone);
    return { from: instant, to: instant, plausible: isCallingHour(clock), label: null };
  });
}

function window(date: string, w: Window, timeZone: string): Candidate {
  return {
    from: atClock(date, w.from, timeZone),
    to: atClock(date, w.to, timeZone),
    plausible: isCallingHour(w.from) || w.label !== null,
    label: w.label,
  };
}

/** The earliest reading still ahead, preferring those inside calling hours ("a las 10" at 11:00: tomorrow 10:00, not 22:00). */
function choose(candidates: Candidate[], now: Date): Candidate | null {
  const ahead = candidates.filter((c) => c.to > now && c.from <= c.to);
  const plausible = ahead.filter((c) => c.plausible);
  return [...(plausible.length > 0 ? plausible : ahead)].sort((a, b) => a.from.getTime() - b.from.getTime())[0] ?? null;
}

function at(instant: Date, options: WhenOptions): WhenRequest {
  return { kind: 'at', startUtc: instant, prospectLocal: isoLocal(instant, options.timeZone) };
}

/** A range already under way starts now. */
function clamp(c: Candidate, options: WhenOptions): WhenRequest | null {
  if (c.to <= options.now) return null;
  return { kind: 'range', fromUtc: c.from < options.now ? options.now : c.from, toUtc: c.to, label: c.label };
}
