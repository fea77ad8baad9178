import helmet from 'helmet';
import type { Request, Response, Server } from 'restify';
import type { RateLimit, RateLimiter } from '../../services/rateLimit/rateLimiter';
import { ApiError } from './errors';

export interface PublicGuardOptions {
  limiter: RateLimiter;
  perIp: RateLimit;
  /** Per person on the message endpoint: channel and account id of the sender. */
  perPerson: RateLimit;
  /**
   * Whether /api/messages is limited per IP too. Not when Bot Framework authentication is on: then every
   * activity comes from Azure Bot Service's few addresses, and only the per-person limit means anything.
   */
  perIpOnMessages: boolean;
  /** Proxies in front of us (load balancer, ingress): the client is that many hops back in X-Forwarded-For. */
  trustedProxyHops: number;
}

/** Routes only our own operators call, with API keys, and probes: not rate limited per IP. */
const PRIVATE_PREFIXES = ['/api/admin', '/api/agent', '/healthz', '/readyz', '/metrics'];

/** Whether requests to this path are counted (and may be answered 429): every public one. */
export function isRateLimitedPath(path: string): boolean {
  return !PRIVATE_PREFIXES.some((prefix) => path.startsWith(prefix));
}

/**
 * What every request passes before its route: security headers on every response, bodies whose keys
 * look like MongoDB operators refused, and rate limits on the public endpoints (per IP, and per person
 * on /api/messages), counted in MongoDB so replicas share them. Registered after the body parser.
 */
export function registerPublicGuards(server: Server, options: PublicGuardOptions): void {
  const headers = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        frameAncestors: ["'none'"],
      },
    },
  });
  server.use((req: Request, res: Response, next) => {
    headers(req, res, () => next());
  });

  server.use((req: Request, res: Response, next) => {
    const operator = operatorKeyIn(req.body, '');
    if (operator !== undefined) {
      // To the server's one error listener, which answers in the shape of the route asked (Direct Line's on its routes).
      return next(ApiError.invalid(operator, 'field names may not start with "$"'));
    }
    return next();
  });

  server.use((req: Request, res: Response, next) => {
    const path = req.path();
    if (!isRateLimitedPath(path)) return next();
    const subjects: Array<[string, RateLimit]> = [];
    if (path !== '/api/messages' || options.perIpOnMessages) {
      subjects.push([`ip:${clientAddress(req, options.trustedProxyHops)}`, options.perIp]);
    }
    const body = req.body as { channelId?: unknown; from?: { id?: unknown } } | undefined;
    if (path === '/api/messages' && typeof body?.channelId === 'string' && typeof body.from?.id === 'string') {
      subjects.push([`person:${body.channelId}:${body.from.id}`, options.perPerson]);
    }
    for (const [subject, rule] of subjects) {
      const verdict = options.limiter.hit(subject, rule);
      if (!verdict.allowed) {
        res.setHeader('retry-after', String(verdict.retryAfterS));
        return next(new ApiError({ code: 'TooManyRequests', message: `too many requests; try again in ${verdict.retryAfterS} s` }));
      }
    }
    return next();
  });
}

/** The path of the first key starting with "$" (a MongoDB operator smuggled into a body), if any. */
function operatorKeyIn(value: unknown, path: string, depth = 0): string | undefined {
  if (depth > 32 || typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = operatorKeyIn(value[i], `${path}${path ? '.' : ''}${i}`, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, inner] of Object.entries(value)) {
    const here = `${path}${path ? '.' : ''}${key}`;
    if (key.startsWith('$')) return here;
    const found = operatorKeyIn(inner, here, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The client's address: the socket's, or with proxies in front, the one the outermost trusted proxy saw. */
function clientAddress(req: Request, trustedHops: number): string {
  const socket = req.socket.remoteAddress ?? 'unknown';
  if (trustedHops === 0) return socket;
  const header = req.header('x-forwarded-for');
  const hops = (header ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  // Each trusted proxy appends the address it received from; entries left of those are the client's claims.
  return hops[hops.length - trustedHops] ?? socket;
}
