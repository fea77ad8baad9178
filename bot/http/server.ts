import type { CloudAdapter } from 'botbuilder';
import restify, { Request, Response, Server } from 'restify';
import type { ApiKeyStore } from '../../services/auth/apiKeys';
import type { RuleSetStore } from '../../services/availability/ruleSetStore';
import type { PeopleStore } from '../../services/people/peopleStore';
import type { Database } from '../../services/store/database';
import type { Logger } from '../../services/observability/logger';
import type { AppMetrics } from '../../services/observability/metrics';
import type { CallbackBot } from '../callbackBot';
import { firstFieldError, inboundActivitySchema } from './activitySchema';
import { AdminConsentDependencies, registerAdminConsentRoutes } from './adminConsentRoutes';
import { registerAdminPeopleRoutes } from './adminPeopleRoutes';
import { AgentRouteDependencies, registerAgentRoutes } from './agentRoutes';
import { registerAdminRuleSetRoutes } from './adminRuleSetRoutes';
import { PublicGuardOptions, registerPublicGuards } from './publicGuards';

export interface ServerDependencies {
  adapter: CloudAdapter;
  bot: CallbackBot;
  database: Database;
  apiKeys: ApiKeyStore;
  ruleSets: RuleSetStore;
  people: PeopleStore;
  clock: () => Date;
  consent: AdminConsentDependencies;
  agents: AgentRouteDependencies;
  metrics: AppMetrics;
  logger: Logger;
  bodyLimitBytes: number;
  /** Security headers, operator-key refusal and rate limits (publicGuards.ts). */
  guards?: PublicGuardOptions;
}

export interface HttpServer {
  server: Server;
  /** Requests being served right now; shutdown waits for these. */
  inFlight(): number;
}

const READY_TIMEOUT_MS = 2_000;

export function createHttpServer(deps: ServerDependencies): HttpServer {
  const server = restify.createServer({ name: 'callback-bot', handleUncaughtExceptions: false });
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
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(restify.plugins.bodyParser({ maxBodySize: deps.bodyLimitBytes, mapParams: false, mapFiles: false }));
  if (deps.guards) registerPublicGuards(server, deps.guards);

  server.post('/api/messages', async (req: Request, res: Response) => {
    const parsed = inboundActivitySchema.safeParse(req.body);
    if (!parsed.success) {
      res.send(400, { code: 'InvalidActivity', ...firstFieldError(parsed.error) });
      return;
    }
    await deps.adapter.process(req, res, (context) => deps.bot.run(context));
  });

  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'ok' });
  });

  server.get('/readyz', async (_req: Request, res: Response) => {
    try {
      await withTimeout(deps.database.ping(), READY_TIMEOUT_MS);
      res.send(200, { status: 'ready' });
    } catch (error) {
      deps.logger.warn({ err: error }, 'readiness check failed');
      res.send(503, { status: 'unavailable', reason: 'database did not answer a ping' });
    }
  });

  server.get('/metrics', async (_req: Request, res: Response) => {
    const body = await deps.metrics.registry.metrics();
    res.setHeader('content-type', deps.metrics.registry.contentType);
    res.sendRaw(200, body);
  });

  registerAdminRuleSetRoutes(server, deps.apiKeys, deps.ruleSets);
  registerAdminPeopleRoutes(server, deps.apiKeys, deps.people, deps.clock);
  registerAdminConsentRoutes(server, deps.apiKeys, deps.consent);
  registerAgentRoutes(server, deps.apiKeys, deps.agents);

  // A handler that throws reaches here as a 500; restify answers it as JSON. Log it with its cause.
  server.on('restifyError', (req: Request, _res: Response, error: Error & { statusCode?: number }, callback: () => void) => {
    const level = (error.statusCode ?? 500) >= 500 ? 'error' : 'warn';
    deps.logger[level]({ method: req.method, url: req.url, err: error }, 'request failed');
    callback();
  });

  return { server, inFlight: () => inFlight };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
