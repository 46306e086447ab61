import { useApi } from '@backstage/core-plugin-api';
import { Button, CellText, Flex, Skeleton, Table, Text } from '@backstage/ui';
import { RiDownloadLine } from '@remixicon/react';
import { AuditRecord } from '@s3-resources/plugin-s3-resources-common';
import { useCallback, useState } from 'react';
import { AuditExportFormat, s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { ErrorAlert } from '../common/ErrorAlert';
import { saveBlob } from '../common/DownloadButton';
import { formatDateTime } from '../common/time';
import { useCursorList } from './useCursorList';

/** Who registered, changed and tested this resource, and when. */
export function AuditPanel(props: { resourceId: string; refreshKey?: number }) {
  const api = useApi(s3ResourcesApiRef);
  const [exportError, setExportError] = useState<unknown>();
  const [exporting, setExporting] = useState<AuditExportFormat>();
  const load = useCallback(
    (cursor?: string) =>
      api.listAudit({ resourceId: props.resourceId, cursor, limit: 50 }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, props.resourceId, props.refreshKey],
  );
  const list = useCursorList(load);

  const download = async (format: AuditExportFormat) => {
    setExporting(format);
    setExportError(undefined);
    try {
      const blob = await api.exportAudit(
        { resourceId: props.resourceId },
        format,
      );
      saveBlob(blob, `s3-resource-${props.resourceId}-audit.${format}`);
    } catch (e) {
      setExportError(e);
    } finally {
      setExporting(undefined);
    }
  };

  if (list.error && !list.items.length) {
    return (
      <ErrorAlert
        error={list.error}
        action="load the audit trail"
        onRetry={list.reload}
      />
    );
  }
  if (list.loading && !list.items.length) {
    return <Skeleton width="100%" height={120} />;
  }
  return (
    <Flex direction="column" gap="3">
      <Flex gap="2" align="center" style={{ flexWrap: 'wrap' }}>
        <Text as="p" color="secondary">
          Every change and test of this resource, successful or not. Secret
          values are never recorded, only the names of changed fields.
        </Text>
        <Button
          size="small"
          variant="secondary"
          iconStart={<RiDownloadLine />}
          onPress={() => download('csv')}
          isPending={exporting === 'csv'}
        >
          Export CSV
        </Button>
        <Button
          size="small"
          variant="secondary"
          iconStart={<RiDownloadLine />}
          onPress={() => download('ndjson')}
          isPending={exporting === 'ndjson'}
        >
          Export NDJSON
        </Button>
      </Flex>
      {exportError !== undefined && (
        <ErrorAlert error={exportError} action="export the audit trail" />
      )}
      <Table<AuditRecord>
        data={list.items}
        pagination={{ type: 'none' }}
        emptyState={<Text as="p">No audit records yet.</Text>}
        columnConfig={[
          {
            id: 'at',
            label: 'When',
            isRowHeader: true,
            cell: r => <CellText title={formatDateTime(r.at)} />,
          },
          {
            id: 'actor',
            label: 'Who',
            cell: r => <CellText title={r.actor} />,
          },
          {
            id: 'action',
            label: 'Action',
            cell: r => (
              <CellText
                title={r.action}
                description={
                  r.changedFields?.length
                    ? `changed ${r.changedFields.join(', ')}`
                    : undefined
                }
              />
            ),
          },
          {
            id: 'outcome',
            label: 'Outcome',
            cell: r => (
              <CellText
                title={r.outcome === 'success' ? '✓ Succeeded' : '✕ Failed'}
                description={r.message}
              />
            ),
          },
        ]}
      />
      {list.error !== undefined && (
        <ErrorAlert error={list.error} action="load more audit records" />
      )}
      {list.hasMore && (
        <Button
          variant="secondary"
          onPress={list.loadMore}
          isPending={list.loading}
          style={{ alignSelf: 'start' }}
        >
          Load older records
        </Button>
      )}
    </Flex>
  );
}
