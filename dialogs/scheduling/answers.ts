import { says, spansOf, wordsOf } from '../vocabulary/vocabulary';

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

/** "Only the call", answering "what do you want to cancel?". */
export function meansOnlyTheCall(text: string): boolean {
  return says('onlyTheCall', wordsOf(text));
}

/** The country to read a national number in: the locale's region, else the deployment default. */
export function phoneCountryFor(locale: string | undefined, fallback: string): string {
  const region = locale?.split(/[-_]/)[1]?.toUpperCase();
  return region && /^[A-Z]{2}$/.test(region) ? region : fallback;
}

/** "10:30", "a las 4", "4pm", "16h": a time with no day. */
export function isBareClock(text: string): boolean {
  return /^(a las |at )?\d{1,2}([:.h]\d{2})?\s*(am|pm|h)?$/.test(text.trim().toLowerCase());
}
