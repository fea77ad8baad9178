import type { Request } from 'restify';

/**
 * Whether a browser page may ask for a Web Chat token: a request from our own origin, or from one of the
 * configured trusted origins (a site that embeds the chat). A request with no Origin header is not a
 * cross-site browser request (curl, a server, a same-origin navigation) and is let through.
 */
export function isTrustedOrigin(req: Request, trustedOrigins: readonly string[]): boolean {
  const origin = req.header('origin');
  if (!origin) return true;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  const ownHost = String(req.header('x-forwarded-host') ?? req.header('host') ?? '')
    .split(',')[0]
    ?.trim();
  if (ownHost && originHost === ownHost) return true;
  return trustedOrigins.includes(origin.replace(/\/$/, ''));
}
