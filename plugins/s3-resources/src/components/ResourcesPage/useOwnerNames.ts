import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';

/** An owner's short name when the catalog has no title for it: `team-a`. */
export function shortOwnerName(ref: string): string {
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}

/**
 * The catalog titles of the owners on a page, in one batched request. Until
 * (or unless) the catalog answers, owners show by their short name.
 */
export function useOwnerNames(refs: string[]): (ref: string) => string {
  const catalogApi = useApi(catalogApiRef);
  const key = [...new Set(refs)].sort().join('\n');
  const { value: titles } = useAsync(async () => {
    const entityRefs = key ? key.split('\n') : [];
    if (!entityRefs.length) return new Map<string, string>();
    const { items } = await catalogApi.getEntitiesByRefs({
      entityRefs,
      fields: ['kind', 'metadata.namespace', 'metadata.name', 'metadata.title'],
    });
    const found = new Map<string, string>();
    items.forEach(entity => {
      if (entity?.metadata.title) {
        found.set(stringifyEntityRef(entity), entity.metadata.title);
      }
    });
    return found;
  }, [catalogApi, key]);
  return ref => titles?.get(ref) ?? shortOwnerName(ref);
}
