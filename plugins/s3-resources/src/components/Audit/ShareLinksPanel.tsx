import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  Cell,
  ColumnConfig,
  Flex,
  Link,
  Switch,
  Table,
  Text,
  TextField,
  useTable,
} from '@backstage/ui';
import { ShareLinkRecord } from '@s3-resources/plugin-s3-resources-common';
import { useMemo, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import { ShareLinkQuery, s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { resourceRouteRef } from '../../routes';
import { ErrorAlert } from '../common/ErrorAlert';
import { ExportButtons } from '../common/ExportButtons';
import { TextCell } from '../common/TextCell';
import { formatDateTime, formatRelativeTime } from '../common/time';
import { IRREVOCABLE } from '../Objects/ShareDialog';
import { ResourcePicker } from './AuditTrail';

/**
 * The share links issued (the platform group sees all, others their own),
 * still valid ones unless expired ones are asked for; exportable.
 */
export function ShareLinksPanel() {
  const api = useApi(s3ResourcesApiRef);
  const resourceLink = useRouteRef(resourceRouteRef);
  const [resourceId, setResourceId] = useState<string>();
  const [userText, setUserText] = useState('');
  const [createdBy, setCreatedBy] = useState('');
  useDebounce(() => setCreatedBy(userText.trim()), 400, [userText]);
  const [expired, setExpired] = useState(false);

  const query = useMemo<ShareLinkQuery>(
    () => ({
      resourceId,
      createdBy: createdBy || undefined,
      expired: expired || undefined,
    }),
    [resourceId, createdBy, expired],
  );
  const { tableProps, reload } = useTable<ShareLinkRecord, ShareLinkQuery>({
    mode: 'cursor',
    filter: query,
    getData: async ({ cursor, pageSize, filter: q }) => {
      const page = await api.listShareLinks({ ...q, cursor, limit: pageSize });
      return { data: page.items, nextCursor: page.nextCursor };
    },
    paginationOptions: { pageSize: 50, pageSizeOptions: [50, 100, 200] },
  });

  const now = Date.now();
  const columns: ColumnConfig<ShareLinkRecord>[] = [
    {
      id: 'key',
      label: 'Object',
      defaultWidth: '2fr',
      isRowHeader: true,
      cell: r => <TextCell title={r.key} />,
    },
    {
      id: 'resource',
      label: 'Resource',
      defaultWidth: '1.2fr',
      cell: r => (
        <Cell>
          <Link href={resourceLink({ id: r.resourceId })}>
            {r.resourceName}
          </Link>
        </Cell>
      ),
    },
    {
      id: 'createdBy',
      label: 'Issued by',
      defaultWidth: '1.2fr',
      cell: r => (
        <TextCell
          title={r.createdBy}
          description={formatDateTime(r.createdAt)}
        />
      ),
    },
    {
      id: 'expiresAt',
      label: 'Expires',
      defaultWidth: '1fr',
      cell: r => (
        <TextCell
          title={
            Date.parse(r.expiresAt) <= now
              ? `Expired ${formatRelativeTime(r.expiresAt, now)}`
              : formatRelativeTime(r.expiresAt, now)
          }
          tooltip={formatDateTime(r.expiresAt)}
        />
      ),
    },
  ];

  return (
    <Flex direction="column" gap="3">
      <Text as="p" color="secondary">
        Links to single objects issued from the Objects tab of each resource.{' '}
        {IRREVOCABLE}
      </Text>
      <Flex
        gap="3"
        align="end"
        style={{ flexWrap: 'wrap' }}
        role="search"
        aria-label="Filter the share links"
      >
        <ResourcePicker value={resourceId} onChange={setResourceId} />
        <TextField
          label="Issued by"
          placeholder="user:default/alice"
          value={userText}
          onChange={setUserText}
          style={{ minWidth: 180 }}
        />
        <Switch
          label="Include expired links"
          isSelected={expired}
          onChange={setExpired}
        />
      </Flex>
      <ExportButtons
        what="the share links"
        filename="s3-resources-share-links"
        onExport={format => api.exportShareLinks(query, format)}
      />
      {tableProps.error ? (
        <ErrorAlert
          error={tableProps.error}
          action="load the share links"
          onRetry={reload}
        />
      ) : (
        <div role="region" aria-label="Share links">
          <Table
            {...tableProps}
            columnConfig={columns}
            emptyState={
              <Flex p="4">
                <Text as="p">
                  {expired
                    ? 'No share links match these filters.'
                    : 'No share links are valid now.'}
                </Text>
              </Flex>
            }
          />
        </div>
      )}
    </Flex>
  );
}
