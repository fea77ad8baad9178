/**
 * Text as people type it, reduced to the words the phrase books are written in: lowercase, accents off,
 * punctuation and emoji gone. Apostrophes are dropped rather than spaced so that "don't" and "dont",
 * "I'm" and "im", are the same word whichever way the keyboard went.
 */
export function normaliseWords(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’‘`´]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter(Boolean);
}

/** Replaces each occurrence of a word sequence, left to right, without re-reading what it wrote. */
export function rewriteWords(words: readonly string[], from: readonly string[], to: readonly string[]): string[] {
  if (from.length === 0) return [...words];
  const out: string[] = [];
  let i = 0;
  while (i < words.length) {
    if (from.every((word, k) => words[i + k] === word)) {
      out.push(...to);
      i += from.length;
    } else {
      out.push(words[i]!);
      i += 1;
    }
  }
  return out;
}
