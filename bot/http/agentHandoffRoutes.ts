import { DateTime } from 'luxon';
import type { Request } from 'restify';
import { z } from 'zod';
import { LANGUAGES } from '../../services/language/language';
import { AgentDesk, actorOf, type DeskActor, type TeamScope } from '../../services/handoff/agentDesk';
import type { AgentDocument, AgentStore } from '../../services/handoff/agents';
import type { ProblemStore } from '../../services/handoff/problems';
import { CALLBACK_OUTCOMES } from '../../services/handoff/timeline';
import type { PeopleStore } from '../../services/people/peopleStore';
import { callerOf } from './apiAuth';
import { ApiError, apiErrorSchema } from './errors';
import { isoInstantField } from './fields';
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
export const slotsQuerySchema = z.strictObject({
  from: isoInstantField.optional().meta({ description: 'slots from this instant on (not before now); default now' }),
  limit: z
    .string()
    // The pattern is the whole rule, so the document says exactly what is accepted.
    .regex(/^(?:[1-9]|1\d|20)$/, 'expected a whole number from 1 to 20')
    .transform(Number)
    .optional()
    .meta({ description: 'how many slots (1–20, default 6)' }),
});
export const moveBodySchema = z.strictObject({
  startUtc: isoInstantField.meta({ description: 'the start of a free slot, as GET …/slots gives it' }),
});
export const releaseBodySchema = z.strictObject({});
export const reassignBodySchema = z.strictObject({
  agentId: z.string().trim().min(1, 'expected the id of the agent to hand it to').max(100),
});
const slotSchema = z.object({ startUtc: z.string(), startAgent: z.string(), startProspect: z.string() });
/** The one error body, plus the free slots nearest the one asked for. */
const slotRefusedSchema = apiErrorSchema.extend({ alternatives: z.array(slotSchema) });
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
  new ApiError({
    code: 'NoAgentProfile',
    message: 'this key has no agent profile; create one with npm run keys -- create --role agent --name "…" --zone Europe/Madrid',
  });

/**
 * Callbacks for agents: what is due (late ones first), one with its summary and timeline, claims (claim, release,
 * reassign), another time (free slots, move), outcomes, open problems.
 */
export function agentHandoffRoutes(deps: AgentHandoffDependencies): RouteDefinition[] {
  const agentOf = async (req: Request): Promise<AgentDocument | null> => {
    const agentId = callerOf(req).agentId;
    return agentId ? deps.agents.get(agentId) : null;
  };
  const zoneOf = async (req: Request) => (await agentOf(req))?.timeZone ?? deps.defaultTimeZone;
  /** Who acts: the key's agent (an admin's key acts as admin), or an admin key without an agent profile. */
  const actorFor = async (req: Request): Promise<DeskActor> => {
    const caller = callerOf(req);
    const agent = await agentOf(req);
    if (agent) return actorOf(agent, caller.role === 'admin');
    if (caller.role === 'admin') return { agentId: null, name: caller.label, admin: true };
    throw noAgentProfile();
  };
  /** An admin's key sees every team's callbacks; an agent's, its team's (services/handoff/agentDesk.ts teamOfAgent). */
  const scopeOf = async (req: Request): Promise<TeamScope> =>
    callerOf(req).role === 'admin' ? null : deps.desk.teamOfAgent(await agentOf(req));
  /** What follows acts on one callback: one the caller's team may see, else 404. */
  const seen = async (req: Request, callbackId: string): Promise<void> => {
    const scope = await scopeOf(req);
    await deps.desk.mustSee(scope, callbackId);
  };
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
        summary: 'The agent behind this key: name, time zone, languages, team, and the key’s role',
        tags,
        auth: AGENTS,
        responses: { 200: { description: 'the agent (or the key’s label when it has no agent profile)' } },
      },
      async ({ req, res }) => {
        const agent = await agentOf(req);
        // The role tells the console what to offer (an admin may release or reassign what others hold).
        const role = callerOf(req).role;
        res.send(
          200,
          agent
            ? { ...agent, role }
            : { _id: null, name: callerOf(req).label, timeZone: deps.defaultTimeZone, languages: [...LANGUAGES], team: null, role },
        );
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/agent/callbacks',
        summary: "Callbacks due in a range, in the agent's zone, each with its contactability now",
        description: `From \`from\` (today, in the agent's zone, when not given) to \`to\` (${DEFAULT_RANGE_DAYS} days later when not given), at most ${MAX_RANGE_DAYS} days: the answer's \`from\` and \`to\` say the range answered. A \`to\` not after \`from\` is an empty range. An agent's key lists its team's callbacks (an agent of no known team, the default team's); an admin's key, every team's. Another team's callback is a 404 to an agent's key on every route below.`,
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
        const scope = await scopeOf(req);
        const callbacks =
          to > from ? await deps.desk.due({ timeZone: zone }, { fromUtc: from.toJSDate(), toUtc: to.toJSDate() }, scope) : [];
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
        await seen(req, params.id);
        const timeZone = await zoneOf(req);
        res.send(200, await deps.desk.detail({ timeZone }, params.id));
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
        await seen(req, params.id);
        res.send(201, await deps.desk.claim(agent, params.id));
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/agent/agents',
        summary: 'The agents a callback can be handed to (reassign): an agent key sees its own team, an admin key everyone',
        tags,
        auth: AGENTS,
        responses: { 200: { description: '{agents: [{_id, name, team, languages, timeZone}]}' } },
      },
      async ({ req, res }) => {
        const agents = await deps.desk.agentsFor(await actorFor(req));
        res.send(200, {
          agents: agents.map((a) => ({ _id: a._id, name: a.name, team: a.team, languages: a.languages, timeZone: a.timeZone })),
        });
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/agent/callbacks/:id/release',
        summary: 'Gives a claimed callback back to the queue: by the agent who holds it, or an admin',
        tags,
        auth: AGENTS,
        params: callbackParamsSchema,
        body: releaseBodySchema,
        examples: { ...callbackExample, body: {} },
        responses: {
          200: { description: 'the callback, unclaimed (also when nobody held it)' },
          403: { description: 'another agent holds it (code NotClaimHolder)' },
          404: { description: 'no such callback' },
        },
      },
      async ({ req, res, params }) => {
        const actor = await actorFor(req);
        await seen(req, params.id);
        const timeZone = await zoneOf(req);
        await deps.desk.release(actor, params.id);
        res.send(200, await deps.desk.detail({ timeZone }, params.id));
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/agent/callbacks/:id/reassign',
        summary: 'Hands the callback to another agent: by the agent who holds it, or an admin (who may assign an unclaimed one)',
        description:
          'The claim is replaced by deleting the one read and inserting the new one, both on the unique callback id: there is never more than one holder. If the claim changed meanwhile the answer is 409 ClaimChanged; if someone claimed it in between, 409 AlreadyClaimed.',
        tags,
        auth: AGENTS,
        params: callbackParamsSchema,
        body: reassignBodySchema,
        examples: { ...callbackExample, body: { agentId: '2b9d6f0e-0000-4000-8000-000000000002' } },
        responses: {
          200: { description: 'the new claim' },
          403: { description: 'another agent holds it, or nobody does and the caller is not an admin (code NotClaimHolder)' },
          404: { description: 'no such callback' },
          409: { description: 'the callback is closed, the claim changed meanwhile, or someone claimed it in between' },
        },
      },
      async ({ req, res, params, body }) => {
        const actor = await actorFor(req);
        await seen(req, params.id);
        res.send(200, await deps.desk.reassign(actor, params.id, body.agentId));
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/agent/callbacks/:id/slots',
        summary: "Free slots the callback can move to: the chat's engine, in the person's lawful window and the team's hours",
        tags,
        auth: AGENTS,
        params: callbackParamsSchema,
        query: slotsQuerySchema,
        examples: { ...callbackExample, query: { from: '2026-11-25T08:00:00Z', limit: '6' } },
        responses: {
          200: {
            description: "the slots, each in UTC, in the agent's zone and in the person's",
            schema: z.object({ callbackId: z.string(), prospectTimeZone: z.string(), timeZone: z.string(), slots: z.array(slotSchema) }),
            example: {
              callbackId: '5f1c2d3e-0000-4000-8000-000000000001',
              prospectTimeZone: 'Europe/Madrid',
              timeZone: 'Europe/Madrid',
              slots: [
                {
                  startUtc: '2026-11-25T09:00:00.000Z',
                  startAgent: '2026-11-25T10:00:00+01:00',
                  startProspect: '2026-11-25T10:00:00+01:00',
                },
              ],
            },
          },
          404: { description: 'no such callback' },
          409: { description: 'the callback is closed' },
        },
      },
      async ({ req, res, params, query }) => {
        await seen(req, params.id);
        const timeZone = await zoneOf(req);
        const found = await deps.desk.slots({ timeZone }, params.id, { fromUtc: query.from, limit: query.limit ?? 6 });
        res.send(200, { ...found, timeZone });
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/agent/callbacks/:id/move',
        summary: 'Another time: moves the callback to a free slot, as the chat would; the person is told the new time on their channel',
        tags,
        auth: AGENTS,
        params: callbackParamsSchema,
        body: moveBodySchema,
        examples: { ...callbackExample, body: { startUtc: '2026-11-26T10:00:00Z' } },
        responses: {
          200: { description: 'the callback at its new time' },
          404: { description: 'no such callback' },
          409: {
            description: 'the slot was taken meanwhile (code SlotTaken, with alternatives), another agent holds it, or it is closed',
            schema: slotRefusedSchema,
            example: {
              code: 'SlotTaken',
              field: 'startUtc',
              message: 'startUtc: that time was taken meanwhile',
              alternatives: [
                {
                  startUtc: '2026-11-26T10:30:00.000Z',
                  startAgent: '2026-11-26T11:30:00+01:00',
                  startProspect: '2026-11-26T11:30:00+01:00',
                },
              ],
            },
          },
          422: {
            description: 'not a free slot this person can be called in (code SlotNotOffered, with alternatives)',
            schema: slotRefusedSchema,
            example: {
              code: 'SlotNotOffered',
              field: 'startUtc',
              message: 'startUtc: that time is not a free slot this person can be called in',
              alternatives: [
                {
                  startUtc: '2026-11-26T14:30:00.000Z',
                  startAgent: '2026-11-26T15:30:00+01:00',
                  startProspect: '2026-11-26T15:30:00+01:00',
                },
              ],
            },
          },
        },
      },
      async ({ req, res, params, body }) => {
        const actor = await actorFor(req);
        await seen(req, params.id);
        const timeZone = await zoneOf(req);
        res.send(200, await deps.desk.move({ timeZone }, actor, params.id, body.startUtc));
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
        await seen(req, params.id);
        res.send(201, await deps.desk.recordOutcome(agent, params.id, body));
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
        const resolved = await deps.problems.resolve({
          problemId: params.id,
          agentId: agent._id,
          resolution: body.resolution,
          at: deps.clock(),
        });
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
