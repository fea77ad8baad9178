/**
 * The small pattern language of phrases.json, compiled once. A pattern is words separated by spaces:
 * "a|b" is either word, a word ending in "?" is optional, "*" skips up to three words, and a leading or
 * trailing "…" lets the pattern sit inside a longer message (otherwise it must be the whole message).
 */
type Token = { kind: 'word'; options: ReadonlySet<string>; optional: boolean } | { kind: 'gap' };

export interface CompiledPattern {
  source: string;
  anchoredStart: boolean;
  anchoredEnd: boolean;
  tokens: Token[];
}

const MAX_GAP = 3;

export function compilePattern(source: string): CompiledPattern {
  let body = source.trim();
  const anchoredStart = !body.startsWith('…');
  const anchoredEnd = !body.endsWith('…');
  body = body.replace(/^…\s*/, '').replace(/\s*…$/, '');
  const tokens: Token[] = body
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => {
      if (word === '*') return { kind: 'gap' };
      const optional = word.endsWith('?');
      return { kind: 'word', optional, options: new Set(word.replace(/\?$/, '').split('|')) };
    });
  return { source, anchoredStart, anchoredEnd, tokens };
}

export function matches(pattern: CompiledPattern, words: readonly string[]): boolean {
  const starts = pattern.anchoredStart ? [0] : words.map((_, i) => i);
  return starts.some((start) => matchFrom(pattern, words, 0, start));
}

function matchFrom(pattern: CompiledPattern, words: readonly string[], t: number, w: number): boolean {
  if (t === pattern.tokens.length) return !pattern.anchoredEnd || w === words.length;
  const token = pattern.tokens[t]!;
  if (token.kind === 'gap') {
    for (let skip = 0; skip <= MAX_GAP && w + skip <= words.length; skip++) {
      if (matchFrom(pattern, words, t + 1, w + skip)) return true;
    }
    return false;
  }
  const word = words[w];
  if (word !== undefined && token.options.has(word) && matchFrom(pattern, words, t + 1, w + 1)) return true;
  return token.optional && matchFrom(pattern, words, t + 1, w);
}

/** Lowercase, accents off, punctuation and emoji as spaces, "don't"/"do not" as "dont": how people type, forgiven. */
export function normaliseWords(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’']/g, '')
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\bdo not\b/g, 'dont')
    .replace(/\bcan ?not\b/g, 'cant')
    .replace(/\bwill not\b/g, 'wont')
    .replace(/\bopt out\b/g, 'optout')
    .split(/\s+/)
    .filter(Boolean);
}
