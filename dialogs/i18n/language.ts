export type Language = 'es' | 'en';

// Words that, in a short chat message, say which of our two languages the person is writing in.
const MARKERS: Record<Language, ReadonlySet<string>> = {
  es: new Set([
    'hola',
    'buenas',
    'buenos',
    'dias',
    'tardes',
    'noches',
    'gracias',
    'quiero',
    'llamar',
    'llamame',
    'llamada',
    'manana',
    'por',
    'favor',
    'ayuda',
    'numero',
    'mio',
    'es',
    'perdon',
    'telefono',
    'llamadme',
    'llamenme',
    'que',
    'como',
    'cuando',
    'puedes',
    'podeis',
    'si',
    'vale',
    'de',
    'la',
    'el',
    'mi',
    'me',
    'una',
    'tarde',
    'mejor',
    'ahora',
  ]),
  en: new Set([
    'hi',
    'hello',
    'hey',
    'thanks',
    'thank',
    'you',
    'please',
    'help',
    'call',
    'me',
    'want',
    'tomorrow',
    'morning',
    'the',
    'my',
    'can',
    'what',
    'when',
    'how',
    'which',
    'is',
    'mine',
    'number',
    'phone',
    'this',
    'sorry',
    'sure',
    'yes',
    'ok',
    'okay',
    'now',
    'afternoon',
    'evening',
    'i',
    'would',
    'like',
    'better',
    'later',
  ]),
};

function normalise(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z]+/)
    .filter(Boolean);
}

/** Guesses es or en from what the person wrote; null when the text gives no clear signal. */
export function detectLanguage(text: string): Language | null {
  if (/[¿¡ñ]/i.test(text)) return 'es';
  let es = 0;
  let en = 0;
  for (const word of normalise(text)) {
    if (MARKERS.es.has(word)) es += 1;
    if (MARKERS.en.has(word)) en += 1;
  }
  if (es === en) return null;
  return es > en ? 'es' : 'en';
}

export function languageFromLocale(locale: string | undefined): Language | null {
  const primary = locale?.toLowerCase().split(/[-_]/)[0];
  if (primary === 'es') return 'es';
  if (primary === 'en') return 'en';
  return null;
}

/**
 * The language to answer in: what the person writes beats the client's locale (people switch, and
 * shared devices carry someone else's locale); then the locale; then what we knew; Spanish by default.
 */
export function chooseLanguage(input: { text?: string; locale?: string; remembered?: Language }): Language {
  const written = input.text ? detectLanguage(input.text) : null;
  return written ?? languageFromLocale(input.locale) ?? input.remembered ?? 'es';
}
