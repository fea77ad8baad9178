import { type Language, languageFromLocale } from '../../services/language/language';
import { markerCounts, wordsOf } from '../vocabulary/vocabulary';

/** Guesses es or en from what the person wrote; null when the text gives no clear signal. */
export function detectLanguage(text: string): Language | null {
  if (/[¿¡ñ]/i.test(text)) return 'es';
  const { es, en } = markerCounts(wordsOf(text));
  if (es === en) return null;
  return es > en ? 'es' : 'en';
}

/**
 * The language to answer in: what the person writes beats the client's locale (people switch, and
 * shared devices carry someone else's locale); then the locale; then what we knew; Spanish by default.
 */
export function chooseLanguage(input: { text?: string; locale?: string; remembered?: Language }): Language {
  const written = input.text ? detectLanguage(input.text) : null;
  return written ?? languageFromLocale(input.locale) ?? input.remembered ?? 'es';
}
