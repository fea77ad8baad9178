import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * What a local Direct Line token says: which conversation it opens and which user speaks in it. The
 * user id is ours, minted with the token; whatever `from.id` a page sends is replaced by this one.
 */
const grantSchema = z.strictObject({
  v: z.literal(1),
  conversationId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  userId: z.string().regex(/^dl_[A-Za-z0-9_-]{16,64}$/),
  /** The browser's language, so the greeting (sent before the person writes) is in it. */
  locale: z.string().max(35).optional(),
  issuedAt: z.number().int(),
  expiresAt: z.number().int(),
});
export type DirectLineGrant = z.infer<typeof grantSchema>;

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

/** HMAC-SHA256 signed tokens: `<base64url payload>.<base64url signature>`; no state kept per token. */
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
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined) throw new DirectLineTokenError('malformed');
    const expected = this.signature(payload);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new DirectLineTokenError('bad_signature');
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      throw new DirectLineTokenError('malformed');
    }
    const grant = grantSchema.safeParse(parsed);
    if (!grant.success) throw new DirectLineTokenError('malformed');
    if (this.clock().getTime() >= grant.data.expiresAt * 1000) throw new DirectLineTokenError('expired');
    return grant.data;
  }

  private sign(subject: Pick<DirectLineGrant, 'conversationId' | 'userId' | 'locale'>): IssuedToken {
    const now = Math.floor(this.clock().getTime() / 1000);
    const grant: DirectLineGrant = { v: 1, ...subject, issuedAt: now, expiresAt: now + this.ttlSeconds };
    const payload = Buffer.from(JSON.stringify(grant)).toString('base64url');
    return { token: `${payload}.${this.signature(payload).toString('base64url')}`, grant, expiresIn: this.ttlSeconds };
  }

  private signature(payload: string): Buffer {
    return createHmac('sha256', this.secret).update(`directline-token:${payload}`).digest();
  }
}

function randomId(): string {
  return randomBytes(18).toString('base64url');
}
