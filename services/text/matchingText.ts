/**
 * Text as people type it, folded for matching against our word lists: lowercase, accents and other marks off,
 * apostrophes dropped (so "don't" and "dont", "I'm" and "im" are one word whichever way the keyboard went), every
 * other character that is not a letter or a digit as a space, spaces collapsed. `keep` lists punctuation that
 * means something to the caller (":" in "16:30", "-" in "4-6pm"). The one normaliser for matching: phrase books,
 * recognisers and dialogs all fold text through it, so a word list written once matches the same everywhere.
 */
export function foldForMatching(text: string, keep = ''): string {
  const kept = keep.replace(/[\\\]^-]/g, '\\$&');
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’‘`´]/g, '')
    .replace(new RegExp(`[^a-z0-9${kept}]+`, 'g'), ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
