import type { ApiKeyStore } from '../../services/auth/apiKeys';
import { ApiError } from './errors';

/** The version in force when a save lost: which one, the key that wrote it, and when. */
export interface VersionInForce {
  version: number;
  changedBy: string;
  changedAt: string;
}

/**
 * The 412 (a stale If-Match) or 409 (two writers at once) of a versioned save — a rule set, a team — saying which
 * version is in force and who saved it first, by the label of their key.
 */
export async function versionConflict(
  status: 409 | 412,
  message: string,
  current: VersionInForce | null,
  keys: Pick<ApiKeyStore, 'get'>,
): Promise<ApiError> {
  if (!current) return new ApiError(status, { code: 'VersionConflict', message, current: null });
  const changedByLabel = (await keys.get(current.changedBy))?.label ?? null;
  return new ApiError(status, {
    code: 'VersionConflict',
    message: `${message}: ${changedByLabel ?? current.changedBy} saved it first, at ${current.changedAt}`,
    current: { ...current, changedByLabel },
  });
}
