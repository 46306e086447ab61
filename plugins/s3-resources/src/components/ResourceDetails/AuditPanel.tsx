import { useApi } from '@backstage/core-plugin-api';
import { Button, CellText, Flex, Skeleton, Table, Text } from '@backstage/ui';
import {
  AuditRecord,
  auditActionLabel,
} from '@s3-resources/plugin-s3-resources-common';
import { useCallback } from 'react';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { ErrorAlert } from '../common/ErrorAlert';
import { ExportButtons } from '../common/ExportButtons';
import { formatDateTime } from '../common/time';
import { auditResult } from '../Audit/auditResult';
import { useCursorList } from './useCursorList';

/** Who registered, changed and tested this resource, and when. */
export function AuditPanel(props: { resourceId: string; refreshKey?: number }) {
  const api = useApi(s3ResourcesApiRef);
  const load = useCallback(
    (cursor?: string) =>
      api.listAudit({ resourceId: props.resourceId, cursor, limit: 50 }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, props.resourceId, props.refreshKey],
  );
  const list = useCursorList(load);

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
      <Text as="p" color="secondary">
        Every change and test of this resource, successful or not. Secret values
        are never recorded, only the names of changed fields.
      </Text>
      <ExportButtons
        what="the audit trail"
        filename={`s3-resource-${props.resourceId}-audit`}
        onExport={format =>
          api.exportAudit({ resourceId: props.resourceId }, format)
        }
      />
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
            id: 'outcome',
            label: 'Result',
            cell: r => (
              <CellText title={auditResult(r)} description={r.message} />
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
