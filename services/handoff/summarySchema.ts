import { z } from 'zod';
import { CALLBACK_OUTCOMES } from './timeline';
import { LANGUAGES } from '../language/language';

/**
 * The one schema of the handoff summary. Every claim names the timeline entries it came from (`sources`,
 * entry ids); `unverified` is set by us, never by a model: true when every source was written by an account
 * that only claimed the person's number. Open problems come first: an agent reads them before anything else.
 */
export const claimSchema = z.object({
  text: z.string().min(1).max(300),
  sources: z.array(z.string()),
  unverified: z.boolean(),
});
export type Claim = z.infer<typeof claimSchema>;

export const handoffSummarySchema = z.object({
  kind: z.enum(['model', 'deterministic']),
  openProblems: z.array(z.object({ problemId: z.string(), text: z.string(), openedAt: z.string(), sources: z.array(z.string()) })),
  who: z.object({
    name: z.string().nullable(),
    language: z.enum(LANGUAGES).nullable(),
    timeZone: z.string().nullable(),
    channels: z.array(z.string()),
  }),
  /** Products or services they mentioned wanting. */
  wants: z.array(claimSchema),
  problems: z.array(claimSchema.extend({ kind: z.enum(['problem', 'objection']) })),
  /** What we promised and when; only ever from our own words or records, never from what the person says we said. */
  promises: z.array(claimSchema.extend({ when: z.string().nullable() })),
  preferredTime: claimSchema.nullable(),
  preferredChannel: claimSchema.nullable(),
  consent: z.object({ status: z.enum(['granted', 'withdrawn', 'none']), at: z.string().nullable(), sources: z.array(z.string()) }),
  callbacks: z.array(
    z.object({
      callbackId: z.string(),
      startUtc: z.string(),
      status: z.string(),
      outcome: z.enum(CALLBACK_OUTCOMES).nullable(),
      note: z.string().nullable(),
      sources: z.array(z.string()),
    }),
  ),
  questionsForAgent: z.array(claimSchema),
  /** Said to the prospect, in their language: who calls and why (TRLGDCU art. 96.2). */
  openingLine: z.string(),
  /** A short paragraph for the agent, in each agent language. */
  paragraph: z.object({ es: z.string(), en: z.string() }),
  /** Entries folded into this summary and removed from the timeline by the per-person cap. */
  folded: z.object({ count: z.number().int().min(0), until: z.string().nullable() }),
});
export type HandoffSummary = z.infer<typeof handoffSummarySchema>;

/** What a model is asked to fill: the claims that need reading the conversation. The rest comes from our records. */
export const modelClaimsSchema = handoffSummarySchema.pick({
  wants: true,
  problems: true,
  promises: true,
  preferredTime: true,
  preferredChannel: true,
  questionsForAgent: true,
});
export type ModelClaims = z.infer<typeof modelClaimsSchema>;

/** The JSON schema sent as the structured output format, derived from the zod schema. */
export function modelClaimsJsonSchema(): Record<string, unknown> {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(modelClaimsSchema) as Record<string, unknown>;
  return schema;
}

export const EMPTY_CLAIMS: ModelClaims = {
  wants: [],
  problems: [],
  promises: [],
  preferredTime: null,
  preferredChannel: null,
  questionsForAgent: [],
};
