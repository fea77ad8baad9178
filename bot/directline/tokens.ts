import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';

/**
 * What a local Direct Line token says: which conversation it opens and which user speaks in it. The
 * user id is ours, minted with the token; whatever `from.id` a page sends is replaced by this one.
 */
export interface DirectLineGrant {
  conversationId: string;
  userId: string;
  /** The browser's language, so the greeting (sent before the person writes) is in it. */
  locale?: string;
  issuedAt: number;
  expiresAt: number;
}

// The token is a standard JWT (HS256): `sub` the user, `conv` the conversation, `iat`/`exp` its lifetime.
const claimsSchema = z.object({
  sub: z.string().regex(/^dl_[A-Za-z0-9_-]{16,64}$/),
  conv: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  locale: z.string().max(35).optional(),
  iat: z.number().int(),
  exp: z.number().int(),
});
const AUDIENCE = 'directline';
const ISSUER = 'callback-bot';

export type TokenRefusal = 'malformed' | 'bad_signature' | 'expired';

export class DirectLineTokenError extends Error {
  constructor(readonly reason: TokenRefusal) {
    super(`direct line token refused: ${reason}`);
    this.name = 'DirectLineTokenError';
  }
}

export interface IssuedToken {
  token: string;
  grant: DirectLineGrant;
  /** Seconds, as Direct Line's `expires_in`. */
  expiresIn: number;
}

/** Signed JWTs (HS256, jsonwebtoken): no state kept per token. */
export class DirectLineTokens {
  constructor(
    private readonly secret: string,
    private readonly ttlSeconds: number,
    private readonly clock: () => Date,
  ) {
    if (secret.length < 16) throw new Error('the Direct Line token secret needs at least 16 characters');
  }

  /** A new conversation with a new user in it. */
  issue(locale?: string): IssuedToken {
    return this.sign({ conversationId: randomId(), userId: `dl_${randomId()}`, ...(locale ? { locale } : {}) });
  }

  /** The same conversation and user, with a new expiry; only a token still valid may be refreshed. */
  refresh(token: string): IssuedToken {
    const grant = this.verify(token);
    return this.sign({ conversationId: grant.conversationId, userId: grant.userId, ...(grant.locale ? { locale: grant.locale } : {}) });
  }

  secondsLeft(grant: DirectLineGrant): number {
    return Math.max(0, grant.expiresAt - Math.floor(this.clock().getTime() / 1000));
  }

  verify(token: string): DirectLineGrant {
    let decoded: unknown;
    try {
      decoded = jwt.verify(token, this.secret, {
        algorithms: ['HS256'],
        audience: AUDIENCE,
        issuer: ISSUER,
        clockTimestamp: Math.floor(this.clock().getTime() / 1000),
        clockTolerance: 0,
      });
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) throw new DirectLineTokenError('expired');
      if (error instanceof jwt.JsonWebTokenError && /signature/.test(error.message)) throw new DirectLineTokenError('bad_signature');
      throw new DirectLineTokenError('malformed');
    }
    const claims = claimsSchema.safeParse(decoded);
    if (!claims.success) throw new DirectLineTokenError('malformed');
    const { sub, conv, locale, iat, exp } = claims.data;
    return { conversationId: conv, userId: sub, ...(locale ? { locale } : {}), issuedAt: iat, expiresAt: exp };
  }

  private sign(subject: Pick<DirectLineGrant, 'conversationId' | 'userId' | 'locale'>): IssuedToken {
    const now = Math.floor(this.clock().getTime() / 1000);
    const grant: DirectLineGrant = { ...subject, issuedAt: now, expiresAt: now + this.ttlSeconds };
    const token = jwt.sign(
      { conv: grant.conversationId, ...(grant.locale ? { locale: grant.locale } : {}), iat: now, exp: grant.expiresAt },
      this.secret,
      { algorithm: 'HS256', subject: grant.userId, audience: AUDIENCE, issuer: ISSUER },
    );
    return { token, grant, expiresIn: this.ttlSeconds };
  }
}

function randomId(): string {
  return randomBytes(18).toString('base64url');
}
