import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Collection } from 'mongodb';
import { z } from 'zod';

export const API_KEY_ROLES = ['admin', 'agent'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

export interface ApiKeyDocument {
  _id: string;
  role: ApiKeyRole;
  label: string;
  /** sha256 of the secret part. Keys are 256-bit random, so a fast hash is enough: there is nothing to brute-force. */
  secretHash: string;
  createdAt: Date;
  revokedAt: Date | null;
  /** The agent (services/handoff/agents.ts) an agent key speaks for; absent on keys made before agents existed. */
  agentId?: string | null;
}

export interface ApiKeyIdentity {
  keyId: string;
  role: ApiKeyRole;
  label: string;
  agentId?: string | null;
}

/** What may be shown of a stored key: never its hash. */
export interface ApiKeyRecord extends ApiKeyIdentity {
  agentId: string | null;
  createdAt: Date;
  revokedAt: Date | null;
}

function toRecord(d: ApiKeyDocument): ApiKeyRecord {
  return { keyId: d._id, role: d.role, label: d.label, agentId: d.agentId ?? null, createdAt: d.createdAt, revokedAt: d.revokedAt };
}

export interface IssuedApiKey extends ApiKeyIdentity {
  /** Shown once; only its hash is stored. */
  key: string;
}

// "cbk_<id>_<secret>": the id finds the record without scanning, the secret is compared in constant time.
const KEY_FORMAT = /^cbk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

const storedKey = z.object({
  _id: z.string(),
  role: z.enum(API_KEY_ROLES),
  label: z.string(),
  secretHash: z.string().length(64),
  revokedAt: z.date().nullable(),
  agentId: z.string().nullish(),
});

function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

export class ApiKeyStore {
  constructor(private readonly keys: Collection<ApiKeyDocument>) {}

  async create(role: ApiKeyRole, label: string, options: { agentId?: string } = {}): Promise<IssuedApiKey> {
    const keyId = randomBytes(9)
      .toString('base64url')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '0')
      .slice(0, 12);
    const secret = randomBytes(32).toString('base64url');
    await this.keys.insertOne({
      _id: keyId,
      role,
      label,
      secretHash: hashSecret(secret).toString('hex'),
      createdAt: new Date(),
      revokedAt: null,
      ...(options.agentId ? { agentId: options.agentId } : {}),
    });
    return { keyId, role, label, key: `cbk_${keyId}_${secret}`, ...(options.agentId ? { agentId: options.agentId } : {}) };
  }

  /** The identity behind a presented key, or null when it is malformed, unknown, revoked or wrong. */
  async verify(presented: string): Promise<ApiKeyIdentity | null> {
    const match = KEY_FORMAT.exec(presented.trim());
    if (!match) return null;
    const [, keyId, secret] = match as unknown as [string, string, string];
    const found = storedKey.safeParse(await this.keys.findOne({ _id: keyId }));
    if (!found.success || found.data.revokedAt !== null) return null;
    const expected = Buffer.from(found.data.secretHash, 'hex');
    if (!timingSafeEqual(expected, hashSecret(secret))) return null;
    return { keyId, role: found.data.role, label: found.data.label, agentId: found.data.agentId ?? null };
  }

  async revoke(keyId: string): Promise<boolean> {
    const result = await this.keys.updateOne({ _id: keyId, revokedAt: null }, { $set: { revokedAt: new Date() } });
    return result.modifiedCount === 1;
  }

  /**
   * Revokes a key unless that would leave no active admin key (nobody could then use the admin API). Two admins
   * revoking the last two admin keys at once must not both win, and a count before the write cannot see the
   * other's write: so revoke, count after, and put the key back when none is left (both may then be refused).
   */
  async revokeKeepingAnAdmin(keyId: string): Promise<'revoked' | 'already_revoked' | 'unknown' | 'last_admin'> {
    const key = await this.get(keyId);
    if (!key) return 'unknown';
    if (key.revokedAt !== null) return 'already_revoked';
    if (key.role === 'admin' && (await this.countActive('admin')) <= 1) return 'last_admin';
    const revokedAt = new Date();
    const result = await this.keys.updateOne({ _id: keyId, revokedAt: null }, { $set: { revokedAt } });
    if (result.modifiedCount !== 1) return 'already_revoked';
    if (key.role === 'admin' && (await this.countActive('admin')) === 0) {
      await this.keys.updateOne({ _id: keyId, revokedAt }, { $set: { revokedAt: null } });
      return 'last_admin';
    }
    return 'revoked';
  }

  /** A key's record without its hash (who saved a version, what a revocation would touch), or null when unknown. */
  async get(keyId: string): Promise<ApiKeyRecord | null> {
    const document = await this.keys.findOne({ _id: keyId });
    return document ? toRecord(document) : null;
  }

  async list(): Promise<ApiKeyRecord[]> {
    const documents = await this.keys.find({}, { sort: { createdAt: 1 } }).toArray();
    return documents.map(toRecord);
  }

  async countActive(role: ApiKeyRole): Promise<number> {
    return this.keys.countDocuments({ role, revokedAt: null });
  }
}
