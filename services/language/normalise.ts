import { foldForMatching } from '../text/matchingText';

/** Text as people type it, as the words the phrase books are written in (see foldForMatching). */
export function normaliseWords(text: string): string[] {
  const folded = foldForMatching(text);
  return folded === '' ? [] : folded.split(' ');
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
