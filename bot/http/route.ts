import type { Request, RequestHandler, Response, Server } from 'restify';
import type { z } from 'zod';
import type { ApiKeyRole, ApiKeyStore } from '../../services/auth/apiKeys';
import { requireRole } from './apiAuth';
import { ApiError, type ErrorShape, validationError } from './errors';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'del';

/** Who may call: anyone (the route proves the caller itself, e.g. the Bot Connector JWT), or API keys of these roles. */
export type RouteAuth = 'none' | readonly ApiKeyRole[];

export interface ResponseDoc {
  description: string;
  /** The body's schema (its output side is what is sent); absent for an empty or free-form body. */
  schema?: z.ZodType;
  example?: unknown;
  /** application/json unless given. */
  contentType?: string;
  /** OpenAPI links: what a client (or a stateful fuzzer) can call next with what this answer holds. */
  links?: Readonly<Record<string, ResponseLink>>;
}

export interface ResponseLink {
  /** `${method} ${OpenAPI path}`, the operationId the document gives, e.g. "get /api/admin/people/{phone}". */
  operationId: string;
  /** Parameter name → runtime expression, e.g. { phone: '$response.body#/phoneE164' }. */
  parameters: Readonly<Record<string, string>>;
  description?: string;
}

/**
 * One HTTP route, described once: its path, query, headers and body are each one zod schema, which both
 * validates the request and is published in /openapi.json. A request that fails one is a 400 naming the field
 * before the handler runs. Statuses every route of its kind can answer (400 when anything is validated;
 * 401/403/503 behind an API key; 500) are added by the server; list the route's own here.
 */
export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, H extends z.ZodType, B extends z.ZodType> {
  method: HttpMethod;
  /** restify syntax: /api/admin/people/:phone */
  path: string;
  summary: string;
  description?: string;
  tags: readonly string[];
  auth: RouteAuth;
  params?: P;
  query?: Q;
  headers?: H;
  body?: B;
  /**
   * Whether a request without a body is refused (400 naming the body) before the schema sees it; true unless
   * said otherwise. False for a body every field of which is optional and that clients may leave out entirely.
   */
  bodyRequired?: boolean;
  /** json (default), or csv: the body is the text as sent, handed to `body` as a string. */
  bodyType?: 'json' | 'csv';
  responses: Readonly<Record<number, ResponseDoc>>;
  /** The shape of its error bodies: ours (default), or Direct Line's `{ error: { code, message } }` for its clients. */
  errorBody?: ErrorShape;
  /** Documented examples of a request; the OpenAPI test checks each passes its schema. */
  examples?: { params?: z.input<P>; query?: z.input<Q>; headers?: z.input<H>; body?: z.input<B> };
}

type Parsed<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface RouteInput<P, Q, H, B> {
  params: Parsed<P>;
  query: Parsed<Q>;
  headers: Parsed<H>;
  body: Parsed<B>;
  req: Request;
  res: Response;
}

export interface RouteDefinition {
  readonly spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType, z.ZodType>;
  readonly handle: (req: Request, res: Response) => Promise<void>;
}

/**
 * A route: its description and its handler, which receives what the schemas produced. Throw `ApiError` for an
 * answer other than success (404, 409…); anything else thrown goes to the server's one error formatter
 * (a database outage becomes 503).
 */
export function defineRoute<
  P extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  H extends z.ZodType = z.ZodUndefined,
  B extends z.ZodType = z.ZodUndefined,
>(spec: RouteSpec<P, Q, H, B>, handler: (input: RouteInput<P, Q, H, B>) => Promise<void> | void): RouteDefinition {
  const parse = <S extends z.ZodType>(schema: S | undefined, value: unknown): Parsed<S> => {
    if (!schema) return undefined as Parsed<S>;
    const result = schema.safeParse(value);
    if (!result.success) throw validationError(result.error);
    return result.data as Parsed<S>;
  };
  return {
    spec: spec,
    handle: async (req, res) => {
      const params = parse(spec.params, req.params ?? {});
      const query = parse(spec.query, req.query ?? {});
      const headers = parse(spec.headers, req.headers);
      if (spec.body && spec.bodyRequired !== false && isAbsent(req.body)) {
        throw ApiError.invalid('(body)', `a ${spec.bodyType === 'csv' ? 'text/csv' : 'JSON'} body is required`);
      }
      const body = parse(spec.body, spec.bodyType === 'csv' ? textOf(req.body) : req.body);
      await handler({ params, query, headers, body, req, res });
    },
  };
}

/** restify's body parser leaves `body` unset, or an empty string, when the request carried none. */
function isAbsent(body: unknown): boolean {
  return body === undefined || body === '' || (Buffer.isBuffer(body) && body.length === 0);
}

function textOf(body: unknown): string {
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  throw ApiError.invalid('(body)', 'expected a text/csv body');
}

/** restify path syntax → OpenAPI's: /people/:phone → /people/{phone}. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** Puts each route on the server, behind its API-key check when it has one. */
export function mountRoutes(server: Server, keys: ApiKeyStore, routes: readonly RouteDefinition[]): void {
  for (const route of routes) {
    const chain: RequestHandler[] = route.spec.auth === 'none' ? [] : [requireRole(keys, route.spec.auth)];
    // restify tells a handler that ends by its promise from one that calls next() by being an async function.
    chain.push(async (req: Request, res: Response) => route.handle(req, res));
    server[route.spec.method](route.spec.path, ...chain);
  }
}
