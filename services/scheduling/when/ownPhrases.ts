import { CALLING_DAY } from './dayParts';

/**
 * Phrases we read ourselves, on normalised text, because the recognizer misses or misreads them:
 * - "llámame ya", "cuanto antes", "ahora" have no date-time entity in Spanish at all;
 * - any "now" comes back as PRESENT_REF, even "not now" / "ahora no" and "I'm driving now", where it is
 *   no request at all;
 * - "after 5", "from 6", "between 4 and 6", "entre las 4 y las 6", "de 4 a 6", "before 5" are not
 *   recognised, and "mañana a partir de las 6" comes back as two unrelated entities.
 */

/** Spanish phrasings the recognizer misreads, said the way it knows ("la semana que viene" → "la próxima semana"). */
export function rephraseForRecognizer(text: string): string {
  return text.replace(/\bsemana que viene\b/giu, 'próxima semana');
}

// Asking for the soonest call, whatever else the sentence says.
const SOON =
  /\b(cuanto antes|lo antes posible|lo mas pronto posible|en cuanto (?:puedas|pueda|podais|puedan)|inmediatamente|right away|asap|as soon as possible|as soon as you can|immediately)\b/;
// Words naming the present moment. They also describe the person's present ("ahora no puedo hablar",
// "I'm driving now", "ya veremos"), so they ask for a call only inside a request to be called, below.
const NOW_WORDS = /\b(ahora mismo|ahora|ya mismo|ya|en este momento|right now|now|at the moment|this moment)\b/g;
// What a request to be called now may hold besides its "now": the call, politeness, assent, being free.
const CALL_NOW_REQUEST =
  /\b(llamame|llamadme|llamenme|llameme|me llamas|me llamais|me puedes llamar|me podeis llamar|me podrias llamar|puedes llamarme|podeis llamarme|podrias llamarme|estoy libre|estoy disponible|si puedes|si podeis|mejor|pues|si|ok|por favor|porfa|esta bien|me va bien|me viene bien|call me|ring me|give me a call|can you|could you|would you|im free|i am free|im available|if you can|is fine|is good|works|yes|please)\b/g;
// Written as foldForMatching leaves them: apostrophes dropped, so "isn't" is "isnt" and "now's" is "nows".
const NOT_NOW =
  /\b(ahora no|no ahora|ahora mismo no|no puedo ahora|ahora no puedo|not now|not right now|now is not|now isnt|nows not|cant now|cannot now)\b/;

/**
 * Whether the person asks to be called as soon as possible: "lo antes posible", "asap" anywhere, and a
 * "now" ("ahora", "ya", "now") when the whole message is a request to be called then ("llámame ahora",
 * "now please", "ahora me va bien"). A "now" inside a sentence about something else is not a time.
 */
export function asksForAsap(normalised: string): boolean {
  if (NOT_NOW.test(normalised)) return false;
  if (SOON.test(normalised)) return true;
  const words = normalised.replace(/[:-]/g, ' ');
  if (words.replace(NOW_WORDS, ' ').trim() === words.trim()) return false;
  return words.replace(NOW_WORDS, ' ').replace(CALL_NOW_REQUEST, ' ').trim() === '';
}

/** A local clock window "HH:mm"–"HH:mm" said in words; the date is found elsewhere. */
export interface ClockWindow {
  from: string;
  to: string;
}

const HOUR = String.raw`(\d{1,2})(?::(\d{2}))?\s*(am|pm|a m|p m|h)?(?:\s+de la (manana|madrugada|tarde|noche))?`;
const BETWEEN = new RegExp(
  String.raw`\b(?:between|entre|from|de|desde)\s+(?:las?\s+)?${HOUR}\s*(?:and|to|until|till|y|a|hasta|-)\s*(?:las?\s+)?${HOUR}\b`,
);
const DASH = new RegExp(String.raw`\b${HOUR}\s*-\s*${HOUR}\b`);
const SINCE = new RegExp(
  String.raw`\b(?:after|from|starting at|any time after|anytime after|a partir de|despues de|desde)\s+(?:las?\s+)?${HOUR}\b`,
);
const BEFORE = new RegExp(String.raw`\b(?:before|until|till|antes de|hasta)\s+(?:las?\s+)?${HOUR}\b`);

interface SaidHour {
  hour: number;
  minute: number;
  meridiem: 'am' | 'pm' | '24h' | null;
}

/** A window the person named with explicit hours, read inside calling hours when am/pm is not said. */
export function clockWindowIn(normalised: string): ClockWindow | null {
  const between = BETWEEN.exec(normalised) ?? DASH.exec(normalised);
  if (between) {
    const start = saidHour(between, 1);
    const end = saidHour(between, 5);
    if (!start || !end) return null;
    // "4-6pm": the pm said once covers both ends when that keeps the window in order.
    if (!start.meridiem && end.meridiem === 'pm' && start.hour < 12 && start.hour + 12 < toCallingHour(end)) start.meridiem = 'pm';
    const from = toCallingHour(start);
    let to = toCallingHour(end);
    // "de 10 a 2": the end wraps past noon.
    if (to <= from && !end.meridiem && to + 12 <= 24) to += 12;
    return to > from ? { from: clock(from, start.minute), to: clock(to, end.minute) } : null;
  }
  const since = SINCE.exec(normalised);
  if (since) {
    const start = saidHour(since, 1);
    return start ? { from: clock(toCallingHour(start), start.minute), to: CALLING_DAY.end } : null;
  }
  const before = BEFORE.exec(normalised);
  if (before) {
    const end = saidHour(before, 1);
    if (!end) return null;
    const to = clock(toCallingHour(end), end.minute);
    return to > CALLING_DAY.start ? { from: CALLING_DAY.start, to } : null;
  }
  return null;
}

function saidHour(match: RegExpExecArray, at: number): SaidHour | null {
  const hour = Number(match[at]);
  const minute = Number(match[at + 1] ?? 0);
  if (!Number.isInteger(hour) || hour > 23 || minute > 59) return null;
  const marker = match[at + 2]?.replace(' ', '');
  const partOfDay = match[at + 3];
  const meridiem =
    marker === 'am' || partOfDay === 'manana' || partOfDay === 'madrugada'
      ? 'am'
      : marker === 'pm' || partOfDay === 'tarde' || partOfDay === 'noche'
        ? 'pm'
        : marker === 'h' || hour > 12 || hour === 0
          ? '24h'
          : null;
  return { hour, minute, meridiem };
}

/** Hours 1–7 with no am/pm are afternoon hours: nobody asks to be called from 5 in the morning. */
function toCallingHour(said: SaidHour): number {
  if (said.meridiem === 'pm') return (said.hour % 12) + 12;
  if (said.meridiem === 'am') return said.hour % 12;
  if (said.meridiem === '24h') return said.hour;
  const earliest = Number(CALLING_DAY.start.slice(0, 2));
  return said.hour < earliest ? said.hour + 12 : said.hour;
}

function clock(hour: number, minute: number): string {
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}
