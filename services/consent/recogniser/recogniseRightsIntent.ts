import { normaliseWords, rewriteWords } from '../../language/normalise';
import { contains, findSpans, matchesWhole, overlaps, Pattern, Span } from '../../language/pattern';
import type { IntentGroup, PhraseBook } from './phraseBookSchema';
import { PHRASE_BOOKS } from './phraseBooks';
import type { RecognitionContext, RightsIntent } from './rightsIntent';
import type { Language } from '../../language/language';

/** The message as one phrase book reads it. */
interface Reading {
  book: PhraseBook;
  words: string[];
  /** The words without fillers or stutters, for "is this (nearly) the whole message". */
  core: string[];
  rescheduleCues: Span[];
}

interface Hit {
  language: Language;
  matched: string;
}

// A filler from either book is set aside in both, as typed and before either book's rewrites:
// "stop por favor" and "baja please" are real messages. Longest first, so "muchas gracias" goes whole.
const FILLERS: readonly string[][] = PHRASE_BOOKS.flatMap((book) => book.fillers).sort((a, b) => b.length - a.length);
const RESCHEDULE_CUES: readonly Pattern[] = PHRASE_BOOKS.flatMap((book) => book.rescheduleCues);

function rewrite(book: PhraseBook, words: readonly string[]): string[] {
  return book.rewrites.reduce<string[]>((acc, rule) => rewriteWords(acc, rule.from, rule.to), [...words]);
}

function read(book: PhraseBook, base: readonly string[]): Reading {
  const words = rewrite(book, base);
  const unpadded = rewrite(
    book,
    FILLERS.reduce<string[]>((acc, filler) => rewriteWords(acc, filler, []), [...base]),
  );
  const core = unpadded.filter((word, i) => word !== unpadded[i - 1]);
  const rescheduleCues = RESCHEDULE_CUES.flatMap((cue) => findSpans(cue, words));
  return { book, words, core, rescheduleCues };
}

function spanText(words: readonly string[], span: Span): string {
  return words.slice(span.start, span.end).join(' ');
}

function find(reading: Reading, group: IntentGroup): Hit | null {
  const { words, book } = reading;
  const { language } = book;
  const phrases = book.intents[group];
  const vetoes = phrases.vetoes.flatMap((veto) => findSpans(veto, words));
  const stands = (span: Span): boolean => !vetoes.some((veto) => overlaps(veto, span));
  const whole = phrases.whole.some((pattern) => matchesWhole(pattern, reading.core));
  if (whole && stands({ start: 0, end: words.length })) return { language, matched: reading.core.join(' ') };
  for (const pattern of phrases.anywhere) {
    const span = findSpans(pattern, words).find(stands);
    if (span) return { language, matched: spanText(words, span) };
  }
  // A cue inside the matched words is part of the refusal itself ("call me" in "don't call me"), not a new time or place.
  const rescheduled = (span: Span): boolean => reading.rescheduleCues.some((cue) => !contains(span, cue));
  for (const pattern of phrases.anywhereUnlessRescheduling) {
    const span = findSpans(pattern, words).find((s) => stands(s) && !rescheduled(s));
    if (span) return { language, matched: spanText(words, span) };
  }
  return null;
}

function first(readings: readonly Reading[], group: IntentGroup): Hit | null {
  for (const reading of readings) {
    const hit = find(reading, group);
    if (hit) return hit;
  }
  return null;
}

// Erasure before export before provenance: the stronger right wins when one message asks for two.
const OTHER_RIGHTS = ['erasure_request', 'export_request', 'provenance_question', 'opt_in'] as const;

/**
 * What right, if any, a message exercises. Opt-out is looked for first and wins over every other
 * reading, so "stop" is never lost to a question asked in the same breath. A bare "cancel" is a
 * revocation keyword, unless a callback is pending: then it may mean that callback, and the dialog asks.
 */
export function recogniseRightsIntent(text: string, context: RecognitionContext): RightsIntent | null {
  const base = normaliseWords(text);
  if (base.length === 0) return null;
  const readings = PHRASE_BOOKS.map((book) => read(book, base));

  const optOut = first(readings, 'opt_out');
  if (optOut) return { kind: 'opt_out', language: optOut.language, matched: optOut.matched };

  const cancel = first(readings, 'cancel');
  if (cancel) {
    return context.hasPendingCallback
      ? { kind: 'ambiguous_cancel', language: cancel.language }
      : { kind: 'opt_out', language: cancel.language, matched: cancel.matched };
  }

  for (const kind of OTHER_RIGHTS) {
    const hit = first(readings, kind);
    if (hit) return { kind, language: hit.language };
  }
  return null;
}
