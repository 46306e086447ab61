import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  Button,
  Cell,
  ColumnConfig,
  Combobox,
  DatePicker,
  DatePickerProps,
  Flex,
  Link,
  Select,
  Table,
  Text,
  TextField,
  useTable,
} from '@backstage/ui';
import {
  AUDIT_ACTIONS,
  AuditRecord,
  auditActionLabel,
} from '@s3-resources/plugin-s3-resources-common';
import { useEffect, useMemo, useRef, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { AuditQuery, s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { resourceRouteRef } from '../../routes';
import { ErrorAlert } from '../common/ErrorAlert';
import { TextCell } from '../common/TextCell';
import { ExportButtons } from '../common/ExportButtons';
import { formatDateTime } from '../common/time';
import { auditResult } from './auditResult';

/** A calendar date as the date pickers hand it out. */
export type DateValue = NonNullable<
  Parameters<NonNullable<DatePickerProps['onChange']>>[0]
>;

export type TrailFilter = {
  actor?: string;
  action?: string;
  resourceId?: string;
  since?: DateValue | null;
  until?: DateValue | null;
};

const ANY = 'any';
const ACTION_OPTIONS = [
  { id: ANY, label: 'Any action' },
  ...AUDIT_ACTIONS.map(a => ({ id: a.action, label: a.label })),
];

const timeZone = () => new Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Since the start of `since`, until the end of `until`, in the reader's time zone. */
export function trailQuery(filter: TrailFilter): AuditQuery {
  return {
    actor: filter.actor?.trim() || undefined,
    action: filter.action || undefined,
    resourceId: filter.resourceId || undefined,
    since: filter.since
      ? filter.since.toDate(timeZone()).toISOString()
      : undefined,
    until: filter.until
      ? filter.until.add({ days: 1 }).toDate(timeZone()).toISOString()
      : undefined,
  };
}

function isFiltered(filter: TrailFilter) {
  return Object.values(trailQuery(filter)).some(v => v !== undefined);
}

/** Keeps typing from sending a request per key stroke. */
function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** Registered resources to pick from (the first 500 by name). */
export function ResourcePicker(props: {
  value?: string;
  onChange: (id: string | undefined) => void;
}) {
  const api = useApi(s3ResourcesApiRef);
  const { value: page, loading } = useAsync(
    () => api.listResources({ limit: 500 }),
    [api],
  );
  const options = useMemo(() => {
    const list = (page?.items ?? []).map(r => ({
      id: r.id,
      label: r.title ?? r.name,
      description: r.bucket,
    }));
    if (props.value && !list.some(o => o.id === props.value)) {
      return [{ id: props.value, label: props.value }, ...list];
    }
    return list;
  }, [page, props.value]);
  return (
    <Combobox
      label="Resource"
      placeholder={loading ? 'Loading resources…' : 'Any resource'}
      options={options}
      value={props.value ?? null}
      onChange={key => props.onChange(key ? String(key) : undefined)}
      search
      style={{ minWidth: 220 }}
    />
  );
}

/**
 * The whole audit trail (platform group), newest first, with filters and
 * server paging; the export takes the same filters.
 */
export function AuditTrail(props: {
  filter: TrailFilter;
  onFilterChange: (filter: TrailFilter) => void;
  refreshKey?: number;
}) {
  const api = useApi(s3ResourcesApiRef);
  const resourceLink = useRouteRef(resourceRouteRef);
  const { filter, onFilterChange } = props;

  // The actor is typed: the table follows once typing pauses.
  const [actorText, setActorText] = useState(filter.actor ?? '');
  const actor = useDebounced(actorText, 400);
  useEffect(() => {
    if ((filter.actor ?? '') !== actor) {
      onFilterChange({ ...filter, actor: actor || undefined });
    }
    // Only a settled actor text updates the filter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [actor]);

  const query = useMemo(() => trailQuery(filter), [filter]);
  const { tableProps, reload } = useTable<AuditRecord, AuditQuery>({
    mode: 'cursor',
    filter: query,
    getData: async ({ cursor, pageSize, filter: q }) => {
      const page = await api.listAudit({ ...q, cursor, limit: pageSize });
      return { data: page.items, nextCursor: page.nextCursor };
    },
    paginationOptions: { pageSize: 50, pageSizeOptions: [50, 100, 200] },
  });

  const firstRefresh = useRef(props.refreshKey);
  useEffect(() => {
    if (props.refreshKey !== firstRefresh.current) reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.refreshKey]);

  const columns: ColumnConfig<AuditRecord>[] = [
    {
      id: 'at',
      label: 'When',
      defaultWidth: '1.1fr',
      isRowHeader: true,
      cell: r => <TextCell title={formatDateTime(r.at)} />,
    },
    {
      id: 'actor',
      label: 'Who',
      defaultWidth: '1.2fr',
      cell: r => <TextCell title={r.actor} />,
    },
    {
      id: 'action',
      label: 'Action',
      defaultWidth: '1.2fr',
      cell: r => (
        <TextCell
          title={auditActionLabel(r.action)}
          description={
            r.changedFields?.length
              ? `changed ${r.changedFields.join(', ')}`
              : undefined
          }
        />
      ),
    },
    {
      id: 'resource',
      label: 'Resource',
      defaultWidth: '1.2fr',
      cell: r =>
        r.resourceId ? (
          <Cell>
            <Link href={resourceLink({ id: r.resourceId })}>
              {r.resourceName ?? r.resourceId}
            </Link>
          </Cell>
        ) : (
          <TextCell title={r.resourceName ?? '—'} />
        ),
    },
    {
      id: 'outcome',
      label: 'Result',
      defaultWidth: '1.6fr',
      cell: r => <TextCell title={auditResult(r)} description={r.message} />,
    },
  ];

  const clear = () => {
    setActorText('');
    onFilterChange({});
  };

  return (
    <Flex direction="column" gap="3">
      <Text as="p" color="secondary">
        Every registration, change, test, import, export and sweep, successful
        or not, newest first. Secret values are never recorded.
      </Text>
      <Flex
        gap="3"
        align="end"
        style={{ flexWrap: 'wrap' }}
        role="search"
        aria-label="Filter the audit trail"
      >
        <TextField
          label="Actor"
          placeholder="user:default/alice"
          value={actorText}
          onChange={setActorText}
          style={{ minWidth: 180 }}
        />
        <Select
          label="Action"
          options={ACTION_OPTIONS}
          value={filter.action ?? ANY}
          onChange={key =>
            onFilterChange({
              ...filter,
              action: key && key !== ANY ? String(key) : undefined,
            })
          }
          style={{ minWidth: 200 }}
        />
        <ResourcePicker
          value={filter.resourceId}
          onChange={resourceId => onFilterChange({ ...filter, resourceId })}
        />
        <DatePicker
          label="Since"
          value={filter.since ?? null}
          onChange={since => onFilterChange({ ...filter, since })}
        />
        <DatePicker
          label="Until"
          value={filter.until ?? null}
          onChange={until => onFilterChange({ ...filter, until })}
        />
        {isFiltered(filter) && (
          <Button variant="tertiary" onPress={clear}>
            Clear
          </Button>
        )}
      </Flex>
      <ExportButtons
        what="the audit trail"
        filename="s3-resources-audit"
        onExport={format => api.exportAudit(query, format)}
      />
      {tableProps.error ? (
        <ErrorAlert
          error={tableProps.error}
          action="load the audit trail"
          onRetry={reload}
        />
      ) : (
        <div role="region" aria-label="Audit trail">
          <Table
            {...tableProps}
            columnConfig={columns}
            emptyState={
              <Flex p="4">
                <Text as="p">
                  {isFiltered(filter)
                    ? 'No audit records match these filters.'
                    : 'No audit records yet.'}
                </Text>
              </Flex>
            }
          />
        </div>
      )}
    </Flex>
  );
}
