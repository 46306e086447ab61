import { ResourceRow, ResourceStore } from '../database/ResourceStore';
import { StoredAuth, accessKeyIdOf } from './resourceView';

/** Another resource, by name: what a finding may say of it. */
/** Another resource storing the key; its owner decides whether it is named. */
export type ResourceName = { id: string; name: string; owner: string };

/** One key on one service: the same key ID on another endpoint is another key. */
const keyOf = (
  row: Pick<ResourceRow, 'provider' | 'endpointKey'>,
  accessKeyId: string,
) => JSON.stringify([row.provider, row.endpointKey, accessKeyId]);

/**
 * For each row that signs with an access key (its own or its role's
 * source), the other resources that sign with the same key on the same
 * service, by name; rows without a key have no entry. One store query for
 * all the rows.
 */
export async function keySharingOf(
  store: Pick<ResourceStore, 'usingAccessKeys'>,
  rows: ResourceRow[],
): Promise<Map<string, ResourceName[]>> {
  const keyIds = rows.flatMap(row => {
    const id = accessKeyIdOf(row.auth as StoredAuth);
    return id ? [id] : [];
  });
  const users = new Map<string, ResourceName[]>();
  for (const other of await store.usingAccessKeys(keyIds)) {
    const id = accessKeyIdOf(other.auth as StoredAuth);
    if (!id) continue;
    const key = keyOf(other, id);
    users.set(key, [
      ...(users.get(key) ?? []),
      { id: other.id, name: other.name, owner: other.owner },
    ]);
  }
  const out = new Map<string, ResourceName[]>();
  for (const row of rows) {
    const id = accessKeyIdOf(row.auth as StoredAuth);
    if (!id) continue;
    out.set(
      row.id,
      (users.get(keyOf(row, id)) ?? []).filter(r => r.id !== row.id),
    );
  }
  return out;
}
