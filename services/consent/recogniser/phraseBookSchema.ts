import { z } from 'zod';
import { compilePattern, Pattern, patternProblem } from '../../language/pattern';
import { LANGUAGES, type Language } from '../../language/language';

const pattern = z.string().superRefine((source, ctx) => {
  const problem = patternProblem(source);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const patterns = z.array(pattern).default([]);
const words = z.string().regex(/^[a-z0-9]+( [a-z0-9]+)*$/, 'normalised words: a-z and 0-9, single spaces');
const comment = z.union([z.string(), z.array(z.string())]).optional();

const intentPhrases = z
  .strictObject({
    $comment: comment,
    /** The whole message, once fillers ("please", "gracias"…) are set aside. */
    whole: patterns,
    /** Anywhere in the message. */
    anywhere: patterns,
    /** Anywhere, unless a reschedule cue sits outside the matched words ("…, better on Thursday"). */
    anywhereUnlessRescheduling: patterns,
    /** Where one of these overlaps a match, that match does not count ("no quiero darme de baja"). */
    vetoes: patterns,
  })
  .refine((p) => p.whole.length + p.anywhere.length + p.anywhereUnlessRescheduling.length > 0, 'an intent needs at least one phrase');

export const INTENT_GROUPS = ['opt_out', 'cancel', 'opt_in', 'provenance_question', 'export_request', 'erasure_request'] as const;
export type IntentGroup = (typeof INTENT_GROUPS)[number];

export const phraseBookSchema = z.strictObject({
  $comment: comment,
  language: z.enum(LANGUAGES),
  /** Word sequences folded into one spelling before matching, e.g. "do not" → "dont". */
  rewrites: z.record(words, words),
  /** Word sequences, as typed, that do not stop a message from being "just the keyword": "stop please" is "stop". */
  fillers: z.array(words),
  /** A change of when or where rather than a wish to stop: "mañana", "better", "at work", "a las 6". */
  rescheduleCues: z.array(pattern).min(1),
  intents: z.strictObject({
    opt_out: intentPhrases,
    cancel: intentPhrases,
    opt_in: intentPhrases,
    provenance_question: intentPhrases,
    export_request: intentPhrases,
    erasure_request: intentPhrases,
  }),
});

export interface IntentPatterns {
  whole: Pattern[];
  anywhere: Pattern[];
  anywhereUnlessRescheduling: Pattern[];
  vetoes: Pattern[];
}

export interface PhraseBook {
  language: Language;
  rewrites: { from: string[]; to: string[] }[];
  fillers: string[][];
  rescheduleCues: Pattern[];
  intents: Record<IntentGroup, IntentPatterns>;
}

/** Validates and compiles; throws a ZodError naming every bad entry, so a broken file stops start-up. */
export function parsePhraseBook(data: unknown, expected: Language): PhraseBook {
  const book = phraseBookSchema.parse(data);
  if (book.language !== expected) throw new Error(`phrase book for "${expected}" declares language "${book.language}"`);
  const intents = {} as Record<IntentGroup, IntentPatterns>;
  for (const group of INTENT_GROUPS) {
    const entry = book.intents[group];
    intents[group] = {
      whole: entry.whole.map(compilePattern),
      anywhere: entry.anywhere.map(compilePattern),
      anywhereUnlessRescheduling: entry.anywhereUnlessRescheduling.map(compilePattern),
      vetoes: entry.vetoes.map(compilePattern),
    };
  }
  return {
    language: book.language,
    rewrites: Object.entries(book.rewrites).map(([from, to]) => ({ from: from.split(' '), to: to.split(' ') })),
    fillers: book.fillers.map((filler) => filler.split(' ')),
    rescheduleCues: book.rescheduleCues.map(compilePattern),
    intents,
  };
}
