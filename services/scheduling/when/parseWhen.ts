import { Culture, DateTimeOptions, recognizeDateTime } from '@microsoft/recognizers-text-date-time';
import { CALLING_DAY, DAY_PARTS, DayPart, dayPartIn, minutesOf } from './dayParts';
import { normaliseText } from './normalise';
import { addDays, atClock, isoLocal, localDate, recognizerReference } from './wallClock';

export type WhenRequest =
  | { kind: 'asap' }
  | { kind: 'at'; startUtc: Date; prospectLocal: string }
  | { kind: 'range'; fromUtc: Date; toUtc: Date; label: DayPart | null };

export interface WhenOptions {
  locale: 'es' | 'en';
  timeZone: string;
  now: Date;
}

interface Resolution {
  timex?: string;
  type?: string;
  value?: string;
  start?: string;
  end?: string;
  Mod?: string;
}

const ASAP = /\b(ahora|asap|ahora mismo|ya|cuanto antes|lo antes posible|en cuanto podais|en cuanto puedas|now|right now|right away|asap|as soon as possible|immediately)\b/;
// The recognizer misses "after 5" and "desde las 6"; a small rule of our own catches them.
const SINCE = /\b(?:after|from|a partir de(?: las?)?|despues de las?|desde las?)\s+(\d{1,2})(?::(\d{2}))?\s*(am|pm|h)?\b/;

/** What a person means by "when", in their own zone; null when the text names no time at all. */
export function parseWhen(text: string, options: WhenOptions): WhenRequest | null {
  const normalised = normaliseText(text);
  if (!normalised) return null;
  const part = dayPartIn(normalised);
  const culture = options.locale === 'es' ? Culture.Spanish : Culture.English;
  const found = recognizeDateTime(text, culture, DateTimeOptions.None, recognizerReference(options.now, options.timeZone));
  // "now" and "as soon as possible" come back as PRESENT_REF / FUTURE_REF: they mean asap, not a clock time.
  const entity = found.find((e) => e.typeName.startsWith('datetimeV2') && !(e.resolution?.values as Resolution[] | undefined)?.every((v) => v.timex === 'PRESENT_REF' || v.timex === 'FUTURE_REF'));
  const values = (entity?.resolution?.values ?? []) as Resolution[];
  const type = entity?.typeName.replace('datetimeV2.', '');
  const today = localDate(options.now, options.timeZone);

  const since = SINCE.exec(normalised);
  if (since && type !== 'datetime' && type !== 'datetimerange') {
    return sinceHour(since, values, options, today);
  }
  if (!entity) {
    if (part) return dayPartRange(nextDateFor(part, today, options), part, options);
    return ASAP.test(normalised) ? { kind: 'asap' } : null;
  }
  switch (type) {
    case 'datetime': {
      const instant = pickInstant(values.map((v) => v.value ?? ''), options);
      return instant ? at(instant, options) : null;
    }
    case 'time': {
      const clock = pickClock(values.map((v) => v.value ?? ''));
      if (!clock) return null;
      const date = futureDateForClock(clock, today, options);
      return at(atClock(date, clock, options.timeZone), options);
    }
    case 'date': {
      const date = pickDate(values.map((v) => v.value ?? ''), today);
      if (!date) return null;
      return part ? dayPartRange(date, part, options) : dayPartRange(date, null, options);
    }
    case 'datetimerange':
    case 'daterange': {
      const chosen = values.find((v) => (v.start ?? '').slice(0, 10) >= today) ?? values[values.length - 1];
      const startDate = (chosen?.start ?? '').slice(0, 10);
      if (!startDate) return null;
      if (type === 'datetimerange') return dayPartRange(startDate, part ?? labelOf(chosen?.timex), options);
      const endDate = (chosen?.end ?? startDate).slice(0, 10);
      return clampRange(atClock(startDate, CALLING_DAY.start, options.timeZone), atClock(endDate, CALLING_DAY.end, options.timeZone), null, options);
    }
    case 'duration': {
      const seconds = Number(values[0]?.value);
      return Number.isFinite(seconds) && seconds > 0 ? at(new Date(options.now.getTime() + seconds * 1000), options) : null;
    }
    case 'timerange': {
      const start = pickClock(values.map((v) => v.start ?? ''));
      if (!start) return null;
      const date = futureDateForClock(start, today, options);
      const end = values[0]?.end ? (pickClock(values.map((v) => v.end ?? '')) ?? CALLING_DAY.end) : CALLING_DAY.end;
      return clampRange(atClock(date, start, options.timeZone), atClock(date, end, options.timeZone), null, options);
    }
    default:
      return ASAP.test(normalised) ? { kind: 'asap' } : null;
  }
}

function at(instant: Date, options: WhenOptions): WhenRequest {
  return { kind: 'at', startUtc: instant, prospectLocal: isoLocal(instant, options.timeZone) };
}

function dayPartRange(date: string, part: DayPart | null, options: WhenOptions): WhenRequest {
  const hours = part ? DAY_PARTS[part] : CALLING_DAY;
  return clampRange(atClock(date, hours.start, options.timeZone), atClock(date, hours.end, options.timeZone), part, options);
}

/** A range already under way starts now; one already over says nothing useful, so it moves a day on. */
function clampRange(from: Date, to: Date, label: DayPart | null, options: WhenOptions): WhenRequest {
  const now = options.now;
  if (to <= now) {
    const next = addDays(localDate(from, options.timeZone), 1);
    const hours = label ? DAY_PARTS[label] : CALLING_DAY;
    return { kind: 'range', fromUtc: atClock(next, hours.start, options.timeZone), toUtc: atClock(next, hours.end, options.timeZone), label };
  }
  return { kind: 'range', fromUtc: from < now ? now : from, toUtc: to, label };
}

function sinceHour(match: RegExpExecArray, values: Resolution[], options: WhenOptions, today: string): WhenRequest {
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  if (match[3] === 'pm' && hour < 12) hour += 12;
  if (!match[3] && hour < minutesOf(CALLING_DAY.start) / 60) hour += 12;
  const fromRecognizer = pickClock(values.map((v) => v.start ?? v.value ?? ''));
  const clock = fromRecognizer ?? `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00`;
  const date = futureDateForClock(clock, today, options);
  return clampRange(atClock(date, clock, options.timeZone), atClock(date, CALLING_DAY.end, options.timeZone), null, options);
}

function labelOf(timex: string | undefined): DayPart | null {
  const suffix = timex?.split('T')[1];
  return suffix === 'MO' ? 'morning' : suffix === 'AF' ? 'afternoon' : suffix === 'EV' ? 'afternoon' : suffix === 'NI' ? 'evening' : null;
}

/** Of the readings the recognizer offers ("a las 6": 06:00 or 18:00), the one inside calling hours. */
function pickClock(clocks: string[]): string | null {
  const valid = clocks.filter((c) => /^\d{2}:\d{2}(:\d{2})?$/.test(c));
  const plausible = valid.find((c) => minutesOf(c) >= minutesOf(CALLING_DAY.start) && minutesOf(c) < minutesOf(CALLING_DAY.end));
  return plausible ?? valid[0] ?? null;
}

function pickInstant(wallClocks: string[], options: WhenOptions): Date | null {
  const candidates = wallClocks
    .filter((w) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(w))
    .map((w) => ({ instant: atClock(w.slice(0, 10), w.slice(11), options.timeZone), clock: w.slice(11) }))
    .filter((c) => c.instant.getTime() > options.now.getTime() - 60_000);
  const plausible = candidates.filter((c) => minutesOf(c.clock) >= minutesOf(CALLING_DAY.start) && minutesOf(c.clock) < minutesOf(CALLING_DAY.end));
  const chosen = (plausible.length > 0 ? plausible : candidates).sort((a, b) => a.instant.getTime() - b.instant.getTime())[0];
  return chosen?.instant ?? null;
}

/** A weekday name means the next such day: today only if some of it is still ahead (decided by the caller's range). */
function pickDate(dates: string[], today: string): string | null {
  return dates.filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && d >= today).sort()[0] ?? null;
}

function futureDateForClock(clock: string, today: string, options: WhenOptions): string {
  return atClock(today, clock, options.timeZone) > options.now ? today : addDays(today, 1);
}

function nextDateFor(part: DayPart, today: string, options: WhenOptions): string {
  return atClock(today, DAY_PARTS[part].end, options.timeZone) > options.now ? today : addDays(today, 1);
}
