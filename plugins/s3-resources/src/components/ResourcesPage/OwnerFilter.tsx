import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { Combobox } from '@backstage/ui';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';

const MAX_OWNERS = 500;

/**
 * Owner filter: groups and users from the catalog, searchable. Also the
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
  const { value: owners, loading } = useAsync(async () => {
    const response = await catalogApi.queryEntities({
      filter: { kind: ['Group', 'User'] },
      fields: ['kind', 'metadata.namespace', 'metadata.name', 'metadata.title'],
      orderFields: { field: 'metadata.name', order: 'asc' },
      limit: MAX_OWNERS,
    });
    return response.items.map(entity => ({
      id: stringifyEntityRef(entity),
      label: entity.metadata.title ?? stringifyEntityRef(entity),
      description: entity.metadata.title
        ? stringifyEntityRef(entity)
        : undefined,
    }));
  }, [catalogApi]);

  const options = useMemo(() => {
    const list = owners ?? [];
    // Keep a value from the URL selectable even if the catalog does not list it.
    if (props.value && !list.some(o => o.id === props.value)) {
      return [{ id: props.value, label: props.value }, ...list];
    }
    return list;
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
