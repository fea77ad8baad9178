import type { CloudAdapter } from 'botbuilder';
import restify, { type Request, type Response, type Server } from 'restify';
import { z } from 'zod';
import type { ApiKeyStore } from '../../services/auth/apiKeys';
import type { RuleSetStore } from '../../services/availability/ruleSetStore';
import type { TeamStore } from '../../services/teams/teamStore';
import type { PeopleStore } from '../../services/people/peopleStore';
import type { BookingService } from '../../services/booking/bookingService';
import type { Database } from '../../services/store/database';
import type { Logger } from '../../services/observability/logger';
import type { AppMetrics } from '../../services/observability/metrics';
import type { CallbackBot } from '../callbackBot';
import { anonymousActivitySchema, inboundActivitySchema } from './activitySchema';
import { type AdminPeopleDependencies, adminPeopleRoutes } from './adminPeopleRoutes';
import { adminRuleSetRoutes } from './adminRuleSetRoutes';
import { adminTeamRoutes } from './adminTeamRoutes';
import { type AgentRouteDependencies, agentRoutes } from './agentRoutes';
import { type ConsentRouteDependencies, consentRoutes } from './consentRoutes';
import { ApiError, errorResponse, sendError } from './errors';
import { openApiDocument } from './openapi';
import { type AgentHandoffDependencies, agentHandoffRoutes } from './agentHandoffRoutes';
import { adminPageRoutes } from './adminPageRoutes';
import { agentConsoleRoutes } from './agentConsoleRoutes';
import { defineRoute, mountRoutes, openApiPath, type RouteDefinition } from './route';
import { exceptPaths } from './rawBody';
import { WHATSAPP_WEBHOOK_PATH } from '../whatsapp/routes';
import { isRateLimitedPath, type PublicGuardOptions, registerPublicGuards } from './publicGuards';

export interface ServerDependencies {
  adapter: CloudAdapter;
  bot: CallbackBot;
  database: Database;
  apiKeys: ApiKeyStore;
  ruleSets: RuleSetStore;
  teams: TeamStore;
  /** The seats callbacks hold (the rule sets' preview). */
  bookings: Pick<BookingService, 'seatsHeld'>;
  people: PeopleStore;
  clock: () => Date;
  /** The consent routes', and the ledger the people routes read a person's consent from. */
  consent: Omit<ConsentRouteDependencies, 'defaultPhoneCountry'> & Pick<AdminPeopleDependencies, 'ledger'>;
  agents: Omit<AgentRouteDependencies, 'defaultPhoneCountry'>;
  /** How the admin and agent routes read a number typed without a country prefix (DEFAULT_PHONE_COUNTRY). */
  defaultPhoneCountry: string;
  /** Routes of other modules (channel webhooks, handoff…), made with defineRoute: mounted and documented like ours. */
  routes?: readonly RouteDefinition[];
  handoff: AgentHandoffDependencies;
  metrics: AppMetrics;
  logger: Logger;
  bodyLimitBytes: number;
  /** No Bot Framework authentication (MicrosoftAppId empty): /api/messages takes only loopback serviceUrls. */
  anonymous?: boolean;
  /** Security headers, operator-key refusal and rate limits (publicGuards.ts). */
  guards?: PublicGuardOptions;
}

export interface HttpServer {
  server: Server;
  /** Every route the server serves, as defined (what /openapi.json documents). */
  routes: readonly RouteDefinition[];
  /** Requests being served right now; shutdown waits for these. */
  inFlight(): number;
}

/** How long /readyz waits for the ping and then for a read of the turns' own collection, each. */
const READY_TIMEOUT_MS = 2_000;
/** The `_id` /readyz looks up in bot_state: no key botbuilder writes looks like it, so the read finds nothing, by index. */
const READINESS_PROBE_ID = 'readyz:probe';
const VERSION = '0.1.0';

export function createHttpServer(deps: ServerDependencies): HttpServer {
  const server = restify.createServer({
    name: 'callback-bot',
    handleUncaughtExceptions: false,
    // Passed on to find-my-way, whose default (100) makes a longer path segment a 404 before any route: with this,
    // the route's own schema answers it, with the documented 400 naming the field. Node bounds the URL anyway.
    maxParamLength: 16_384,
  });
  let inFlight = 0;

  server.pre((req: Request, res: Response, next) => {
    inFlight += 1;
    const started = process.hrtime.bigint();
    res.once('close', () => {
      inFlight -= 1;
      const route = req.getRoute()?.path?.toString() ?? 'unmatched';
      deps.metrics.httpRequestSeconds.observe(
        { method: req.method, route, status: String(res.statusCode) },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    });
    next();
  });
  // restify's body parser reads text/csv as records keyed by the first line and refuses ragged rows before any
  // handler runs; our CSV bodies (exclusion lists) are one value per line, so they are taken as the text sent.
  server.pre((req: Request, _res: Response, next) => {
    const type = req.headers['content-type'] ?? '';
    if (/^text\/(csv|tsv|tab-separated-values)\b/i.test(type)) req.headers['content-type'] = type.replace(/^text\/[a-z-]+/i, 'text/plain');
    next();
  });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // The WhatsApp webhook reads its own raw body: its signature is over the bytes as sent.
  server.use(
    exceptPaths(
      [WHATSAPP_WEBHOOK_PATH],
      restify.plugins.bodyParser({ maxBodySize: deps.bodyLimitBytes, mapParams: false, mapFiles: false }),
    ),
  );
  if (deps.guards) registerPublicGuards(server, deps.guards);

  let document: Record<string, unknown> | undefined;
  const rateLimited = deps.guards ? isRateLimitedPath : () => false;
  const routes: RouteDefinition[] = [
    ...processRoutes(
      deps,
      () => (document ??= openApiDocument(routes, { title: 'Callback scheduling bot', version: VERSION }, rateLimited)),
    ),
    ...adminRuleSetRoutes({
      ruleSets: deps.ruleSets,
      bookings: deps.bookings,
      keys: deps.apiKeys,
      clock: deps.clock,
      defaultPhoneCountry: deps.defaultPhoneCountry,
    }),
    ...adminTeamRoutes({ teams: deps.teams, ruleSets: deps.ruleSets, agents: deps.handoff.agents, keys: deps.apiKeys }),
    ...adminPeopleRoutes({
      people: deps.people,
      ledger: deps.consent.ledger,
      rights: deps.consent.rights,
      clock: deps.clock,
      defaultPhoneCountry: deps.defaultPhoneCountry,
    }),
    ...consentRoutes({ ...deps.consent, defaultPhoneCountry: deps.defaultPhoneCountry }),
    ...agentRoutes({ ...deps.agents, defaultPhoneCountry: deps.defaultPhoneCountry }),
    ...agentHandoffRoutes(deps.handoff),
    ...agentConsoleRoutes(),
    ...adminPageRoutes(),
    ...(deps.routes ?? []),
  ];
  server.pre(methodsAsDocumented(routes));
  const errorShapes = new Map(routes.map(({ spec }) => [spec.path, spec.errorBody ?? 'api']));
  mountRoutes(server, deps.apiKeys, routes);

  // The one place an error becomes an answer, for every route and for restify's own refusals (404, 405, a
  // body too large or not JSON): one body shape, a database outage as 503, a bug as a logged 500.
  server.on('restifyError', (req: Request, res: Response, error: unknown, callback: () => void) => {
    const { status } = errorResponse(error);
    const level = status >= 500 && status !== 503 ? 'error' : 'warn';
    deps.logger[level]({ method: req.method, url: req.url, status, err: error }, 'request failed');
    sendError(res, error, errorShapes.get(String(req.getRoute()?.path)) ?? 'api');
    callback();
  });

  return { server, routes, inFlight: () => inFlight };
}

/** What the process itself serves: the Bot Framework endpoint, health, metrics and this API's own description. */
function processRoutes(deps: ServerDependencies, document: () => Record<string, unknown>): RouteDefinition[] {
  const health = z.object({ status: z.string(), reason: z.string().optional() });
  return [
    defineRoute(
      {
        method: 'post',
        path: '/api/messages',
        summary: 'Bot Framework activities (Web Chat through Direct Line, Teams, the Emulator)',
        description: deps.anonymous
          ? 'Anonymous mode (no MicrosoftAppId): no token is checked, and only a serviceUrl on this machine is answered; any other is a 400 naming serviceUrl.'
          : 'A Bot Connector JWT is required (the adapter answers 401 without one).',
        tags: ['bot'],
        auth: 'none',
        body: deps.anonymous ? anonymousActivitySchema : inboundActivitySchema,
        examples: {
          body: {
            type: 'message',
            channelId: 'webchat',
            serviceUrl: deps.anonymous ? 'http://localhost:56150' : 'https://webchat.botframework.com/',
            from: { id: 'user-1' },
            conversation: { id: 'conv-1' },
            text: 'quiero que me llaméis mañana por la tarde',
            deliveryMode: 'expectReplies',
          },
        },
        responses: {
          200: { description: 'processed; with deliveryMode expectReplies, `{ activities: [...] }` holds the answers' },
          202: { description: 'accepted; the answers go to the serviceUrl' },
          401: { description: 'the Bot Connector token is missing or invalid' },
          403: { description: 'a channel only our own adapters may speak for (WhatsApp arrives through its signed webhook)' },
        },
      },
      async ({ req, res, body }) => {
        // Only our own adapter, after checking Meta's signature, speaks for a WhatsApp number.
        if (body.channelId === 'whatsapp') {
          throw new ApiError({
            code: 'ChannelNotAccepted',
            field: 'channelId',
            message: 'WhatsApp messages arrive only through the signed webhook',
          });
        }
        await deps.adapter.process(req, res, (context) => deps.bot.run(context));
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/healthz',
        summary: 'Liveness: the process answers',
        tags: ['operations'],
        auth: 'none',
        responses: { 200: { description: 'alive', schema: health, example: { status: 'ok' } } },
      },
      ({ res }) => {
        res.send(200, { status: 'ok' });
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/readyz',
        summary: 'Readiness: the database answers a ping and a read of the collection every turn reads, each within 2 s',
        tags: ['operations'],
        auth: 'none',
        responses: {
          200: { description: 'ready', schema: health, example: { status: 'ready' } },
          503: {
            description: 'the database did not answer, or answered a ping but not a read, in time',
            schema: health,
            example: { status: 'unavailable', reason: 'a read of bot_state did not answer within 2000 ms' },
          },
        },
      },
      async ({ res }) => {
        const reason = await readinessProblem(deps.database);
        if (reason === null) {
          res.send(200, { status: 'ready' });
          return;
        }
        deps.logger.warn({ reason }, 'readiness check failed');
        res.send(503, { status: 'unavailable', reason });
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/metrics',
        summary: 'Prometheus metrics',
        tags: ['operations'],
        auth: 'none',
        responses: { 200: { description: 'the Prometheus text format', contentType: 'text/plain' } },
      },
      async ({ res }) => {
        const body = await deps.metrics.registry.metrics();
        res.setHeader('content-type', deps.metrics.registry.contentType);
        res.sendRaw(200, body);
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/openapi.json',
        summary: 'This document: OpenAPI 3.1, generated from the schemas that validate each request',
        tags: ['operations'],
        auth: 'none',
        responses: { 200: { description: 'the OpenAPI document' } },
      },
      ({ res }) => {
        res.send(200, document());
      },
    ),
  ];
}

/**
 * Null when the database serves turns; else why not. A ping is answered without touching a table, so a database
 * whose storage is stuck (FerretDB's SQLite pool all held, a lock) still answers it: the read of bot_state is what
 * says turns can be served. `maxTimeMS` has the server give up and free what it holds; the abort ends the wait on
 * our side too (and closes that connection) when the server answers nothing at all, e.g. a stopped process.
 */
async function readinessProblem(database: Database): Promise<string | null> {
  const bounded = () => ({ signal: AbortSignal.timeout(READY_TIMEOUT_MS) });
  try {
    await database.db.command({ ping: 1 }, bounded());
  } catch {
    return `the database did not answer a ping within ${READY_TIMEOUT_MS} ms`;
  }
  try {
    await database.botState.findOne({ _id: READINESS_PROBE_ID }, { maxTimeMS: READY_TIMEOUT_MS, ...bounded() });
  } catch {
    return `a read of ${database.botState.collectionName} did not answer within ${READY_TIMEOUT_MS} ms`;
  }
  return null;
}

/**
 * A method a path does not document is a 405 whose Allow lists the methods it does, matched as OpenAPI matches
 * paths: a concrete path before a templated one, so /api/admin/people/import is not a {phone}, whatever restify's
 * router would have tried.
 */
function methodsAsDocumented(routes: readonly RouteDefinition[]) {
  const paths = new Map<string, Set<string>>();
  for (const { spec } of routes) {
    const methods = paths.get(openApiPath(spec.path)) ?? new Set<string>();
    methods.add(spec.method === 'del' ? 'DELETE' : spec.method.toUpperCase());
    paths.set(openApiPath(spec.path), methods);
  }
  const templates = [...paths.keys()].map((path) => ({ path, segments: path.split('/') }));
  // Per segment, literal before template; the first difference decides.
  const rank = (segments: string[]) => segments.map((segment) => (segment.startsWith('{') ? '1' : '0')).join('');
  templates.sort((a, b) => rank(a.segments).localeCompare(rank(b.segments)));
  const documentedPath = (requested: string): string | undefined => {
    const segments = requested.split('/');
    return templates.find(
      (template) =>
        template.segments.length === segments.length &&
        template.segments.every((segment, i) => (segment.startsWith('{') ? segments[i] !== '' : segment === segments[i])),
    )?.path;
  };
  return (req: Request, res: Response, next: (error?: false) => void) => {
    const path = documentedPath(req.getPath());
    const methods = path === undefined ? undefined : paths.get(path);
    if (!methods || methods.has(req.method ?? '')) return next();
    const allow = [...methods].sort().join(', ');
    res.setHeader('allow', allow);
    sendError(res, new ApiError({ code: 'MethodNotAllowed', message: `${req.method} is not allowed here; ${allow} is` }));
    return next(false);
  };
}
