import { z } from 'zod';
import rawPhrases from './phrases.json';
import { compilePattern, CompiledPattern, matches, normaliseWords } from './pattern';

export type RightsLanguage = 'es' | 'en';

export type RightsIntent =
  | { kind: 'opt_out'; language: RightsLanguage; matched: string }
  | { kind: 'ambiguous_cancel'; language: RightsLanguage }
  | { kind: 'opt_in'; language: RightsLanguage }
  | { kind: 'provenance_question'; language: RightsLanguage }
  | { kind: 'export_request'; language: RightsLanguage }
  | { kind: 'erasure_request'; language: RightsLanguage };

const byLanguage = z.strictObject({ es: z.array(z.string().min(1)), en: z.array(z.string().min(1)) });
const withComment = byLanguage.extend({ $comment: z.string().optional() });
// Loaded through the schema, so a malformed phrase file fails at start-up, not in a conversation.
const phraseFileSchema = z.strictObject({
  $comment: z.string().optional(),
  opt_out: byLanguage,
  bare_cancel: byLanguage,
  opt_in: byLanguage,
  provenance_question: byLanguage,
  export_request: byLanguage,
  erasure_request: byLanguage,
  not_rights: withComment,
});

export type PhraseFile = z.infer<typeof phraseFileSchema>;
type PhraseGroup = Exclude<keyof PhraseFile, '$comment'>;

interface CompiledGroup {
  language: RightsLanguage;
  pattern: CompiledPattern;
}

function compile(file: PhraseFile): Record<PhraseGroup, CompiledGroup[]> {
  const groups = {} as Record<PhraseGroup, CompiledGroup[]>;
  for (const group of Object.keys(file).filter((k) => k !== '$comment') as PhraseGroup[]) {
    const entry = file[group];
    groups[group] = (['es', 'en'] as const).flatMap((language) =>
      entry[language].map((source) => ({ language, pattern: compilePattern(source) })),
    );
  }
  return groups;
}

export function parsePhraseFile(data: unknown): PhraseFile {
  return phraseFileSchema.parse(data);
}

const PHRASES = compile(parsePhraseFile(rawPhrases));

function first(group: PhraseGroup, words: readonly string[]): CompiledGroup | undefined {
  return PHRASES[group].find((entry) => matches(entry.pattern, words));
}

/**
 * What right, if any, a message exercises. Checked before anything else in a turn. Near-misses are
 * consulted first ("no me llaméis mañana, mejor el jueves" is a reschedule), then the opt-out, then
 * the rest. A bare "cancel" is an opt-out keyword, unless a callback is pending: then it may mean that
 * callback, and the dialog asks.
 */
export function recogniseRightsIntent(text: string, context: { hasPendingCallback: boolean }): RightsIntent | null {
  const words = normaliseWords(text);
  if (words.length === 0) return null;
  const cancel = first('bare_cancel', words);
  if (cancel)
    return context.hasPendingCallback
      ? { kind: 'ambiguous_cancel', language: cancel.language }
      : { kind: 'opt_out', language: cancel.language, matched: cancel.pattern.source };
  for (const group of ['provenance_question', 'erasure_request', 'export_request'] as const) {
    const found = first(group, words);
    if (found) return { kind: group, language: found.language };
  }
  if (first('not_rights', words)) return null;
  // Opt-out before opt-in: "no quiero que me llaméis de nuevo" contains an opt-in phrase, negated.
  const optOut = first('opt_out', words);
  if (optOut) return { kind: 'opt_out', language: optOut.language, matched: optOut.pattern.source };
  const optIn = first('opt_in', words);
  return optIn ? { kind: 'opt_in', language: optIn.language } : null;
}
