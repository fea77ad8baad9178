import { DateTime } from 'luxon';
import type { Request } from 'restify';
import { z } from 'zod';
import { AgentDesk, AlreadyClaimed, CallbackClosed, CallbackNotFound, RescheduleRefused } from '../../services/handoff/agentDesk';
import type { AgentDocument, AgentStore } from '../../services/handoff/agents';
import { ProblemNotFound, type ProblemStore } from '../../services/handoff/problems';
import { CALLBACK_OUTCOMES } from '../../services/handoff/timeline';
import type { PeopleStore } from '../../services/people/peopleStore';
import { callerOf } from './apiAuth';
import { ApiError } from './errors';
import { defineRoute, type RouteDefinition } from './route';

const MAX_RANGE_DAYS = 31;
const DEFAULT_RANGE_DAYS = 8;

/** A local date in the agent's zone ("2026-11-25") or an ISO instant with its offset. */
const dayOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  message: 'expected a date (YYYY-MM-DD, in your zone) or an ISO 8601 instant, e.g. 2026-11-25T09:00:00Z',
});

// Exported one by one so the OpenAPI document can be generated from them.
export const callbacksDueQuerySchema = z.strictObject({ from: dayOrInstant.optional(), to: dayOrInstant.optional() });
/** An id as this API hands it out; restify's router does not match a long path segment. */
const idField = z.string().regex(/^[\w.:-]{1,64}$/, 'expected an id as this API returned it');
export const callbackParamsSchema = z.strictObject({ id: idField });
export const claimBodySchema = z.strictObject({});
export const outcomeBodySchema = z.strictObject({
  outcome: z.enum(CALLBACK_OUTCOMES, { message: `expected one of ${CALLBACK_OUTCOMES.join(', ')}` }),
  note: z.string().trim().max(2000, 'at most 2000 characters').default(''),
  rescheduleTo: z.iso
    .datetime({ offset: true, message: 'expected an ISO 8601 instant, e.g. 2026-11-26T10:00:00+01:00' })
    .transform((text) => new Date(text))
    .optional(),
});
export const personParamsSchema = z.strictObject({ personId: idField });
export const openProblemBodySchema = z.strictObject({ text: z.string().trim().min(1, 'describe the problem').max(1000) });
export const problemParamsSchema = z.strictObject({ id: idField });
export const resolveProblemBodySchema = z.strictObject({ resolution: z.string().trim().min(1, 'say how it was resolved').max(1000) });

export interface AgentHandoffDependencies {
  desk: AgentDesk;
  agents: AgentStore;
  problems: ProblemStore;
  people: Pick<PeopleStore, 'get'>;
  clock: () => Date;
  /** The zone of agent keys without an agent profile. */
  defaultTimeZone: string;
}

const AGENTS = ['agent', 'admin'] as const;
const noAgentProfile = () =>
  new ApiError(403, {
    code: 'NoAgentProfile',
    message: 'this key has no agent profile; create one with npm run keys -- create --role agent --name "…" --zone Europe/Madrid',
  });

/** Callbacks for agents: what is due, one with its summary and timeline, claims, outcomes, open problems. */
export function agentHandoffRoutes(deps: AgentHandoffDependencies): RouteDefinition[] {
  const agentOf = async (req: Request): Promise<AgentDocument | null> => {
    const agentId = callerOf(req).agentId;
    return agentId ? deps.agents.get(agentId) : null;
  };
  const zoneOf = async (req: Request) => (await agentOf(req))?.timeZone ?? deps.defaultTimeZone;
  /** Claims and outcomes are done by a person: the key must belong to an agent. */
  const requireAgent = async (req: Request): Promise<AgentDocument> => {
    const agent = await agentOf(req);
    if (!agent) throw noAgentProfile();
    return agent;
  };
  const tags = ['agent'];
  const callbackExample = { params: { id: '5f1c2d3e-0000-4000-8000-000000000001' } };

  return [
    defineRoute(
      {
        method: 'get',
        path: '/api/agent/me',
        summary: 'The agent behind this key: name, time zone, languages, team',
        tags,
        auth: AGENTS,
        responses: { 200: { description: 'the agent (or the key’s label when it has no agent profile)' } },
      },
      async ({ req, res }) => {
        const agent = await agentOf(req);
        res.send(
          200,
          agent ?? { _id: null, name: callerOf(req).label, timeZone: deps.defaultTimeZone, languages: ['es', 'en'], team: null },
        );
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/agent/callbacks',
        summary: "Callbacks due in a range, in the agent's zone, each with its contactability now",
        description: `From \`from\` (today, in the agent's zone, when not given) to \`to\` (${DEFAULT_RANGE_DAYS} days later when not given), at most ${MAX_RANGE_DAYS} days: the answer's \`from\` and \`to\` say the range answered. A \`to\` not after \`from\` is an empty range.`,
        tags,
        auth: AGENTS,
        query: callbacksDueQuerySchema,
        examples: { query: { from: '2026-11-25', to: '2026-11-27' } },
        responses: { 200: { description: '{timeZone, from, to, callbacks}' } },
      },
      async ({ req, res, query }) => {
        const zone = await zoneOf(req);
        const from = query.from ? boundary(query.from, zone, 'start') : DateTime.fromJSDate(deps.clock(), { zone }).startOf('day');
        const asked = query.to ? boundary(query.to, zone, 'end') : from.plus({ days: DEFAULT_RANGE_DAYS });
        // Either bound may be defaulted, so the pair cannot be refused as the client wrote it: the answer says what it covered.
        const to = asked <= from ? from : DateTime.min(asked, from.plus({ days: MAX_RANGE_DAYS }));
        const callbacks = to > from ? await deps.desk.due({ timeZone: zone }, { fromUtc: from.toJSDate(), toUtc: to.toJSDate() }) : [];
        res.send(200, { timeZone: zone, from: from.toISO(), to: to.toISO(), callbacks });
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/agent/callbacks/:id',
        summary: 'One callback: the summary first, then the timeline, contactability and claim',
        tags,
        auth: AGENTS,
        params: callbackParamsSchema,
        examples: callbackExample,
        responses: { 200: { description: 'the callback with its summary and timeline' }, 404: { description: 'no such callback' } },
      },
      async ({ req, res, params }) => {
        const timeZone = await zoneOf(req);
        res.send(200, await refusals(() => deps.desk.detail({ timeZone }, params.id)));
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/agent/callbacks/:id/claim',
        summary: 'Claims the callback for this agent: one agent wins (a unique id is the arbiter)',
        tags,
        auth: AGENTS,
        params: callbackParamsSchema,
        body: claimBodySchema,
        examples: { ...callbackExample, body: {} },
        responses: {
          201: { description: 'claimed' },
          404: { description: 'no such callback' },
          409: { description: 'already claimed by another agent, or the callback is closed' },
        },
      },
      async ({ req, res, params }) => {
        const agent = await requireAgent(req);
        res.send(201, await refusals(() => deps.desk.claim(agent, params.id)));
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/agent/callbacks/:id/outcome',
        summary: 'Records how the call went, with a note; "not_interested" and "wrong_number" stop further calls',
        tags,
        auth: AGENTS,
        params: callbackParamsSchema,
        body: outcomeBodySchema,
        examples: { ...callbackExample, body: { outcome: 'reached', note: 'Quiere la fibra de 600 Mb; le envío la oferta.' } },
        responses: {
          201: { description: 'recorded' },
          404: { description: 'no such callback' },
          409: { description: 'the callback is closed' },
          422: { description: 'the new time (rescheduleTo) cannot be booked' },
        },
      },
      async ({ req, res, params, body }) => {
        const agent = await requireAgent(req);
        res.send(201, await refusals(() => deps.desk.recordOutcome(agent, params.id, body)));
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/agent/people/:personId/problems',
        summary: "Opens a problem on the person's timeline: shown first, and no sales calls until resolved",
        tags,
        auth: AGENTS,
        params: personParamsSchema,
        body: openProblemBodySchema,
        examples: {
          params: { personId: '0b7c5e9a-0000-4000-8000-000000000002' },
          body: { text: 'El router no funciona desde el martes.' },
        },
        responses: { 201: { description: 'the open problem' }, 404: { description: 'no such person' } },
      },
      async ({ req, res, params, body }) => {
        const agent = await requireAgent(req);
        if (!(await deps.people.get(params.personId))) throw ApiError.notFound(`no person ${params.personId}`);
        res.send(
          201,
          await deps.problems.openByAgent({ personId: params.personId, agentId: agent._id, text: body.text, at: deps.clock() }),
        );
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/agent/problems/:id/resolve',
        summary: 'Resolves an open problem, saying how',
        tags,
        auth: AGENTS,
        params: problemParamsSchema,
        body: resolveProblemBodySchema,
        examples: { params: { id: '7a2e4f10-0000-4000-8000-000000000003' }, body: { resolution: 'Técnico enviado; router cambiado.' } },
        responses: { 200: { description: 'the resolved problem' }, 404: { description: 'no such problem' } },
      },
      async ({ req, res, params, body }) => {
        const agent = await requireAgent(req);
        const resolved = await refusals(() =>
          deps.problems.resolve({ problemId: params.id, agentId: agent._id, resolution: body.resolution, at: deps.clock() }),
        );
        res.send(200, resolved);
      },
    ),
  ];
}

function boundary(value: string, zone: string, edge: 'start' | 'end'): DateTime {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = DateTime.fromISO(value, { zone }).startOf('day');
    return edge === 'start' ? day : day.plus({ days: 1 });
  }
  return DateTime.fromISO(value, { setZone: true }).setZone(zone);
}

/** The desk's refusals as 4xx with a code; anything else goes on to the server's one error formatter (503/500). */
async function refusals<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof CallbackNotFound || error instanceof ProblemNotFound) throw ApiError.notFound(error.message);
    if (error instanceof AlreadyClaimed)
      throw new ApiError(409, { code: 'AlreadyClaimed', message: `already claimed by ${error.claim.agentName}` });
    if (error instanceof CallbackClosed) throw new ApiError(409, { code: 'CallbackClosed', message: error.message });
    if (error instanceof RescheduleRefused)
      throw new ApiError(422, { code: 'RescheduleRefused', field: 'rescheduleTo', message: `rescheduleTo: ${error.message}` });
    throw error;
  }
}
