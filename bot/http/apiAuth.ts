import type { Next, Request, RequestHandler, Response } from 'restify';
import type { ApiKeyIdentity, ApiKeyRole, ApiKeyStore } from '../../services/auth/apiKeys';
import { ApiError } from './errors';

const identities = new WeakMap<Request, ApiKeyIdentity>();

/** The key holder of an authenticated request (set by requireRole). */
export function callerOf(req: Request): ApiKeyIdentity {
  const identity = identities.get(req);
  if (!identity) throw new Error('route is missing requireRole()');
  return identity;
}

function presentedKey(req: Request): string | undefined {
  const header = req.header('x-api-key');
  if (header) return header;
  const authorization = req.header('authorization');
  return authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : undefined;
}

/** 401 without a valid key (X-Api-Key or Authorization: Bearer), 403 when the key's role may not do this. */
export function requireRole(keys: ApiKeyStore, roles: readonly ApiKeyRole[]): RequestHandler {
  return (req: Request, _res: Response, next: Next) => {
    const key = presentedKey(req);
    if (!key) {
      return next(new ApiError({ code: 'Unauthenticated', message: 'an API key is required (X-Api-Key header)' }));
    }
    keys.verify(key).then(
      (identity) => {
        if (!identity) {
          return next(new ApiError({ code: 'Unauthenticated', message: 'the API key is not valid' }));
        }
        if (!roles.includes(identity.role)) {
          return next(new ApiError({ code: 'Forbidden', message: `this needs a key with role ${roles.join(' or ')}` }));
        }
        identities.set(req, identity);
        return next();
      },
      // The key cannot be checked: refused, by the server's error formatter (an outage is a 503).
      (error: unknown) => next(error instanceof Error ? error : new Error(String(error))),
    );
  };
}
