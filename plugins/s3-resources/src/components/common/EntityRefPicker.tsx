import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { Combobox } from '@backstage/ui';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';

const MAX_ENTITIES = 500;

/**
 * An entity ref from the catalog, picked by searching (kinds such as Group
 * and User for an owner, System for a system), like the template's pickers.
 * Any ref typed in is kept as typed; the shared validators judge it. Options
 * are labelled with the ref (what is stored) and described by the title.
 */
export function EntityRefPicker(props: {
  label: string;
  description?: string;
  kinds: string[];
  value: string;
  onChange: (value: string) => void;
  /** The message at the field, when the value was refused. */
  error?: string;
}) {
  const catalogApi = useApi(catalogApiRef);
  const kinds = props.kinds.join(',');
  const { value: entities, loading } = useAsync(async () => {
    const response = await catalogApi.queryEntities({
      filter: { kind: kinds.split(',') },
      fields: ['kind', 'metadata.namespace', 'metadata.name', 'metadata.title'],
      orderFields: { field: 'metadata.name', order: 'asc' },
      limit: MAX_ENTITIES,
    });
    return response.items.map(entity => ({
      id: stringifyEntityRef(entity),
      label: stringifyEntityRef(entity),
      description: entity.metadata.title,
    }));
  }, [catalogApi, kinds]);

  const options = useMemo(() => {
    const list = entities ?? [];
    // The current value stays selectable even if the catalog does not list it.
    const current = props.value.trim();
    return current && !list.some(o => o.id === current)
      ? [{ id: current, label: current, description: undefined }, ...list]
      : list;
  }, [entities, props.value]);

  return (
    <Combobox
      label={props.label}
      description={props.description}
      placeholder={loading ? 'Loading from the catalog…' : undefined}
      options={options}
      value={options.some(o => o.id === props.value) ? props.value : null}
      onChange={key => {
        if (key !== null) props.onChange(String(key));
      }}
      search={{ inputValue: props.value, onInputChange: props.onChange }}
      allowsCustomValue
      validationBehavior="aria"
      validate={() => props.error ?? null}
    />
  );
}
