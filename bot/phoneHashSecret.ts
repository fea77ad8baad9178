import { keptSecret } from './keptSecret';

/**
 * The secret that salts phone-number hashes. Given in the environment in production; for the embedded
 * database it is generated once and kept beside the data, because a new secret would orphan every hash.
 */
export function phoneHashSecret(configured: string | undefined, dataDir: string): string {
  return keptSecret(configured, dataDir, 'phone-hash-secret');
}
