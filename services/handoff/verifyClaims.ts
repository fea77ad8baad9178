import { normaliseWords } from '../language/normalise';
import type { Claim, ModelClaims } from './summarySchema';
import type { TimelineEntryDocument } from './timeline';

/** What a claim may lean on: a timeline entry, or (for entries folded away by the cap) an earlier verified claim. */
export type SupportSource = Pick<TimelineEntryDocument, '_id' | 'text' | 'direction' | 'kind' | 'assurance'>;

export interface DroppedClaim {
  section: keyof ModelClaims;
  text: string;
  why: string;
}

const STOPWORDS = new Set(
  (
    'el la los las un una unos unas de del al a en y o que por para con sin se me te le lo nos os su sus mi mis tu es son ' +
    'esta este esto estos estas ese esa muy mas pero como cuando donde quiere quieren querria gustaria desea interesa ' +
    'the a an of to in on and or for with is are be was it its me my you your we our they their this that want wants would like ' +
    'prospect person persona cliente client customer mentioned menciona dice says said asked pregunta'
  ).split(' '),
);
const MIN_WORD_SHARE = 0.6;

function contentTokens(text: string): { numbers: string[]; words: string[] } {
  const tokens = normaliseWords(text);
  return {
    numbers: tokens.filter((token) => /\d/.test(token)),
    words: tokens.filter((token) => !/\d/.test(token) && token.length >= 3 && !STOPWORDS.has(token)),
  };
}

/** Do these source texts say what the claim says? Every number must be there, and most of its words. */
export function supportedBy(claimText: string, sourceTexts: readonly string[]): boolean {
  const claim = contentTokens(claimText);
  const source = sourceTexts.flatMap((text) => normaliseWords(text));
  const sourceSet = new Set(source);
  if (!claim.numbers.every((number) => sourceSet.has(number))) return false;
  if (claim.words.length === 0) return claim.numbers.length > 0;
  // Words match on a shared stem of four letters: "líneas"/"línea", "funciona"/"funcionando".
  const stems = new Set(source.map((token) => token.slice(0, 4)));
  const found = claim.words.filter((word) => sourceSet.has(word) || (word.length >= 4 && stems.has(word.slice(0, 4)))).length;
  return found / claim.words.length >= MIN_WORD_SHARE;
}

/**
 * Keeps only claims whose sources exist and support them; a promise must rest on something we said or
 * recorded (an outbound message, a booking, an agent's outcome), never on what the person says we promised.
 * `unverified` is recomputed here: true when every source came from an account that only claimed the number.
 */
export function verifyClaims(
  claims: ModelClaims,
  support: ReadonlyMap<string, SupportSource>,
): { claims: ModelClaims; dropped: DroppedClaim[] } {
  const dropped: DroppedClaim[] = [];
  const check = <C extends Claim>(section: keyof ModelClaims, claim: C, ours = false): C | null => {
    const sources = [...new Set(claim.sources)];
    const found = sources.map((id) => support.get(id));
    const why = sources.length === 0 ? 'no source' : found.some((source) => !source) ? 'a source that is not in the timeline' : null;
    if (why) {
      dropped.push({ section, text: claim.text, why });
      return null;
    }
    const entries = found as SupportSource[];
    const usable = ours ? entries.filter((entry) => entry.direction !== 'inbound') : entries;
    if (ours && usable.length === 0) {
      dropped.push({ section, text: claim.text, why: 'a promise resting only on what the person wrote' });
      return null;
    }
    if (
      !supportedBy(
        claim.text,
        usable.map((entry) => entry.text),
      )
    ) {
      dropped.push({ section, text: claim.text, why: 'its sources do not say so' });
      return null;
    }
    return { ...claim, sources, unverified: entries.every((entry) => entry.assurance === 'claimed') };
  };
  const keep = <C extends Claim>(section: keyof ModelClaims, list: readonly C[], ours = false): C[] =>
    list.map((claim) => check(section, claim, ours)).filter((claim): claim is C => claim !== null);
  return {
    claims: {
      wants: keep('wants', claims.wants),
      problems: keep('problems', claims.problems),
      promises: keep('promises', claims.promises, true),
      preferredTime: claims.preferredTime ? check('preferredTime', claims.preferredTime) : null,
      preferredChannel: claims.preferredChannel ? check('preferredChannel', claims.preferredChannel) : null,
      questionsForAgent: keep('questionsForAgent', claims.questionsForAgent),
    },
    dropped,
  };
}
