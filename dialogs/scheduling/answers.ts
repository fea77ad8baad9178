import type { Language } from '../../services/language/language';
import { says, spansOf, wordsOf } from '../vocabulary/vocabulary';

/**
 * A refusal to answer the question asked: a plain no ("no me interesa", "no, da igual") or a "never mind"
 * ("déjalo", "forget it"), which is no "no" to a yes-or-no question but does close a question like "which number?".
 */
export function declinesToSay(text: string): boolean {
  return yesOrNo(text) === false || says('neverMind', wordsOf(text));
}

/** A plain yes or no; null when the answer is neither. */
export function yesOrNo(text: string): boolean | null {
  const words = wordsOf(text);
  if (says('no', words)) return false;
  if (says('yes', words)) return true;
  return null;
}

/** A yes and nothing else ("sí", "vale, gracias", "ok perfect"): assent to what was just offered, not a choice or a new time. */
export function isPlainYes(text: string): boolean {
  if (yesOrNo(text) !== true) return false;
  const words = wordsOf(text);
  const covered = new Set<number>();
  for (const span of spansOf(['yes', 'aroundYes'], words)) for (let k = span.start; k < span.end; k++) covered.add(k);
  return words.every((_, k) => covered.has(k));
}

/** Cancelling this one call, said plainly. A bare "cancel" is left to the rights recogniser, which asks. */
export function asksToCancelCallback(text: string): boolean {
  return says('cancelCallback', wordsOf(text));
}

export function manageChoice(text: string): 'keep' | 'change' | 'cancel' | null {
  const words = wordsOf(text);
  if (says('keep', words) || yesOrNo(text) === true) return 'keep';
  if (says('change', words)) return 'change';
  if (says('cancelChoice', words)) return 'cancel';
  return null;
}

export function asksForOtherTime(text: string): boolean {
  return says('otherTime', wordsOf(text));
}

export function isStartOver(text: string): boolean {
  return says('startOver', wordsOf(text));
}

export function isHelpRequest(text: string | undefined): boolean {
  return says('help', wordsOf(text ?? ''));
}

/** "¿Cuándo me vais a llamar?", "when is my call?": the person asks what is booked, which is not a wish for a time. */
export function asksWhenWeCall(text: string): boolean {
  return says('whenWeCall', wordsOf(text));
}

/** "Only the call", answering "what do you want to cancel?". */
export function meansOnlyTheCall(text: string): boolean {
  return says('onlyTheCall', wordsOf(text));
}

/**
 * The country to read a national number in. A client's locale says how its menus are set up, not where
 * the person's phone is (Teams and the Agents Playground send en-US to people writing Spanish from Spain):
 * its region counts only when its language is the one the person is writing in ("es-MX" for a Spanish
 * conversation, "en-US" for an English one); otherwise the deployment's DEFAULT_PHONE_COUNTRY.
 */
export function phoneCountryFor(language: Language, locale: string | undefined, fallback: string): string {
  const [localeLanguage, region] = (locale ?? '').split(/[-_]/);
  const upper = region?.toUpperCase();
  return localeLanguage?.toLowerCase() === language && upper && /^[A-Z]{2}$/.test(upper) ? upper : fallback;
}

/** "10:30", "a las 4", "4pm", "16h": a time with no day. */
export function isBareClock(text: string): boolean {
  return /^(a las |at )?\d{1,2}([:.h]\d{2})?\s*(am|pm|h)?$/.test(text.trim().toLowerCase());
}
