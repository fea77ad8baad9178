/**
 * What vague parts of the day mean when a person says them, as local wall-clock ranges. Chosen for how
 * people in Spain and the US use the words, and kept near usual calling hours:
 * - "por la mañana" / "morning": 09:00–13:00 — the working morning, not dawn; people rarely want a sales
 *   call before nine even though the recognizer's own morning starts at 08:00;
 * - "a mediodía", "a la hora de comer" / "midday", "lunchtime": 12:00–15:00 — Spanish lunch runs late, and
 *   an American lunch break falls inside it too;
 * - "después de comer" / "after lunch": 15:00–18:00 — in Spain lunch ends around 15:00;
 * - "por la tarde" / "afternoon": 15:00–20:00 — the Spanish "tarde" lasts until dinner, so it is longer
 *   than the recognizer's 12:00–16:00 English afternoon and starts when "después de comer" does;
 * - "por la noche", "esta noche" / "evening", "tonight": 19:00–22:00 — after work; the booking side still
 *   applies the lawful calling window, which may cut it at 21:00.
 * "noon" / "at noon" is deliberately not here: in English it names 12:00 exactly, so it stays a time.
 */
export const DAY_PARTS = {
  morning: { start: '09:00', end: '13:00' },
  midday: { start: '12:00', end: '15:00' },
  afterLunch: { start: '15:00', end: '18:00' },
  afternoon: { start: '15:00', end: '20:00' },
  evening: { start: '19:00', end: '22:00' },
} as const;

export type DayPart = keyof typeof DAY_PARTS;

/**
 * Plausible calling hours: a whole day with no time ("el viernes") means this range, a bare hour ("a las
 * 6") is read inside it (18:00, not 06:00), and "a partir de las 6" runs until its end.
 */
export const CALLING_DAY = { start: '08:00', end: '21:00' } as const;

// Order matters: the more specific phrase first ("despues de comer" before "tarde", "manana" as morning
// only with an article, because bare "mañana" means tomorrow).
const DAY_PART_PHRASES: ReadonlyArray<readonly [RegExp, DayPart]> = [
  [/\b(despues de comer|despues del almuerzo|despues de almorzar|after lunch)\b/, 'afterLunch'],
  [/\b(mediodia|medio dia|a la hora de comer|a la hora del almuerzo|lunchtime|lunch time|at lunch|midday)\b/, 'midday'],
  [/\b(por la manana|de la manana|a la manana|esta manana|in the morning|this morning|morning)\b/, 'morning'],
  [/\b(por la tarde|de la tarde|esta tarde|a la tarde|afternoon)\b/, 'afternoon'],
  [/\b(por la noche|esta noche|de la noche|a la noche|evening|tonight)\b/, 'evening'],
];

/** The day part a normalised text names, by our own table rather than the recognizer's hours. */
export function dayPartIn(normalisedText: string): DayPart | null {
  for (const [pattern, part] of DAY_PART_PHRASES) if (pattern.test(normalisedText)) return part;
  return null;
}

/** The recognizer's own day-part codes (timex TMO, TAF…), for phrasings our table does not list. */
export function dayPartOfTimex(code: string | undefined): DayPart | null {
  switch (code) {
    case 'MO':
      return 'morning';
    case 'AF':
      return 'afternoon';
    case 'EV':
    case 'NI':
      return 'evening';
    default:
      return null;
  }
}

export function minutesOf(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Whether a wall-clock time falls inside plausible calling hours (end excluded). */
export function isCallingHour(clock: string): boolean {
  const minutes = minutesOf(clock);
  return minutes >= minutesOf(CALLING_DAY.start) && minutes < minutesOf(CALLING_DAY.end);
}
