/**
 * Lowercase, no accents, punctuation as spaces (":" kept for clocks, "-" for "4-6pm"): keyword matching
 * that forgives how people type on a phone.
 */
export function normaliseText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9:\- ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
