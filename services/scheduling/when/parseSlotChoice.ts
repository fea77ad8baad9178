import { DateTime } from 'luxon';
import { foldForMatching } from '../../text/matchingText';
import type { Language } from '../../language/language';

export interface SlotChoiceOptions {
  locale: Language;
  timeZone: string;
}

const ORDINALS: ReadonlyArray<readonly [RegExp, number]> = [
  [/\b(primer[oa]?|1a|1o|first|1st)\b/, 0],
  [/\b(segund[oa]|2a|2o|second|2nd)\b/, 1],
  [/\b(tercer[oa]?|3a|3o|third|3rd)\b/, 2],
  [/\b(cuart[oa]|4a|4o|fourth|4th)\b/, 3],
  [/\b(quint[oa]|5a|5o|fifth|5th)\b/, 4],
];
const LAST = /\b(ultim[oa]|last)\b/;
const BARE_NUMBER = /^(?:(?:la|el|opcion|option|number|numero|no|n)\s*)?(\d)(?:\s+(?:one|please|por favor|porfa))?$/;

// Each alternative names its parts; the spoken Spanish forms ("las 4 y media", "las 5 menos cuarto")
// and English "the 10 o'clock" have no digits-and-colon a simple clock pattern would catch.
const CLOCKS: readonly RegExp[] = [
  /\b(?<hour>\d{1,2})(?::|h)(?<minute>\d{2})\s*(?<meridiem>am|pm|a m|p m)?\b/,
  /\b(?<hour>\d{1,2})\s*(?<meridiem>am|pm|a m|p m)\b/,
  /\blas? (?<hour>\d{1,2})(?: (?<fraction>y media|y cuarto|menos cuarto))?(?: de la (?<part>manana|madrugada|tarde|noche))?\b/,
  /\b(?:at|the) (?<hour>\d{1,2})(?: o ?clock)?\b/,
  /\b(?<hour>\d{1,2}) o ?clock\b/,
];

/**
 * Which of the offered slots a person picked when they typed instead of tapping: an ordinal ("la
 * segunda", "the second one", "2", "option 3") or a time ("16:30", "a las 4 y media", "the 10 o'clock")
 * that matches exactly one offered slot's wall clock in their zone. null when unclear.
 */
export function parseSlotChoice(text: string, offered: ReadonlyArray<{ startUtc: Date }>, options: SlotChoiceOptions): number | null {
  const t = foldForMatching(text, ':-');
  if (!t || offered.length === 0) return null;
  const bare = BARE_NUMBER.exec(t);
  if (bare) return inRange(Number(bare[1]) - 1, offered.length);
  const clock = clockIn(t);
  if (clock) {
    const matches = offered
      .map((slot, index) => ({ index, local: DateTime.fromJSDate(slot.startUtc, { zone: options.timeZone }) }))
      .filter(({ local }) => local.minute === clock.minute && clock.hours.includes(local.hour));
    return matches.length === 1 ? (matches[0]?.index ?? null) : null;
  }
  if (LAST.test(t)) return offered.length - 1;
  for (const [pattern, index] of ORDINALS) if (pattern.test(t)) return inRange(index, offered.length);
  return null;
}

function inRange(index: number, length: number): number | null {
  return index >= 0 && index < length ? index : null;
}

/** The hour readings a typed time allows: "4:30" may be 04:30 or 16:30, "4:30pm" only 16:30. */
function clockIn(t: string): { hours: number[]; minute: number } | null {
  for (const pattern of CLOCKS) {
    const groups = pattern.exec(t)?.groups;
    if (!groups) continue;
    let hour = Number(groups.hour);
    let minute = Number(groups.minute ?? 0);
    if (groups.fraction === 'y media') minute = 30;
    if (groups.fraction === 'y cuarto') minute = 15;
    if (groups.fraction === 'menos cuarto') [hour, minute] = [hour - 1, 45];
    if (hour < 0 || hour > 23 || minute > 59) return null;
    const meridiem = groups.meridiem?.replace(' ', '') ?? meridiemOf(groups.part);
    return { hours: readings(hour, meridiem), minute };
  }
  return null;
}

function meridiemOf(partOfDay: string | undefined): string | undefined {
  if (partOfDay === 'manana' || partOfDay === 'madrugada') return 'am';
  return partOfDay === 'tarde' || partOfDay === 'noche' ? 'pm' : undefined;
}

function readings(hour: number, meridiem: string | undefined): number[] {
  if (meridiem === 'pm') return [(hour % 12) + 12];
  if (meridiem === 'am') return [hour % 12];
  return hour >= 12 || hour === 0 ? [hour] : [hour, hour + 12];
}
