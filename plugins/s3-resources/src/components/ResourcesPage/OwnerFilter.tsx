import { stringifyEntityRef } from '@backstage/catalog-model';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { Combobox } from '@backstage/ui';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';

const MAX_OWNERS = 500;

/**
 * Owner filter: groups and users from the catalog, searchable, listed as
 * soon as it opens (no typing needed), the user's own groups first. Also the
 * owner picker of the import form (with its own label).
 */
export function OwnerFilter(props: {
  value?: string;
  onChange: (owner: string | undefined) => void;
  label?: string;
  placeholder?: string;
  description?: string;
}) {
  const catalogApi = useApi(catalogApiRef);
  const identityApi = useApi(identityApiRef);
  const { value: owners, loading } = useAsync(async () => {
    const [response, mine] = await Promise.all([
      catalogApi.queryEntities({
        filter: { kind: ['Group', 'User'] },
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'metadata.title',
        ],
        orderFields: { field: 'metadata.name', order: 'asc' },
        limit: MAX_OWNERS,
      }),
      identityApi
        .getBackstageIdentity()
        .then(identity => identity.ownershipEntityRefs)
        .catch(() => [] as string[]),
    ]);
    const all = response.items.map(entity => ({
      id: stringifyEntityRef(entity),
      label: entity.metadata.title ?? stringifyEntityRef(entity),
      description: entity.metadata.title
        ? stringifyEntityRef(entity)
        : undefined,
    }));
    return { all, mine: new Set(mine) };
  }, [catalogApi, identityApi]);

  const options = useMemo(() => {
    const list = owners?.all ?? [];
    // Keep a value from the URL selectable even if the catalog does not list it.
    const others =
      props.value && !list.some(o => o.id === props.value)
        ? [{ id: props.value, label: props.value }, ...list]
        : list;
    const yours = others.filter(o => owners?.mine.has(o.id));
    if (!yours.length) return others;
    return [
      { title: 'Yours', options: yours },
      {
        title: 'Everyone',
        options: others.filter(o => !owners?.mine.has(o.id)),
      },
    ];
  }, [owners, props.value]);

  return (
    <Combobox
      label={props.label ?? 'Owner'}
      description={props.description}
      placeholder={
        loading ? 'Loading owners…' : props.placeholder ?? 'Any owner'
      }
      options={options}
      value={props.value ?? null}
      onChange={key => props.onChange(key ? String(key) : undefined)}
      search
      // Text typed before the owners arrive would be reset when they do.
      isDisabled={loading}
      style={{ minWidth: 220 }}
    />
  );
}
