import Holidays from 'date-holidays';
import { type DayNumber, dayNumberFromIsoDate, isoDateOf, yearOf } from './calendarDay';

/** Whose public holidays apply: an ISO 3166 country and, where known, its subdivision. */
export interface HolidayCalendarRef {
  readonly country: string;
  readonly region?: string;
}

/*
 * Building a date-holidays instance and computing a year are slow (milliseconds), so both are
 * cached for the life of the process: holiday rules do not change while we run.
 */
const instances = new Map<string, Holidays | null>();
const years = new Map<string, ReadonlySet<DayNumber>>();
let catalogue: Holidays | undefined;

function catalogueInstance(): Holidays {
  catalogue ??= new Holidays();
  return catalogue;
}

/** Every country date-holidays has a calendar for, e.g. "ES". */
export function holidayCountries(): string[] {
  return Object.keys(catalogueInstance().getCountries()).sort();
}

export function isKnownHolidayCountry(country: string): boolean {
  return Object.prototype.hasOwnProperty.call(catalogueInstance().getCountries(), country);
}

export function isKnownHolidayRegion(country: string, region: string): boolean {
  const states = catalogueInstance().getStates(country);
  return states !== undefined && Object.prototype.hasOwnProperty.call(states, region);
}

function instanceFor(ref: HolidayCalendarRef): Holidays | null {
  const key = `${ref.country}|${ref.region ?? ''}`;
  let instance = instances.get(key);
  if (instance === undefined) {
    if (!isKnownHolidayCountry(ref.country)) {
      instance = null;
    } else if (ref.region !== undefined && isKnownHolidayRegion(ref.country, ref.region)) {
      instance = new Holidays(ref.country, ref.region, { types: ['public'] });
    } else {
      instance = new Holidays(ref.country, { types: ['public'] });
    }
    instances.set(key, instance);
  }
  return instance;
}

/**
 * Public holidays of one calendar year, each local civil day with its name (in the calendar's own language). Only
 * type "public": bank, school and observance days are ordinary working days for the law we apply. A holiday that
 * starts part-way through a day (rare for public ones) blocks the whole day, the cautious reading. Countries
 * date-holidays does not know have no holidays here.
 */
function namedPublicDays(ref: HolidayCalendarRef, year: number): { day: DayNumber; name: string }[] {
  const out: { day: DayNumber; name: string }[] = [];
  for (const holiday of instanceFor(ref)?.getHolidays(year) ?? []) {
    if (holiday.type !== 'public') continue;
    const first = dayNumberFromIsoDate(holiday.date.slice(0, 10));
    const spanDays = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / 86_400_000));
    for (let d = 0; d < spanDays; d++) out.push({ day: first + d, name: holiday.name });
  }
  return out;
}

/** The days of one year the holidays close, as local civil days. */
export function publicHolidaysIn(ref: HolidayCalendarRef, year: number): ReadonlySet<DayNumber> {
  const key = `${ref.country}|${ref.region ?? ''}|${year}`;
  let days = years.get(key);
  if (days === undefined) {
    days = new Set(namedPublicDays(ref, year).map((holiday) => holiday.day));
    years.set(key, days);
  }
  return days;
}

export function isPublicHoliday(ref: HolidayCalendarRef, day: DayNumber): boolean {
  return publicHolidaysIn(ref, yearOf(day)).has(day);
}

/** The public holidays of [fromDay, toDay) with their names, for people to read: the days the engine closes. */
export function publicHolidayNames(ref: HolidayCalendarRef, fromDay: DayNumber, toDay: DayNumber): { date: string; name: string }[] {
  const out: { date: string; name: string }[] = [];
  for (let year = yearOf(fromDay); year <= yearOf(toDay - 1); year++) {
    for (const { day, name } of namedPublicDays(ref, year)) if (day >= fromDay && day < toDay) out.push({ date: isoDateOf(day), name });
  }
  return out.sort((a, b) => a.date.localeCompare(b.date));
}
