import { isPublicHoliday } from '../availability/holidayCalendar';
import { lawfulIntervals } from '../availability/lawfulIntervals';
import type { LawfulWindow } from '../availability/lawfulWindow';
import { ZoneClock } from '../availability/zoneClock';
import { formatShortDayTime } from '../language/format';
import type { ContactabilityReason } from './reasons';

const DAY = 86_400_000;
/** How far ahead the next lawful instant is looked for; past it, nextAllowedAt is null. */
export const NEXT_ALLOWED_HORIZON_DAYS = 14;

/**
 * Why calling now breaks the lawful calling window of the person's own jurisdiction (TRLGDCU art. 96.2 in
 * Spain, 47 CFR 64.1200(c)(1) in the US, our default elsewhere), or null when now is lawful.
 */
export function lawfulTimeReason(window: LawfulWindow, now: Date): ContactabilityReason | null {
  if (window.candidateZones.length === 0)
    return { code: 'unknown_zone', message: 'the local time of this number is unknown, so no time can be shown lawful' };
  const at = now.getTime();
  if (lawfulIntervals(window, [], at - DAY, at + DAY).some(([start, end]) => start <= at && at < end)) return null;
  // With several candidate zones (a Spanish mobile, a US number) a holiday in any of them closes the day there.
  const holidayZone =
    window.holidayCalendar === null
      ? undefined
      : window.candidateZones.find((zone) => isPublicHoliday(window.holidayCalendar!, new ZoneClock(zone).dayOf(at)));
  const local = window.candidateZones.map((zone) => `${formatShortDayTime(now, zone, 'en')} in ${zone}`).join(', ');
  if (holidayZone !== undefined) {
    return {
      code: 'lawful_holiday',
      message: `it is a public holiday where the number is (${local}); ${window.ruleName}: ${window.citation}`,
    };
  }
  return { code: 'outside_lawful_window', message: `it is ${local}; ${window.ruleName}: ${window.citation}` };
}

/** The first instant at or after `from` that is lawful in every candidate zone, within the horizon; null if none. */
export function nextLawfulInstant(window: LawfulWindow, from: Date): Date | null {
  const start = from.getTime();
  const open = lawfulIntervals(window, [], start - DAY, start + NEXT_ALLOWED_HORIZON_DAYS * DAY).find(([, end]) => end > start);
  return open === undefined ? null : new Date(Math.max(open[0], start));
}
