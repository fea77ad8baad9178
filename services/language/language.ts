/** The languages the product speaks; every table of words, schema and store names them through this tuple. */
export const LANGUAGES = ['es', 'en'] as const;

export type Language = (typeof LANGUAGES)[number];

/**
 * The one locale tag per language, for every date and time shown to people: server-side through
 * services/language/format.ts, and the browser pages (public/) use the same tags. English is en-GB on purpose:
 * 24-hour times like the Spanish ones and the day before the month, as the people in Spain who set the calling
 * rules (and read these dates) write them.
 */
export const LOCALE_TAGS: Record<Language, string> = { es: 'es-ES', en: 'en-GB' };

/** es or en from a locale tag such as "en-US" or "es_ES"; null for any other language. */
export function languageFromLocale(locale: string | undefined): Language | null {
  const primary = locale?.toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.find((language) => language === primary) ?? null;
}

/**
 * A table of words in every language, the Spanish one the reference: another language missing a key, or with a
 * key Spanish lacks, fails typecheck (for tables built in place; typed ones say `Record<Language, …>` themselves).
 */
export function inEveryLanguage<T>(table: { es: T } & Record<Exclude<Language, 'es'>, NoInfer<T>>): Record<Language, T> {
  return table;
}
