import { z } from 'zod';
import { normaliseWords } from '../../services/language/normalise';
import { compilePattern, findSpans, matchesWhole, type Pattern, patternProblem, type Span } from '../../services/language/pattern';
import { type Language, LANGUAGES } from '../../services/language/language';
import en from './vocabulary.en.json';
import es from './vocabulary.es.json';

/**
 * The conversation's own words (yes, no, help, start over, which choice) as phrase books per language,
 * in the same pattern language as the rights phrase books, validated when loaded: a broken book stops
 * the bot at start-up, not in a conversation.
 */
const pattern = z.string().superRefine((source, ctx) => {
  const problem = patternProblem(source);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const patterns = z.array(pattern).default([]);
const list = z
  .strictObject({ whole: patterns, starts: patterns, anywhere: patterns })
  .refine((l) => l.whole.length + l.starts.length + l.anywhere.length > 0, 'a list needs at least one phrase');

export const LIST_NAMES = [
  'yes',
  'no',
  'neverMind',
  'aroundYes',
  'cancelCallback',
  'keep',
  'change',
  'cancelChoice',
  'otherTime',
  'startOver',
  'help',
  'onlyTheCall',
  'whenWeCall',
] as const;
export type ListName = (typeof LIST_NAMES)[number];

export const vocabularySchema = z.strictObject({
  $comment: z.array(z.string()).optional(),
  language: z.enum(LANGUAGES),
  lists: z.strictObject(Object.fromEntries(LIST_NAMES.map((name) => [name, list])) as Record<ListName, typeof list>),
  markers: z.array(z.string().regex(/^[a-z]+$/, 'a marker is one normalised word')).min(1),
});

interface CompiledList {
  whole: Pattern[];
  starts: Pattern[];
  anywhere: Pattern[];
}

interface Vocabulary {
  language: Language;
  lists: Record<ListName, CompiledList>;
  markers: ReadonlySet<string>;
}

export function parseVocabulary(data: unknown): Vocabulary {
  const book = vocabularySchema.parse(data);
  const lists = {} as Record<ListName, CompiledList>;
  for (const name of LIST_NAMES) {
    const l = book.lists[name];
    lists[name] = { whole: l.whole.map(compilePattern), starts: l.starts.map(compilePattern), anywhere: l.anywhere.map(compilePattern) };
  }
  return { language: book.language, lists, markers: new Set(book.markers) };
}

const BOOKS: readonly Vocabulary[] = [parseVocabulary(es), parseVocabulary(en)];

export const wordsOf = normaliseWords;

/** Whether the words say this, in either language (people mix them: "ok, gracias"). */
export function says(name: ListName, words: readonly string[]): boolean {
  if (words.length === 0) return false;
  return BOOKS.some(({ lists }) => {
    const l = lists[name];
    return (
      l.whole.some((p) => matchesWhole(p, words)) ||
      l.starts.some((p) => findSpans(p, words).some((span) => span.start === 0)) ||
      l.anywhere.some((p) => findSpans(p, words).length > 0)
    );
  });
}

/** Where in the words any phrase of these lists stands, in either language. */
export function spansOf(names: readonly ListName[], words: readonly string[]): Span[] {
  return BOOKS.flatMap(({ lists }) =>
    names.flatMap((name) => [...lists[name].starts, ...lists[name].anywhere, ...lists[name].whole].flatMap((p) => findSpans(p, words))),
  );
}

/** How many words of the message are markers of each language. */
export function markerCounts(words: readonly string[]): Record<Language, number> {
  const counts: Record<Language, number> = { es: 0, en: 0 };
  for (const book of BOOKS) for (const word of words) if (book.markers.has(word)) counts[book.language] += 1;
  return counts;
}
