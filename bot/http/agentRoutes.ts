import { z } from 'zod';
import { CALL_OUTCOMES, CALL_PURPOSES, type CallAttempts } from '../../services/contactability/callAttempts';
import type { RuleSetStore } from '../../services/availability/ruleSetStore';
import type { Contactability } from '../../services/contactability/contactability';
import type { PeopleStore } from '../../services/people/peopleStore';
import { callerOf } from './apiAuth';
import { ApiError } from './errors';
import { isoInstantField, oneOf, phoneField, queryFlagField, slugField } from './fields';
import { defineRoute, type RouteDefinition } from './route';

export interface AgentRouteDependencies {
  contactability: Contactability;
  attempts: CallAttempts;
  people: Pick<PeopleStore, 'getByPhone'>;
  ruleSets: Pick<RuleSetStore, 'current'>;
  clock: () => Date;
  /** How numbers without a prefix are read (DEFAULT_PHONE_COUNTRY). */
  defaultPhoneCountry: string;
}

const AGENTS = ['agent', 'admin'] as const;
const TAGS = ['agent'];

const contactabilityAnswer = z.object({
  allowed: z.boolean(),
  reasons: z.array(z.object({ code: z.string(), message: z.string() })),
  nextAllowedAt: z.string().nullable(),
  callerNumber: z
    .string()
    .nullable()
    .meta({
      description:
        'the number to dial from for this call type (commercial for acquisition and upsell, service) and the number’s country, ' +
        'as the applicable rule set names it; null when it names none',
    }),
});

/** For dialers and agents: may we call this number now, and the record of each call made. */
export function agentRoutes(deps: AgentRouteDependencies): RouteDefinition[] {
  const phone = phoneField(deps.defaultPhoneCountry);
  const purpose = oneOf(CALL_PURPOSES);
  return [
    defineRoute(
      {
        method: 'get',
        path: '/api/agent/contactability',
        summary: 'May we call this number now, for this purpose? Every reason that says no',
        tags: TAGS,
        auth: AGENTS,
        query: z.object({
          phone,
          purpose,
          similarProduct: queryFlagField,
          ruleSetId: slugField.optional().meta({
            description: 'the rule set whose caller numbers apply (a callback’s own); the default rule set when left out',
          }),
        }),
        examples: { query: { phone: '+34915550100', purpose: 'upsell', similarProduct: 'true' } },
        responses: {
          200: {
            description:
              'the answer; `allowed` is false with the reasons when we may not call. From 28 December 2026 (Madrid) a commercial ' +
              'call (acquisition, upsell) to a Spanish number is refused with `caller_number_not_allowed` while the rule set names ' +
              'no commercial caller number for ES (Ley 10/2025); `callerNumber` is the number to dial from',
            schema: contactabilityAnswer,
            example: {
              allowed: false,
              reasons: [
                { code: 'outside_lawful_window', message: 'outside the lawful hours 09:00–21:00 in Europe/Madrid' },
                {
                  code: 'caller_number_not_allowed',
                  message:
                    'from 28 December 2026 (Spanish time) commercial calls to Spain must come from the range reserved for them ' +
                    '(+34 400 xxx xxx; Ley 10/2025, de servicios de atención a la clientela), and rule set "default" names no ' +
                    'commercial caller number for ES',
                },
              ],
              nextAllowedAt: null,
              callerNumber: null,
            },
          },
          404: { description: '`ruleSetId` names no rule set' },
          503: {
            description: 'the records could not be read: not allowed, reason `database_unavailable` (or the error body)',
            schema: contactabilityAnswer,
            example: {
              allowed: false,
              reasons: [{ code: 'database_unavailable', message: 'could not read the records; not calling is the safe answer' }],
              nextAllowedAt: null,
              callerNumber: null,
            },
          },
        },
      },
      async ({ query, res }) => {
        if (query.ruleSetId !== undefined && !(await deps.ruleSets.current(query.ruleSetId)))
          throw new ApiError({ code: 'NotFound', field: 'ruleSetId', message: `ruleSetId: no rule set "${query.ruleSetId}"` });
        const answer = await deps.contactability.check({ ...query, phoneE164: query.phone, now: deps.clock() });
        // Fail closed, and say so in the status too: a dialer that only reads the status must not dial either.
        res.send(answer.reasons.some((r) => r.code === 'database_unavailable') ? 503 : 200, answer);
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/agent/call-attempts',
        summary: 'Record a call made (counted by the frequency cap)',
        tags: TAGS,
        auth: AGENTS,
        body: z.strictObject({ phone, purpose, outcome: oneOf(CALL_OUTCOMES), at: isoInstantField.optional() }),
        examples: { body: { phone: '+34915550100', purpose: 'service', outcome: 'answered', at: '2026-11-23T10:00:00Z' } },
        responses: { 201: { description: 'the recorded attempt' } },
      },
      async ({ body, req, res }) => {
        const person = await deps.people.getByPhone(body.phone);
        const attempt = await deps.attempts.record({
          personId: person?._id ?? null,
          phoneE164: body.phone,
          at: body.at ?? deps.clock(),
          purpose: body.purpose,
          outcome: body.outcome,
          agentKeyId: callerOf(req).keyId,
        });
        res.send(201, attempt);
      },
    ),
  ];
}
