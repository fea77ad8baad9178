import { RecognizedEntity, recognize } from './recognizer';
import type { Language } from '../../language/language';

// "in two hours", "dentro de dos horas", "en media hora", "de aquí a una hora".
const FROM_NOW = /\b(?:in|within|dentro de|en|de aqui a|d aqui a)\s+/g;

/**
 * How far from now the person asked to be called, in seconds, or null when they did not say it that way.
 * Not the recognizer's resolved "in two hours": it adds hours to the wall clock in the process zone, which
 * is off by the DST change when one falls in between. The amount is measured here and added to the real
 * `now`. English "in an hour" comes back as a datetime rather than a duration, and Spanish "en media hora"
 * as an empty date, so the words after the preposition are recognised again on their own.
 */
export function secondsFromNow(normalised: string, entities: RecognizedEntity[], locale: Language, reference: Date): number | null {
  for (const match of normalised.matchAll(FROM_NOW)) {
    const rest = normalised.slice((match.index ?? 0) + match[0].length);
    const found = recognize(rest, locale, reference).find((e) => e.type === 'duration' && e.start === 0);
    const seconds = secondsOf(found);
    if (seconds !== null) return seconds;
  }
  // A bare "dos horas" answering "when?" means from now too, unless it only says how long, next to a time
  // ("mañana a las 10, una hora").
  if (entities.length > 0 && entities.every((e) => e.type === 'duration')) return secondsOf(entities[0]);
  return null;
}

function secondsOf(entity: RecognizedEntity | undefined): number | null {
  const seconds = Number(entity?.values[0]?.value);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : null;
}
