import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  CellText,
  Cell,
  ColumnConfig,
  Flex,
  Link,
  SearchField,
  Table,
  Text,
  useTable,
} from '@backstage/ui';
import { S3Resource } from '@s3-resources/plugin-s3-resources-common';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { resourceRouteRef } from '../../routes';
import { StatusLabel } from '../StatusLabel/StatusLabel';

function endpointLabel(resource: S3Resource): string {
  if (!resource.endpoint) return resource.provider;
  try {
    return `${resource.provider} · ${new URL(resource.endpoint).host}`;
  } catch {
    return resource.provider;
  }
}

/** The list of registered buckets, paged and searched on the server. */
export function ResourcesPage() {
  const api = useApi(s3ResourcesApiRef);
  const resourceLink = useRouteRef(resourceRouteRef);

  const { tableProps, search } = useTable<S3Resource>({
    mode: 'cursor',
    getData: async ({ cursor, pageSize, search: q, signal }) => {
      const page = await api.listResources(
        { cursor, limit: pageSize, q: q || undefined },
        signal,
      );
      return {
        data: page.items,
        nextCursor: page.nextCursor,
        totalCount: page.totalCount,
      };
    },
    paginationOptions: { pageSize: 20 },
  });

  const columns: ColumnConfig<S3Resource>[] = [
    {
      id: 'name',
      label: 'Name',
      isRowHeader: true,
      cell: r => (
        <Cell>
          <Link href={resourceLink({ id: r.id })}>{r.title ?? r.name}</Link>
        </Cell>
      ),
    } as ColumnConfig<S3Resource>,
    {
      id: 'bucket',
      label: 'Bucket',
      cell: r => (
        <CellText title={r.prefix ? `${r.bucket}/${r.prefix}` : r.bucket} />
      ),
    },
    {
      id: 'provider',
      label: 'Provider / endpoint',
      cell: r => <CellText title={endpointLabel(r)} />,
    },
    { id: 'region', label: 'Region', cell: r => <CellText title={r.region} /> },
    { id: 'owner', label: 'Owner', cell: r => <CellText title={r.owner} /> },
    {
      id: 'status',
      label: 'Last test',
      cell: r => (
        <Cell>
          <StatusLabel status={r.status.lastTest?.status} />
        </Cell>
      ),
    },
  ];

  return (
    <Flex direction="column" gap="4" p="4">
      <SearchField
        aria-label="Search resources by name, bucket or title"
        placeholder="Search by name, bucket or title"
        value={search.value}
        onChange={search.onChange}
      />
      <Table
        {...tableProps}
        columnConfig={columns}
        emptyState={<Text>No S3 resources registered yet.</Text>}
      />
    </Flex>
  );
}
