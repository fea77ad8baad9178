import { DateTime } from 'luxon';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { ApiKeyStore } from '../../services/auth/apiKeys';
import { AgentDesk, AlreadyClaimed, CallbackClosed, CallbackNotFound, RescheduleRefused } from '../../services/handoff/agentDesk';
import type { AgentDocument, AgentStore } from '../../services/handoff/agents';
import { ProblemNotFound, type ProblemStore } from '../../services/handoff/problems';
import { CALLBACK_OUTCOMES } from '../../services/handoff/timeline';
import type { PeopleStore } from '../../services/people/peopleStore';
import { callerOf, requireRole } from './apiAuth';
import { unavailableOnDatabaseError } from './agentRoutes';
import { sendError, sendValidationError } from './errors';

const MAX_RANGE_DAYS = 31;
const DEFAULT_RANGE_DAYS = 8;

/** A local date in the agent's zone ("2026-11-25") or an ISO instant with its offset. */
const dayOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  message: 'expected a date (YYYY-MM-DD, in your zone) or an ISO 8601 instant, e.g. 2026-11-25T09:00:00Z',
});

// Exported one by one so the OpenAPI document can be generated from them.
export const callbacksDueQuerySchema = z.strictObject({ from: dayOrInstant.optional(), to: dayOrInstant.optional() });
export const callbackParamsSchema = z.strictObject({ id: z.string().trim().min(1).max(100) });
export const claimBodySchema = z.strictObject({});
export const outcomeBodySchema = z.strictObject({
  outcome: z.enum(CALLBACK_OUTCOMES, { message: `expected one of ${CALLBACK_OUTCOMES.join(', ')}` }),
  note: z.string().trim().max(2000, 'at most 2000 characters').default(''),
  rescheduleTo: z.iso
    .datetime({ offset: true, message: 'expected an ISO 8601 instant, e.g. 2026-11-26T10:00:00+01:00' })
    .transform((text) => new Date(text))
    .optional(),
});
export const personParamsSchema = z.strictObject({ personId: z.string().trim().min(1).max(100) });
export const openProblemBodySchema = z.strictObject({ text: z.string().trim().min(1, 'describe the problem').max(1000) });
export const problemParamsSchema = z.strictObject({ id: z.string().trim().min(1).max(100) });
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

/** Callbacks for agents: what is due, one with its summary and timeline, claims, outcomes, open problems. */
export function registerAgentHandoffRoutes(server: Server, keys: ApiKeyStore, deps: AgentHandoffDependencies): void {
  const agents = requireRole(keys, ['agent', 'admin']);

  const agentOf = async (req: Request): Promise<AgentDocument | null> => {
    const agentId = callerOf(req).agentId;
    return agentId ? deps.agents.get(agentId) : null;
  };
  const zoneOf = async (req: Request) => (await agentOf(req))?.timeZone ?? deps.defaultTimeZone;
  /** Claims and outcomes are done by a person: the key must belong to an agent. */
  const requireAgent = async (req: Request, res: Response): Promise<AgentDocument | null> => {
    const agent = await agentOf(req);
    if (!agent)
      sendError(res, 403, {
        code: 'NoAgentProfile',
        message: 'this key has no agent profile; create one with npm run keys -- create --role agent --name "…" --zone Europe/Madrid',
      });
    return agent;
  };

  server.get(
    '/api/agent/me',
    agents,
    unavailableOnDatabaseError(async (req, res) => {
      const agent = await agentOf(req);
      res.send(200, agent ?? { _id: null, name: callerOf(req).label, timeZone: deps.defaultTimeZone, languages: ['es', 'en'], team: null });
    }),
  );

  server.get(
    '/api/agent/callbacks',
    agents,
    unavailableOnDatabaseError(async (req, res) => {
      const query = callbacksDueQuerySchema.safeParse(req.query ?? {});
      if (!query.success) return sendValidationError(res, query.error);
      const zone = await zoneOf(req);
      const from = query.data.from ? boundary(query.data.from, zone, 'start') : DateTime.fromJSDate(deps.clock(), { zone }).startOf('day');
      const to = query.data.to ? boundary(query.data.to, zone, 'end') : from.plus({ days: DEFAULT_RANGE_DAYS });
      if (to <= from) return sendError(res, 400, { code: 'ValidationFailed', field: 'to', message: 'to: must be after from' });
      if (to.diff(from, 'days').days > MAX_RANGE_DAYS)
        return sendError(res, 400, { code: 'ValidationFailed', field: 'to', message: `to: at most ${MAX_RANGE_DAYS} days after from` });
      const callbacks = await deps.desk.due({ timeZone: zone }, { fromUtc: from.toJSDate(), toUtc: to.toJSDate() });
      res.send(200, { timeZone: zone, from: from.toISO(), to: to.toISO(), callbacks });
    }),
  );

  server.get(
    '/api/agent/callbacks/:id',
    agents,
    unavailableOnDatabaseError(async (req, res) => {
      const params = callbackParamsSchema.safeParse(req.params ?? {});
      if (!params.success) return sendValidationError(res, params.error);
      await answer(res, async () => res.send(200, await deps.desk.detail({ timeZone: await zoneOf(req) }, params.data.id)));
    }),
  );

  server.post(
    '/api/agent/callbacks/:id/claim',
    agents,
    unavailableOnDatabaseError(async (req, res) => {
      const params = callbackParamsSchema.safeParse(req.params ?? {});
      if (!params.success) return sendValidationError(res, params.error);
      const body = claimBodySchema.safeParse(req.body ?? {});
      if (!body.success) return sendValidationError(res, body.error);
      const agent = await requireAgent(req, res);
      if (!agent) return;
      await answer(res, async () => res.send(201, await deps.desk.claim(agent, params.data.id)));
    }),
  );

  server.post(
    '/api/agent/callbacks/:id/outcome',
    agents,
    unavailableOnDatabaseError(async (req, res) => {
      const params = callbackParamsSchema.safeParse(req.params ?? {});
      if (!params.success) return sendValidationError(res, params.error);
      const body = outcomeBodySchema.safeParse(req.body ?? {});
      if (!body.success) return sendValidationError(res, body.error);
      const agent = await requireAgent(req, res);
      if (!agent) return;
      await answer(res, async () => res.send(201, await deps.desk.recordOutcome(agent, params.data.id, body.data)));
    }),
  );

  server.post(
    '/api/agent/people/:personId/problems',
    agents,
    unavailableOnDatabaseError(async (req, res) => {
      const params = personParamsSchema.safeParse(req.params ?? {});
      if (!params.success) return sendValidationError(res, params.error);
      const body = openProblemBodySchema.safeParse(req.body ?? {});
      if (!body.success) return sendValidationError(res, body.error);
      const agent = await requireAgent(req, res);
      if (!agent) return;
      if (!(await deps.people.get(params.data.personId)))
        return sendError(res, 404, { code: 'NotFound', message: `no person ${params.data.personId}` });
      const problem = await deps.problems.openByAgent({
        personId: params.data.personId,
        agentId: agent._id,
        text: body.data.text,
        at: deps.clock(),
      });
      res.send(201, problem);
    }),
  );

  server.post(
    '/api/agent/problems/:id/resolve',
    agents,
    unavailableOnDatabaseError(async (req, res) => {
      const params = problemParamsSchema.safeParse(req.params ?? {});
      if (!params.success) return sendValidationError(res, params.error);
      const body = resolveProblemBodySchema.safeParse(req.body ?? {});
      if (!body.success) return sendValidationError(res, body.error);
      const agent = await requireAgent(req, res);
      if (!agent) return;
      await answer(res, async () =>
        res.send(
          200,
          await deps.problems.resolve({
            problemId: params.data.id,
            agentId: agent._id,
            resolution: body.data.resolution,
            at: deps.clock(),
          }),
        ),
      );
    }),
  );
}

function boundary(value: string, zone: string, edge: 'start' | 'end'): DateTime {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = DateTime.fromISO(value, { zone }).startOf('day');
    return edge === 'start' ? day : day.plus({ days: 1 });
  }
  return DateTime.fromISO(value, { setZone: true }).setZone(zone);
}

/** The desk's refusals as 4xx with a code; anything else goes on to the 503/500 handlers. */
async function answer(res: Response, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (error instanceof CallbackNotFound || error instanceof ProblemNotFound)
      return sendError(res, 404, { code: 'NotFound', message: error.message });
    if (error instanceof AlreadyClaimed)
      return sendError(res, 409, { code: 'AlreadyClaimed', message: `already claimed by ${error.claim.agentName}` });
    if (error instanceof CallbackClosed) return sendError(res, 409, { code: 'CallbackClosed', message: error.message });
    if (error instanceof RescheduleRefused)
      return sendError(res, 422, { code: 'RescheduleRefused', field: 'rescheduleTo', message: `rescheduleTo: ${error.message}` });
    throw error;
  }
}
