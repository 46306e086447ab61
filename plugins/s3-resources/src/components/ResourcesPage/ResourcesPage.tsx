import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  Button,
  Cell,
  CellText,
  ColumnConfig,
  Flex,
  Link,
  SearchField,
  Select,
  Table,
  SortDescriptor,
  Text,
  useTable,
} from '@backstage/ui';
import {
  PROVIDER_IDS,
  PROVIDER_PROFILES,
  RESOURCE_SORTS,
  ResourceSort,
  S3Resource,
} from '@s3-resources/plugin-s3-resources-common';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { resourceRouteRef } from '../../routes';
import { ErrorAlert } from '../common/ErrorAlert';
import { STATUS_TEXT, StatusLabel } from '../common/status';
import { formatDateTime, formatRelativeTime } from '../common/time';
import {
  ResourceFilter,
  STATUS_FILTERS,
  filterFromParams,
  isFiltered,
  withFilter,
  withSearch,
} from './listFilters';
import { ImportBucketsButton } from './ImportBucketsButton';
import { describeSort, sortFromParams, withSort } from './listSort';
import { OwnerFilter } from './OwnerFilter';
import { RegisterBucketButton } from './RegisterBucketButton';
import { useOwnerNames } from './useOwnerNames';

export const PAGE_SIZE = 20;

function endpointHost(resource: S3Resource): string | undefined {
  if (!resource.endpoint) return undefined;
  try {
    return new URL(resource.endpoint).host;
  } catch {
    return resource.endpoint;
  }
}

function LastTestCell(props: { resource: S3Resource }) {
  const last = props.resource.status.lastTest;
  return (
    <Cell>
      <Flex direction="column" gap="1" align="start">
        <StatusLabel status={last?.status} />
        {last && (
          <Text
            as="span"
            variant="body-small"
            color="secondary"
            title={formatDateTime(last.at)}
          >
            {formatRelativeTime(last.at)}
          </Text>
        )}
      </Flex>
    </Cell>
  );
}

const PROVIDER_OPTIONS = PROVIDER_IDS.map(id => ({
  id,
  label: PROVIDER_PROFILES[id].title,
}));

const STATUS_OPTIONS = STATUS_FILTERS.map(id => ({
  id,
  label: STATUS_TEXT[id],
}));

/**
 * The list of registered buckets. Paging, search and filters all run on the
 * server (cursor paging, one page at a time), so the page stays fast however
 * many resources there are. The server sorts too, by name, last test,
 * owner or provider (`?sort=…&order=desc`), kept in the URL with the filters.
 */
export function ResourcesPage() {
  const api = useApi(s3ResourcesApiRef);
  const resourceLink = useRouteRef(resourceRouteRef);
  const [params, setParams] = useSearchParams();
  const paramsKey = params.toString();

  // Memoised on the URL so the table reloads only when a filter really changes.
  const filter = useMemo(
    () => filterFromParams(new URLSearchParams(paramsKey)),
    [paramsKey],
  );
  const search = params.get('q') ?? '';
  const listSort = useMemo(
    () => sortFromParams(new URLSearchParams(paramsKey)),
    [paramsKey],
  );
  const sort = useMemo<SortDescriptor>(
    () => ({
      column: listSort.by,
      direction: listSort.order === 'desc' ? 'descending' : 'ascending',
    }),
    [listSort],
  );
  const onSortChange = useCallback(
    (next: SortDescriptor) =>
      setParams(
        current =>
          withSort(current, {
            by: RESOURCE_SORTS.includes(next.column as ResourceSort)
              ? (next.column as ResourceSort)
              : 'name',
            order: next.direction === 'descending' ? 'desc' : 'asc',
          }),
        { replace: true },
      ),
    [setParams],
  );

  const onFilterChange = useCallback(
    (next: ResourceFilter) =>
      setParams(current => withFilter(current, next), { replace: true }),
    [setParams],
  );
  const onSearchChange = useCallback(
    (next: string) =>
      setParams(current => withSearch(current, next), { replace: true }),
    [setParams],
  );

  const { tableProps, reload } = useTable<S3Resource, ResourceFilter>({
    mode: 'cursor',
    filter,
    onFilterChange,
    search,
    onSearchChange,
    sort,
    onSortChange,
    getData: async ({
      cursor,
      pageSize,
      search: q,
      filter: f,
      sort: s,
      signal,
    }) => {
      const by = (s?.column ?? 'name') as ResourceSort;
      const page = await api.listResources(
        {
          cursor,
          limit: pageSize,
          ...(by !== 'name' ? { sort: by } : {}),
          order: s?.direction === 'descending' ? 'desc' : undefined,
          q: q || undefined,
          owner: f?.owner ? [f.owner] : undefined,
          provider: f?.provider.length ? f.provider : undefined,
          status: f?.status.length ? f.status : undefined,
        },
        signal,
      );
      return {
        data: page.items,
        nextCursor: page.nextCursor,
        totalCount: page.totalCount,
      };
    },
    paginationOptions: {
      pageSize: PAGE_SIZE,
      pageSizeOptions: [20, 50, 100],
      getLabel: ({ totalCount }) =>
        totalCount === undefined
          ? ''
          : `${totalCount} ${totalCount === 1 ? 'resource' : 'resources'}`,
    },
  });

  const ownerName = useOwnerNames((tableProps.data ?? []).map(r => r.owner));

  const columns: ColumnConfig<S3Resource>[] = [
    {
      id: 'name',
      defaultWidth: '1.4fr',
      label: 'Name',
      isRowHeader: true,
      isSortable: true,
      cell: r => (
        <Cell>
          <Flex direction="column" gap="1">
            <Link href={resourceLink({ id: r.id })}>{r.title ?? r.name}</Link>
            {r.title && (
              <Text as="span" variant="body-small" color="secondary">
                {r.name}
              </Text>
            )}
          </Flex>
        </Cell>
      ),
    },
    {
      id: 'bucket',
      defaultWidth: '1.2fr',
      label: 'Bucket',
      cell: r => (
        <CellText
          title={r.bucket}
          description={r.prefix ? `prefix ${r.prefix}` : undefined}
        />
      ),
    },
    {
      id: 'provider',
      defaultWidth: '1.3fr',
      label: 'Provider / endpoint',
      isSortable: true,
      cell: r => (
        <CellText
          title={PROVIDER_PROFILES[r.provider]?.title ?? r.provider}
          description={endpointHost(r)}
        />
      ),
    },
    {
      id: 'region',
      defaultWidth: '0.8fr',
      label: 'Region',
      cell: r => <CellText title={r.region} />,
    },
    {
      id: 'owner',
      defaultWidth: '1.3fr',
      label: 'Owner',
      isSortable: true,
      cell: r => (
        <Cell>
          <Text as="span" title={r.owner}>
            {ownerName(r.owner)}
          </Text>
        </Cell>
      ),
    },
    {
      id: 'lastTest',
      defaultWidth: '1fr',
      label: 'Last test',
      isSortable: true,
      cell: r => <LastTestCell resource={r} />,
    },
  ];

  const filtered = isFiltered(filter, search);
  const clearFilters = () =>
    setParams(new URLSearchParams(), { replace: true });

  const emptyState = filtered ? (
    <Flex direction="column" gap="2" align="start" p="4">
      <Text as="p">No resources match this search and these filters.</Text>
      <Button variant="secondary" onPress={clearFilters}>
        Clear search and filters
      </Button>
    </Flex>
  ) : (
    <Flex direction="column" gap="2" align="start" p="4">
      <Text as="p" weight="bold">
        No S3 buckets are registered yet.
      </Text>
      <Text as="p" color="secondary">
        Register a bucket to get its IAM, trust and CORS policies generated, its
        connection tested and a catalog entity for it.
      </Text>
      <RegisterBucketButton />
    </Flex>
  );

  return (
    <Flex direction="column" gap="4">
      <Flex
        justify="between"
        align="center"
        gap="4"
        style={{ flexWrap: 'wrap' }}
      >
        <Text as="p" color="secondary">
          Amazon S3 and S3-compatible buckets registered with the portal, with
          their last connection test. {describeSort(listSort)}.
        </Text>
        <Flex gap="2" style={{ flexWrap: 'wrap' }}>
          <ImportBucketsButton />
          <RegisterBucketButton />
        </Flex>
      </Flex>
      <Flex
        gap="3"
        align="end"
        style={{ flexWrap: 'wrap' }}
        role="search"
        aria-label="Search and filter resources"
      >
        <SearchField
          label="Search"
          aria-label="Search resources by name, bucket or title"
          placeholder="Name, bucket or title"
          value={search}
          onChange={value => onSearchChange(value)}
          style={{ minWidth: 260 }}
        />
        <OwnerFilter
          value={filter.owner}
          onChange={owner => onFilterChange({ ...filter, owner })}
        />
        <Select
          label="Provider"
          selectionMode="multiple"
          placeholder="Any provider"
          options={PROVIDER_OPTIONS}
          value={filter.provider}
          onChange={keys =>
            onFilterChange({
              ...filter,
              provider: (keys as string[]).map(
                String,
              ) as ResourceFilter['provider'],
            })
          }
          style={{ minWidth: 200 }}
        />
        <Select
          label="Last test"
          selectionMode="multiple"
          placeholder="Any status"
          options={STATUS_OPTIONS}
          value={filter.status}
          onChange={keys =>
            onFilterChange({
              ...filter,
              status: (keys as string[]).map(
                String,
              ) as ResourceFilter['status'],
            })
          }
          style={{ minWidth: 180 }}
        />
        {filtered && (
          <Button variant="tertiary" onPress={clearFilters}>
            Clear
          </Button>
        )}
      </Flex>
      {tableProps.error ? (
        <ErrorAlert
          error={tableProps.error}
          action="load the resources"
          onRetry={reload}
        />
      ) : (
        // Table takes no label of its own: the region names it.
        <div role="region" aria-label="S3 resources">
          <Table
            {...tableProps}
            columnConfig={columns}
            emptyState={emptyState}
          />
        </div>
      )}
    </Flex>
  );
}
