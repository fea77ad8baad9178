import type { Next, Request, RequestHandler, Response } from 'restify';
import type { ApiKeyIdentity, ApiKeyRole, ApiKeyStore } from '../../services/auth/apiKeys';
import { sendError } from './errors';

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
  return (req: Request, res: Response, next: Next) => {
    const key = presentedKey(req);
    if (!key) {
      sendError(res, 401, { code: 'Unauthenticated', message: 'an API key is required (X-Api-Key header)' });
      return next(false);
    }
    keys.verify(key).then(
      (identity) => {
        if (!identity) {
          sendError(res, 401, { code: 'Unauthenticated', message: 'the API key is not valid' });
          return next(false);
        }
        if (!roles.includes(identity.role)) {
          sendError(res, 403, { code: 'Forbidden', message: `this needs a key with role ${roles.join(' or ')}` });
          return next(false);
        }
        identities.set(req, identity);
        return next();
      },
      // The key cannot be checked: refuse, as unavailable rather than as a server fault.
      () => {
        sendError(res, 503, { code: 'Unavailable', message: 'the database is not answering; try again shortly' });
        return next(false);
      },
    );
  };
}
