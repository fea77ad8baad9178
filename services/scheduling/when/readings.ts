import { CALLING_DAY, DayPart, dayPartOfTimex } from './dayParts';
import { RecognizedEntity, RecognizedValue } from './recognizer';
import { addDays, fullClock } from './wallClock';

/** A local clock window on some day, with the day part it came from when it came from one. */
export interface Window {
  from: string;
  to: string;
  label: DayPart | null;
}

/** What the recognizer found, as local wall-clock facts in the person's zone, each with its readings. */
export interface Readings {
  /** Local dates named ("mañana", "el jueves": this week's and the next); empty when none was said. */
  dates: string[];
  /** A run of days ("next week", "el fin de semana"), first and last day included. */
  span: { first: string; last: string } | null;
  /** Exact times, every reading ("a las 6": 06:00:00 and 18:00:00). */
  clocks: string[];
  /** Windows with explicit hours ("from 4 to 6pm", "después de las 5"), every reading. */
  windows: Window[];
  /** Parts of the day the recognizer gave (timex TMO, TEV…), to be read by our own table. */
  dayParts: DayPart[];
}

const WEEKDAY = /^XXXX-WXX-\d/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CLOCK_IN_TIMEX = /T(\d{2})(?::(\d{2}))?(?::(\d{2}))?$/;
const DAY_PART_IN_TIMEX = /T(MO|AF|EV|NI)$/;

export function readingsOf(entities: RecognizedEntity[]): Readings {
  const readings: Readings = { dates: [], span: null, clocks: [], windows: [], dayParts: [] };
  for (const entity of entities) {
    for (const value of entity.values) read(entity.type, value, readings);
    // The recognizer offers last week's and this week's day; the one after is needed too when this
    // week's is today and its time has passed ("el martes a las 10" on a Tuesday at 11:00).
    const latest = [...readings.dates].sort().at(-1);
    if (latest && entity.values.some((v) => WEEKDAY.test(v.timex ?? ''))) readings.dates.push(addDays(latest, 7));
  }
  readings.dates = [...new Set(readings.dates)].sort();
  readings.clocks = [...new Set(readings.clocks)];
  return readings;
}

function read(type: string, value: RecognizedValue, readings: Readings): void {
  const timex = value.timex ?? '';
  // "now", "soon": no date or time to read; whether they ask for a call is our own rule (asksForAsap).
  if (timex === 'PRESENT_REF' || timex === 'FUTURE_REF') return;
  switch (type) {
    case 'date':
      addDate(readings, value.value);
      return;
    case 'datetime': {
      addDate(readings, value.value?.slice(0, 10));
      const clock = clockOf(timex, value.value?.slice(11));
      if (clock) readings.clocks.push(clock);
      return;
    }
    case 'time': {
      const clock = clockOf(timex, value.value);
      if (clock) readings.clocks.push(clock);
      return;
    }
    case 'datetimerange':
      addDate(readings, value.start?.slice(0, 10));
      addWindow(readings, timex, value.start?.slice(11), value.end?.slice(11), value.Mod);
      return;
    case 'timerange':
      addWindow(readings, timex, value.start, value.end, value.Mod);
      return;
    case 'daterange': {
      const first = value.start;
      const end = value.end;
      // The recognizer's end is the day after the last one ("next week": Monday to the next Monday). With
      // no timex the range is a misreading (it gives "la semana que viene" as the whole month).
      if (timex && first && end && DATE.test(first) && DATE.test(end) && end > first) readings.span = { first, last: addDays(end, -1) };
      return;
    }
    default:
      return;
  }
}

function addDate(readings: Readings, date: string | undefined): void {
  if (date && DATE.test(date)) readings.dates.push(date);
}

function addWindow(readings: Readings, timex: string, start: string | undefined, end: string | undefined, mod: string | undefined): void {
  const part = dayPartOfTimex(DAY_PART_IN_TIMEX.exec(timex)?.[1]);
  if (part) {
    readings.dayParts.push(part);
    return;
  }
  // "(2026-11-25T16,2026-11-25T18,PT2H)": the clocks come from the timex, like exact times do.
  const [fromTimex, toTimex] = timex.replace(/^\(|\)$/g, '').split(',');
  const from = clockOf(fromTimex ?? '', start);
  const to = clockOf(toTimex ?? '', end);
  if (mod === 'since' || mod === 'after') {
    const since = clockOf(timex, start);
    if (since) readings.windows.push({ from: since, to: fullClock(CALLING_DAY.end), label: null });
  } else if (mod === 'before') {
    const until = clockOf(timex, end);
    if (until) readings.windows.push({ from: fullClock(CALLING_DAY.start), to: until, label: null });
  } else if (from && to) {
    readings.windows.push({ from, to, label: null });
  }
}

/**
 * The wall-clock time from the timex when it has one, else from the resolved value. The timex holds the
 * hour as said; the value went through a JS Date in the process zone and moves by an hour when that
 * zone (not the person's) skips it, e.g. 02:30 on the US spring-forward day for a person in London.
 */
function clockOf(timex: string, value: string | undefined): string | null {
  const m = CLOCK_IN_TIMEX.exec(timex);
  if (m) return `${m[1]}:${m[2] ?? '00'}:${m[3] ?? '00'}`;
  return value && /^\d{2}:\d{2}(:\d{2})?$/.test(value) ? fullClock(value) : null;
}
