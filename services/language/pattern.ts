/**
 * The pattern language of the phrase books, over normalised words (lowercase, no accents, no punctuation):
 *
 *   word        that word exactly                      llamarme
 *   a|b|c       any one of the words                   llameis|llamen|llames
 *   [a|b]       optionally one of the words            [me|nos] llameis
 *   #           any word holding a digit               a las #   (matches "a las 6", "at 6pm")
 *               (also as an alternative)               mas de #|dos|tres
 *   *           a gap of 0 to 3 words                  where * get * number
 *   *N          a gap of 0 to N words (N from 1 to 9)  de donde *4 datos
 *
 * Multi-word alternatives are not part of the language on purpose: a phrase book's "rewrites" fold them
 * into one word first ("do not" → "dont", "otra vez" → "otravez"), which keeps every pattern a flat line
 * a reviewer can read. A pattern may not start or end with a gap, nor match an empty message.
 */

export interface Span {
  start: number;
  end: number;
}

type Token = { kind: 'word'; accepts: (word: string) => boolean; optional: boolean } | { kind: 'gap'; max: number };

export interface Pattern {
  readonly source: string;
  readonly tokens: readonly Token[];
}

const DEFAULT_GAP = 3;
const LITERAL = /^[a-z0-9]+$/;
const HAS_DIGIT = /[0-9]/;

export class PatternSyntaxError extends Error {
  constructor(source: string, problem: string) {
    super(`pattern "${source}": ${problem}`);
    this.name = 'PatternSyntaxError';
  }
}

function compileToken(source: string, piece: string): Token {
  const gap = /^\*([1-9])?$/.exec(piece);
  if (gap) return { kind: 'gap', max: gap[1] ? Number(gap[1]) : DEFAULT_GAP };
  const optional = piece.startsWith('[') && piece.endsWith(']');
  const body = optional ? piece.slice(1, -1) : piece;
  const options = body.split('|');
  for (const option of options) {
    // Data is matched against normalised text, so a capital, accent or stray bracket could never match.
    if (option !== '#' && !LITERAL.test(option)) throw new PatternSyntaxError(source, `"${piece}" is not a word, a|b, [a|b], #, * or *N`);
  }
  const set = new Set(options);
  const digits = set.has('#');
  return { kind: 'word', optional, accepts: (word) => set.has(word) || (digits && HAS_DIGIT.test(word)) };
}

export function compilePattern(source: string): Pattern {
  const pieces = source.trim().split(/\s+/).filter(Boolean);
  if (pieces.length === 0) throw new PatternSyntaxError(source, 'is empty');
  const tokens = pieces.map((piece) => compileToken(source, piece));
  if (tokens[0]?.kind === 'gap' || tokens[tokens.length - 1]?.kind === 'gap') {
    throw new PatternSyntaxError(source, 'may not start or end with a gap');
  }
  if (!tokens.some((token) => token.kind === 'word' && !token.optional)) {
    throw new PatternSyntaxError(source, 'needs at least one required word');
  }
  return { source, tokens };
}

/** The problem with a pattern, or null: lets a schema report every bad pattern of a file at once. */
export function patternProblem(source: string): string | null {
  try {
    compilePattern(source);
    return null;
  } catch (error) {
    return error instanceof PatternSyntaxError ? error.message : String(error);
  }
}

function endsFrom(tokens: readonly Token[], words: readonly string[], t: number, w: number, out: Set<number>): void {
  const token = tokens[t];
  if (token === undefined) {
    out.add(w);
    return;
  }
  if (token.kind === 'gap') {
    for (let skip = 0; skip <= token.max && w + skip <= words.length; skip++) endsFrom(tokens, words, t + 1, w + skip, out);
    return;
  }
  const word = words[w];
  if (word !== undefined && token.accepts(word)) endsFrom(tokens, words, t + 1, w + 1, out);
  if (token.optional) endsFrom(tokens, words, t + 1, w, out);
}

/** Every place the pattern occurs inside the words, longest reading first at each start. */
export function findSpans(pattern: Pattern, words: readonly string[]): Span[] {
  const spans: Span[] = [];
  for (let start = 0; start < words.length; start++) {
    const ends = new Set<number>();
    endsFrom(pattern.tokens, words, 0, start, ends);
    for (const end of [...ends].sort((a, b) => b - a)) if (end > start) spans.push({ start, end });
  }
  return spans;
}

export function matchesWhole(pattern: Pattern, words: readonly string[]): boolean {
  const ends = new Set<number>();
  endsFrom(pattern.tokens, words, 0, 0, ends);
  return words.length > 0 && ends.has(words.length);
}

export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

export function contains(outer: Span, inner: Span): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}
