import type { Response } from 'restify';
import { z } from 'zod';
import { API_KEY_ROLES, type ApiKeyRecord, type ApiKeyStore } from '../../services/auth/apiKeys';
import { defaultRuleSet } from '../../services/availability/defaultRuleSet';
import { parseRuleSet } from '../../services/availability/ruleSet';
import type { RuleSetStore } from '../../services/availability/ruleSetStore';
import { type AgentStore, newAgentSchema } from '../../services/handoff/agents';
import { type Team, teamInputSchema } from '../../services/teams/team';
import { VersionConflict } from '../../services/store/versionConflict';
import { type TeamStore, teamInForce } from '../../services/teams/teamStore';
import { ifMatchHeaders } from './adminRuleSetRoutes';
import { callerOf } from './apiAuth';
import { ApiError } from './errors';
import { slugField, wordsField } from './fields';
import { defineRoute, type RouteDefinition } from './route';
import { LANGUAGES } from '../../services/language/language';
import { versionConflict } from './versionConflict';

export interface AdminTeamDependencies {
  teams: TeamStore;
  ruleSets: RuleSetStore;
  agents: AgentStore;
  keys: ApiKeyStore;
}

const instant = z.string().meta({ description: 'ISO 8601 instant', examples: ['2026-11-24T09:00:00.000Z'] });

const teamAnswer = teamInputSchema
  .extend({
    id: z.string(),
    version: z.int(),
    updatedAt: instant,
    updatedBy: z.string().meta({ description: 'the id of the key that saved it' }),
  })
  .meta({ id: 'Team' });
const agentAnswer = z
  .object({
    _id: z.string(),
    name: z.string(),
    timeZone: z.string(),
    languages: z.array(z.enum(LANGUAGES)),
    team: z.string(),
    teamsUserId: z.string().nullable(),
    createdAt: instant,
  })
  .meta({ id: 'Agent' });
const keyAnswer = z.object({
  keyId: z.string(),
  role: z.enum(API_KEY_ROLES),
  label: z.string(),
  agentId: z.string().nullable(),
  createdAt: instant,
  revokedAt: instant.nullable(),
});
const issuedKeyAnswer = z.object({
  keyId: z.string(),
  role: z.enum(API_KEY_ROLES),
  label: z.string(),
  agentId: z.string().nullable(),
  key: z.string().meta({ description: 'the key itself, shown this once: only its hash is stored' }),
});

const EXAMPLE_TEAM = {
  name: 'Las Palmas service',
  languages: ['es' as const],
  teamsConversationId: null,
  entryPoints: { webChat: ['canarias'], whatsAppNumbers: [], teamsApp: false },
  campaigns: ['spring-2027'],
};
const EXAMPLE_TEAM_ANSWER = {
  id: 'las-palmas-service',
  ...EXAMPLE_TEAM,
  version: 1,
  updatedAt: '2026-11-24T09:00:00.000Z',
  updatedBy: 'k3y1d0f4dm1n',
};
const EXAMPLE_AGENT = {
  name: 'Lucía Pérez',
  timeZone: 'Atlantic/Canary',
  languages: ['es' as const, 'en' as const],
  team: 'default',
  teamsUserId: null,
};
const EXAMPLE_AGENT_ANSWER = { _id: '0b6f3c1e-8d2a-4c5e-9f7a-2e4d6b8a0c1f', ...EXAMPLE_AGENT, createdAt: '2026-11-24T09:00:00.000Z' };

// Save → read it, and the rule set it books into (created with it when new).
const teamLinks = {
  GetTeam: { operationId: 'get /api/admin/teams/{id}', parameters: { id: '$response.body#/id' } },
  GetTeamRuleSet: { operationId: 'get /api/admin/rule-sets/{id}', parameters: { id: '$response.body#/id' } },
};
const agentLinks = { UpdateAgent: { operationId: 'put /api/admin/agents/{id}', parameters: { id: '$response.body#/_id' } } };
const keyLinks = { RevokeKey: { operationId: 'delete /api/admin/keys/{keyId}', parameters: { keyId: '$response.body#/keyId' } } };

const teamIdParams = z.object({ id: slugField });
const agentIdParams = z.object({ id: z.uuid({ message: 'expected an agent id (a UUID)' }) });
const keyIdParams = z.object({ keyId: z.string().regex(/^[a-z0-9]{12}$/, 'expected a key id: 12 lowercase letters and digits') });

const newKeyBody = z.discriminatedUnion('role', [
  z.strictObject({
    role: z.literal('admin'),
    label: wordsField(120),
    agentId: z.null({ message: 'only agent keys speak for an agent' }).optional(),
  }),
  z.strictObject({
    role: z.literal('agent'),
    label: wordsField(120),
    agentId: z.string().min(1).max(100).meta({ description: 'the agent (POST /api/admin/agents) the key speaks for' }),
  }),
]);

const TEAMS = ['admin: teams'];
const AGENTS = ['admin: agents'];
const KEYS = ['admin: keys'];

function sendTeam(res: Response, status: number, team: Team): void {
  res.setHeader('etag', `"${team.version}"`);
  res.send(status, team);
}

function keyRecord(key: ApiKeyRecord) {
  return { keyId: key.keyId, role: key.role, label: key.label, agentId: key.agentId, createdAt: key.createdAt, revokedAt: key.revokedAt };
}

/**
 * Admin REST for teams, their agents and the API keys: a new team books at once (its rule set is made from the
 * defaults when missing), an agent belongs to a team that exists, and a key's secret is shown once.
 */
export function adminTeamRoutes(deps: AdminTeamDependencies): RouteDefinition[] {
  /** A Web Chat entry, a WhatsApp number or the Teams app reaches one team: another team holding it is a 400 naming it. */
  const refuseEntryPointsOfOthers = async (teamId: string, input: z.output<typeof teamInputSchema>): Promise<void> => {
    const others = (await deps.teams.list()).filter((team) => team.id !== teamId);
    const named = others.find((team) => team.entryPoints.webChat.includes(teamId));
    // `/?team=<id>` reaches a team by its id too, so an id that is another team's entry would be reached twice.
    if (named) throw ApiError.invalid('id', `team "${named.id}" already answers to "${teamId}" on Web Chat`);
    input.entryPoints.webChat.forEach((entry, index) => {
      const holder = others.find((team) => team.id === entry || team.entryPoints.webChat.includes(entry));
      if (holder) throw ApiError.invalid(`entryPoints.webChat.${index}`, `team "${holder.id}" already answers to "${entry}"`);
    });
    input.entryPoints.whatsAppNumbers.forEach((number, index) => {
      const holder = others.find((team) => team.entryPoints.whatsAppNumbers.includes(number));
      if (holder)
        throw ApiError.invalid(`entryPoints.whatsAppNumbers.${index}`, `the number ${number} already reaches team "${holder.id}"`);
    });
    const teamsAppHolder = input.entryPoints.teamsApp ? others.find((team) => team.entryPoints.teamsApp) : undefined;
    if (teamsAppHolder) {
      throw ApiError.invalid('entryPoints.teamsApp', `the Teams app already reaches team "${teamsAppHolder.id}"; turn it off there first`);
    }
  };

  const requireTeam = async (teamId: string): Promise<void> => {
    if (!(await deps.teams.get(teamId))) throw ApiError.invalid('team', `no team "${teamId}" (PUT /api/admin/teams/${teamId} creates it)`);
  };

  return [
    defineRoute(
      {
        method: 'get',
        path: '/api/admin/teams',
        summary: 'The teams, each in its newest version, by id',
        tags: TEAMS,
        auth: ['admin'],
        responses: {
          200: {
            description: '`{ teams: [...] }`',
            schema: z.object({ teams: z.array(teamAnswer) }),
            example: { teams: [EXAMPLE_TEAM_ANSWER] },
          },
        },
      },
      async ({ res }) => {
        res.send(200, { teams: await deps.teams.list() });
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/admin/teams/:id',
        summary: 'One team, its newest version (ETag: its version)',
        tags: TEAMS,
        auth: ['admin'],
        params: teamIdParams,
        examples: { params: { id: 'default' } },
        responses: {
          200: { description: 'the team', schema: teamAnswer, example: EXAMPLE_TEAM_ANSWER },
          404: { description: 'no team with that id' },
        },
      },
      async ({ params, res }) => {
        const team = await deps.teams.get(params.id);
        if (!team) throw ApiError.notFound(`no team "${params.id}"`);
        sendTeam(res, 200, team);
      },
    ),
    defineRoute(
      {
        method: 'put',
        path: '/api/admin/teams/:id',
        summary: 'Create or replace a team',
        description:
          "The id is also the id of the rule set the team books into: when that rule set does not exist it is created from the defaults (weekdays in Madrid) with the team's name, so a new team books at once. A Web Chat entry, WhatsApp number or the Teams app another team already has is a 400 naming it.",
        tags: TEAMS,
        auth: ['admin'],
        params: teamIdParams,
        headers: ifMatchHeaders,
        body: teamInputSchema,
        examples: { params: { id: 'las-palmas-service' }, headers: { 'if-match': '"1"' }, body: EXAMPLE_TEAM },
        responses: {
          200: {
            description: 'replaced: a new version (ETag: its version)',
            schema: teamAnswer,
            example: { ...EXAMPLE_TEAM_ANSWER, version: 2 },
            links: teamLinks,
          },
          201: { description: 'created: version 1', schema: teamAnswer, example: EXAMPLE_TEAM_ANSWER, links: teamLinks },
          409: { description: 'another writer saved a version at the same moment; `current` says which and who' },
          412: { description: 'If-Match names a version that is no longer the newest; `current` says which is and who saved it' },
        },
      },
      async ({ params, headers, body, req, res }) => {
        const expected = headers['if-match'];
        const changedBy = callerOf(req).keyId;
        const existing = await deps.teams.get(params.id);
        // Checked before anything is written, so a refused change leaves no rule set behind.
        if (expected !== undefined && expected !== (existing?.version ?? 0)) {
          throw await versionConflict(new VersionConflict('team', params.id, expected, teamInForce(existing)), expected, deps.keys);
        }
        await refuseEntryPointsOfOthers(params.id, body);
        if (!(await deps.ruleSets.current(params.id))) {
          await deps.ruleSets
            .save(parseRuleSet({ ...defaultRuleSet(params.id), name: body.name }), changedBy, 0)
            .catch((error: unknown) => {
              if (!(error instanceof VersionConflict)) throw error; // another writer made it first: the team books into that
            });
        }
        try {
          const team = await deps.teams.save(params.id, body, changedBy, expected);
          sendTeam(res, team.version === 1 ? 201 : 200, team);
        } catch (error) {
          if (!(error instanceof VersionConflict)) throw error;
          throw await versionConflict(error, expected, deps.keys);
        }
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/admin/agents',
        summary: "The agents, all of them by name or a team's in the order its rotation uses",
        tags: AGENTS,
        auth: ['admin'],
        query: z.object({ team: slugField.optional().meta({ description: "only this team's agents" }) }),
        examples: { query: { team: 'default' } },
        responses: {
          200: {
            description: '`{ agents: [...] }`',
            schema: z.object({ agents: z.array(agentAnswer) }),
            example: { agents: [EXAMPLE_AGENT_ANSWER] },
          },
        },
      },
      async ({ query, res }) => {
        const agents = query.team ? await deps.agents.ofTeam(query.team) : await deps.agents.list();
        res.send(200, { agents: agents });
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/admin/agents',
        summary: 'Add an agent to a team',
        description:
          '`team` must name a team that exists (400 naming `team` otherwise). The agent signs in with an agent key made for it (POST /api/admin/keys).',
        tags: AGENTS,
        auth: ['admin'],
        body: newAgentSchema,
        examples: { body: EXAMPLE_AGENT },
        responses: { 201: { description: 'the agent', schema: agentAnswer, example: EXAMPLE_AGENT_ANSWER, links: agentLinks } },
      },
      async ({ body, res }) => {
        await requireTeam(body.team);
        res.send(201, await deps.agents.create(body));
      },
    ),
    defineRoute(
      {
        method: 'put',
        path: '/api/admin/agents/:id',
        summary: "Replace an agent's name, zone, languages, team and Teams user",
        tags: AGENTS,
        auth: ['admin'],
        params: agentIdParams,
        body: newAgentSchema,
        examples: { params: { id: EXAMPLE_AGENT_ANSWER._id }, body: EXAMPLE_AGENT },
        responses: {
          200: { description: 'the agent as saved', schema: agentAnswer, example: EXAMPLE_AGENT_ANSWER },
          404: { description: 'no agent with that id' },
        },
      },
      async ({ params, body, res }) => {
        await requireTeam(body.team);
        const agent = await deps.agents.update(params.id, body);
        if (!agent) throw ApiError.notFound(`no agent "${params.id}"`);
        res.send(200, agent);
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/admin/keys',
        summary: 'The API keys, oldest first, revoked ones included (never a key or its hash)',
        tags: KEYS,
        auth: ['admin'],
        responses: {
          200: {
            description: '`{ keys: [...] }`',
            schema: z.object({ keys: z.array(keyAnswer) }),
            example: {
              keys: [
                {
                  keyId: 'k3y1d0f4dm1n',
                  role: 'admin',
                  label: 'first-run bootstrap',
                  agentId: null,
                  createdAt: '2026-11-24T09:00:00.000Z',
                  revokedAt: null,
                },
              ],
            },
          },
        },
      },
      async ({ res }) => {
        res.send(200, { keys: (await deps.keys.list()).map(keyRecord) });
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/admin/keys',
        summary: 'Make an API key: the answer holds the key, shown this once',
        description:
          'An agent key speaks for an agent that exists (`agentId`, 400 naming it otherwise); an admin key for nobody. The answer is not cached (`Cache-Control: no-store`).',
        tags: KEYS,
        auth: ['admin'],
        body: newKeyBody,
        examples: { body: { role: 'admin', label: 'Ana (operations)' } },
        responses: {
          201: {
            description: 'the key, shown once',
            schema: issuedKeyAnswer,
            example: { keyId: 'k3y1d0f4dm1n', role: 'admin', label: 'Ana (operations)', agentId: null, key: 'cbk_k3y1d0f4dm1n_…' },
            links: keyLinks,
          },
        },
      },
      async ({ body, res }) => {
        const agentId = body.role === 'agent' ? body.agentId : undefined;
        if (agentId !== undefined && !(await deps.agents.get(agentId))) {
          throw ApiError.invalid('agentId', `no agent "${agentId}" (POST /api/admin/agents makes one)`);
        }
        const issued = await deps.keys.create(body.role, body.label, agentId ? { agentId } : {});
        res.setHeader('cache-control', 'no-store');
        res.send(201, { keyId: issued.keyId, role: issued.role, label: issued.label, agentId: issued.agentId ?? null, key: issued.key });
      },
    ),
    defineRoute(
      {
        method: 'del',
        path: '/api/admin/keys/:keyId',
        summary: 'Revoke an API key: it stops working at once',
        description:
          'Revoking a key already revoked changes nothing (204). The last active admin key cannot be revoked (409): make another first.',
        tags: KEYS,
        auth: ['admin'],
        params: keyIdParams,
        examples: { params: { keyId: 'k3y1d0f4dm1n' } },
        responses: {
          204: { description: 'revoked' },
          404: { description: 'no key with that id' },
          409: { description: 'it is the last active admin key' },
        },
      },
      async ({ params, res }) => {
        const outcome = await deps.keys.revokeKeepingAnAdmin(params.keyId);
        if (outcome === 'unknown') throw ApiError.notFound(`no key "${params.keyId}"`);
        if (outcome === 'last_admin') {
          throw new ApiError({
            code: 'LastAdminKey',
            message: `key "${params.keyId}" is the last active admin key; make another before revoking it`,
          });
        }
        res.send(204);
      },
    ),
  ];
}
