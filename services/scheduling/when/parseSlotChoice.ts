import { DateTime } from 'luxon';
import { normaliseText } from './normalise';

export interface SlotChoiceOptions {
  locale: 'es' | 'en';
  timeZone: string;
}

const ORDINALS: Array<[RegExp, number]> = [
  [/\b(primer[oa]?|1a|1o|first|1st)\b/, 0],
  [/\b(segund[oa]|2a|2o|second|2nd)\b/, 1],
  [/\b(tercer[oa]?|3a|3o|third|3rd)\b/, 2],
  [/\b(cuart[oa]|4a|4o|fourth|4th)\b/, 3],
];
const LAST = /\b(ultim[oa]|last)\b/;
const BARE_NUMBER = /^(?:(?:la|el|opcion|option|number|numero|n)\s*)?(\d)$/;
const CLOCK = /\b(\d{1,2})(?::|\.|h)(\d{2})\s*(am|pm)?\b|\b(\d{1,2})\s*(am|pm)\b|\ba las (\d{1,2})(?: y (media|cuarto))?\b|\bat (\d{1,2})(?: o ?clock)?\b|\bthe (\d{1,2})(?: o ?clock)?\b/;

/**
 * Which of the offered slots a person picked when they typed instead of tapping: an ordinal ("la
 * segunda", "the second one", "2") or a time that matches exactly one offered slot in their zone.
 */
export function parseSlotChoice(text: string, offered: ReadonlyArray<{ startUtc: Date }>, options: SlotChoiceOptions): number | null {
  const t = normaliseText(text);
  if (!t || offered.length === 0) return null;
  const bare = BARE_NUMBER.exec(t);
  if (bare) return inRange(Number(bare[1]) - 1, offered.length);
  if (LAST.test(t)) return offered.length - 1;
  const clock = clockIn(t);
  if (clock) {
    const matches = offered
      .map((slot, index) => ({ index, local: DateTime.fromJSDate(slot.startUtc, { zone: options.timeZone }) }))
      .filter(({ local }) => local.minute === clock.minute && clock.hours.includes(local.hour));
    return matches.length === 1 ? (matches[0]?.index ?? null) : null;
  }
  for (const [pattern, index] of ORDINALS) if (pattern.test(t)) return inRange(index, offered.length);
  return null;
}

function inRange(index: number, length: number): number | null {
  return index >= 0 && index < length ? index : null;
}

/** The hour readings a typed time allows: "4:30" may be 04:30 or 16:30, "4:30pm" only 16:30. */
function clockIn(t: string): { hours: number[]; minute: number } | null {
  const m = CLOCK.exec(t);
  if (!m) return null;
  const readings = (hour: number, meridiem: string | undefined): number[] => {
    if (meridiem === 'pm') return [hour % 12 + 12];
    if (meridiem === 'am') return [hour % 12];
    return hour >= 12 ? [hour] : [hour, hour + 12];
  };
  if (m[1] !== undefined) return { hours: readings(Number(m[1]), m[3]), minute: Number(m[2]) };
  if (m[4] !== undefined) return { hours: readings(Number(m[4]), m[5]), minute: 0 };
  if (m[6] !== undefined) return { hours: readings(Number(m[6]), undefined), minute: m[7] === 'media' ? 30 : m[7] === 'cuarto' ? 15 : 0 };
  const hour = m[8] ?? m[9];
  return hour !== undefined ? { hours: readings(Number(hour), undefined), minute: 0 } : null;
}
