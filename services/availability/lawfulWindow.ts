import { IANAZone } from 'luxon';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { LocalRange } from './clockTime';
import { COUNTRY_ZONES, US_ZONES } from './countryZones';
import { type HolidayCalendarRef, isKnownHolidayRegion } from './holidayCalendar';
import { lawfulRuleFor } from './lawfulTable';
import { describeSpanishLine } from './spainNumbering';
import { WEEKDAYS, type Weekday } from './weekdays';

/** When we may call this person, in their own jurisdiction and local time. */
export interface LawfulWindow {
  /** ISO 3166 country whose rule applies ("ZZ" when the number names no country). */
  readonly jurisdiction: string;
  readonly ruleName: string;
  readonly citation: string;
  /**
   * Zones the phone may ring in. Several = ambiguous: a time is lawful only if it is lawful
   * in all of them. None = unknown: nothing can be shown lawful, so nothing is offered.
   */
  readonly candidateZones: readonly string[];
  readonly zoneAmbiguous: boolean;
  /**
   * The zone times are shown in, to the person and in what we store about their callback: the zone they told us
   * when they did (they know where they are, even on a landline that rings elsewhere too), else the first
   * candidate; null when none is known.
   */
  readonly displayZone: string | null;
  /** Lawful local hours per weekday; an empty list is a closed day. */
  readonly dailyRanges: Readonly<Record<Weekday, readonly LocalRange[]>>;
  /** Whose public holidays are closed days; null when the rule has no holiday clause. */
  readonly holidayCalendar: HolidayCalendarRef | null;
}

export interface LawfulWindowQuery {
  readonly phoneE164: string;
  /** The zone the person told us they are in; ignored unless a valid IANA name. */
  readonly statedTimeZone?: string;
  /** Subdivision for regional holidays, "MD" or "ES-MD". */
  readonly region?: string;
}

interface Placement {
  readonly zones: readonly string[];
  readonly region?: string;
}

export function isIanaZoneName(zone: string): boolean {
  // Intl also accepts "+01:00" in some runtimes; a fixed offset ignores DST, so it is not a place.
  return !/^[+-]/.test(zone) && IANAZone.isValidZone(zone);
}

function placed(zones: readonly string[], region: string | undefined): Placement {
  const distinct = [...new Set(zones)];
  return region === undefined ? { zones: distinct } : { zones: distinct, region };
}

function normaliseRegion(country: string, region: string | undefined): string | undefined {
  if (region === undefined) return undefined;
  const bare = region.toUpperCase().replace(new RegExp(`^${country}-`), '');
  return isKnownHolidayRegion(country, bare) ? bare : undefined;
}

function placeInSpain(nationalNumber: string, stated: string | undefined, givenRegion: string | undefined): Placement {
  const line = describeSpanishLine(nationalNumber);
  const region = givenRegion ?? line.region;
  if (line.zone !== undefined) {
    // A fixed line rings where it is installed; a different stated zone joins it rather than
    // replacing it, so the call is lawful at both (call forwarding, a typo in the CRM).
    return placed(stated === undefined ? [line.zone] : [line.zone, stated], region);
  }
  if (stated !== undefined) return placed([stated], region);
  if (region !== undefined) return placed([region === 'CN' ? 'Atlantic/Canary' : 'Europe/Madrid'], region);
  // The Canary Islands keep Atlantic/Canary, an hour behind the peninsula.
  return placed(['Europe/Madrid', 'Atlantic/Canary'], undefined);
}

function placeElsewhere(country: string | undefined, stated: string | undefined, region: string | undefined): Placement {
  if (stated !== undefined) return placed([stated], region);
  if (country === 'US') return placed(US_ZONES, undefined);
  return placed((country === undefined ? undefined : COUNTRY_ZONES[country]) ?? [], region);
}

export function lawfulWindowFor(query: LawfulWindowQuery): LawfulWindow {
  const phone = parsePhoneNumberFromString(query.phoneE164);
  if (phone === undefined) throw new RangeError(`not a phone number: ${query.phoneE164}`);
  const country = phone.country;
  const jurisdiction = country ?? 'ZZ';
  const stated = query.statedTimeZone !== undefined && isIanaZoneName(query.statedTimeZone) ? query.statedTimeZone : undefined;
  const region = country === undefined ? undefined : normaliseRegion(country, query.region);
  const placement = country === 'ES' ? placeInSpain(phone.nationalNumber, stated, region) : placeElsewhere(country, stated, region);

  const rule = lawfulRuleFor(jurisdiction);
  const dailyRanges = {} as Record<Weekday, readonly LocalRange[]>;
  for (const day of WEEKDAYS) {
    const hours = rule.hours[day];
    dailyRanges[day] = hours === undefined ? [] : [hours];
  }
  const holidayCalendar =
    rule.closedOnPublicHolidays && country !== undefined
      ? placement.region === undefined
        ? { country }
        : { country, region: placement.region }
      : null;

  return {
    jurisdiction,
    ruleName: rule.ruleName,
    citation: rule.citation,
    candidateZones: placement.zones,
    zoneAmbiguous: placement.zones.length > 1,
    displayZone: stated ?? placement.zones[0] ?? null,
    dailyRanges,
    holidayCalendar,
  };
}
