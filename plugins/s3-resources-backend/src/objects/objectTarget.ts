import { ResourceRow } from '../database/ResourceStore';
import { SecretMaterial } from '../service/ResourceCredentials';
import { storedTarget } from '../service/storedTarget';
import { SessionTarget } from './BucketSessions';

/**
 * The resource's bucket and credentials for a session; the cache key
 * changes with every update (version) and every new secret.
 */
export function objectTarget(
  row: ResourceRow,
  secret: SecretMaterial | undefined,
): SessionTarget {
  const { settings, auth } = storedTarget(row, secret);
  return {
    cacheKey: `${row.id}:${row.version}:${row.secretChangedAt ?? ''}`,
    settings,
    auth,
  };
}
