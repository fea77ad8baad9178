/**
 * What vague parts of the day mean when a person says them, as local wall-clock ranges. Chosen for how
 * people in Spain and the US use the words, and kept inside usual calling hours:
 * - "por la mañana" / "morning": 09:00–13:00 (the working morning, not dawn);
 * - "mediodía" / "noon", "lunchtime": 12:00–15:00 (Spanish lunch runs late);
 * - "después de comer" / "after lunch": 15:00–18:00 (in Spain lunch ends around 15:00);
 * - "por la tarde" / "afternoon": 15:00–20:00 (the Spanish "tarde" lasts until dinner);
 * - "por la noche", "esta noche" / "evening", "tonight": 19:00–22:00 (the lawful window cuts it at 21:00).
 */
export const DAY_PARTS = {
  morning: { start: '09:00', end: '13:00' },
  midday: { start: '12:00', end: '15:00' },
  afterLunch: { start: '15:00', end: '18:00' },
  afternoon: { start: '15:00', end: '20:00' },
  evening: { start: '19:00', end: '22:00' },
} as const;

export type DayPart = keyof typeof DAY_PARTS;

/** Plausible calling hours for "a whole day" and for reading "at 6" as 18:00 rather than 06:00. */
export const CALLING_DAY = { start: '08:00', end: '21:00' } as const;

// Order matters: the more specific phrase first ("despues de comer" before "tarde").
const DAY_PART_PHRASES: Array<[RegExp, DayPart]> = [
  [/\b(despues de comer|despues del almuerzo|after lunch)\b/, 'afterLunch'],
  [/\b(mediodia|medio dia|a la hora de comer|noon|lunchtime|lunch time|midday)\b/, 'midday'],
  [/\b(por la manana|de la manana|a la manana|esta manana|in the morning|this morning|morning)\b/, 'morning'],
  [/\b(por la tarde|de la tarde|esta tarde|a la tarde|afternoon)\b/, 'afternoon'],
  [/\b(por la noche|esta noche|de la noche|evening|tonight)\b/, 'evening'],
];

export function dayPartIn(normalisedText: string): DayPart | null {
  for (const [pattern, part] of DAY_PART_PHRASES) if (pattern.test(normalisedText)) return part;
  return null;
}

export function minutesOf(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}
