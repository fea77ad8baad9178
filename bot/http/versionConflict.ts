import type { ApiKeyStore } from '../../services/auth/apiKeys';
import type { VersionConflict } from '../../services/store/versionConflict';
import { ApiError } from './errors';

/**
 * The answer to a versioned save that lost (a rule set, a team): 412 when If-Match named a version no longer the
 * newest, 409 when two writers without one raced; either way saying which version is in force and who saved it
 * first, by the label of their key (null when there is none).
 */
export async function versionConflict(
  error: VersionConflict,
  ifMatch: number | undefined,
  keys: Pick<ApiKeyStore, 'get'>,
): Promise<ApiError> {
  const status = ifMatch === undefined ? 409 : 412;
  const current = error.current;
  if (!current) return new ApiError({ code: 'VersionConflict', message: error.message, current: null }, status);
  const changedByLabel = (await keys.get(current.changedBy))?.label ?? null;
  const changedAt = current.changedAt.toISOString();
  return new ApiError(
    {
      code: 'VersionConflict',
      message: `${error.message}: ${changedByLabel ?? current.changedBy} saved it first, at ${changedAt}`,
      current: { version: current.version, changedBy: current.changedBy, changedByLabel, changedAt },
    },
    status,
  );
}
