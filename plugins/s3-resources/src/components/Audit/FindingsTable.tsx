import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  Button,
  Cell,
  ColumnConfig,
  Dialog,
  DialogBody,
  DialogFooter,
  DialogHeader,
  Flex,
  Link,
  Table,
  Text,
  useTable,
} from '@backstage/ui';
import { AuditFinding } from '@s3-resources/plugin-s3-resources-common';
import { ReactNode, useEffect, useRef, useState } from 'react';
import { FindingFilter, s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { resourceRouteRef } from '../../routes';
import { ErrorAlert } from '../common/ErrorAlert';
import { FixText } from '../common/FixText';
import { KIND_TEXT, SeverityLabel } from '../common/severity';
import { formatDateTime, formatRelativeTime } from '../common/time';

/**
 * The message of a finding and what to do about it: the fix's prose as text,
 * each JSON document and command with its own copy button.
 */
function FixDialog(props: { finding: AuditFinding; onClose: () => void }) {
  const f = props.finding;
  return (
    <Dialog isOpen width={680} onOpenChange={open => !open && props.onClose()}>
      <DialogHeader>
        {KIND_TEXT[f.kind] ?? f.kind}: {f.resourceName}
      </DialogHeader>
      <DialogBody>
        <Flex direction="column" gap="3">
          <Flex align="center" gap="2">
            <SeverityLabel severity={f.severity} />
            <Text as="span" variant="body-small" color="secondary">
              owner {f.owner}
            </Text>
          </Flex>
          <Text as="p">{f.message}</Text>
          <Text as="h3" variant="body-medium" weight="bold">
            How to fix it
          </Text>
          <div role="region" aria-label="How to fix it">
            <FixText fix={f.fix} label="fix" size="medium" />
          </div>
          <Text as="p" variant="body-small" color="secondary">
            First seen {formatDateTime(f.firstSeenAt)}, last seen{' '}
            {formatDateTime(f.lastSeenAt)}. The finding goes away at the first
            sweep that no longer sees the problem.
          </Text>
        </Flex>
      </DialogBody>
      <DialogFooter>
        <Button variant="secondary" onPress={props.onClose}>
          Close
        </Button>
      </DialogFooter>
    </Dialog>
  );
}

/** The finding's resource, linked to its details (the route is only needed here). */
function ResourceCell(props: { finding: AuditFinding }) {
  const resourceLink = useRouteRef(resourceRouteRef);
  const f = props.finding;
  return (
    <Cell>
      <Flex direction="column" gap="1">
        <Link href={resourceLink({ id: f.resourceId })}>{f.resourceName}</Link>
        <Text as="span" variant="body-small" color="secondary">
          {f.owner}
        </Text>
      </Flex>
    </Cell>
  );
}

export const FINDINGS_PAGE_SIZE = 20;

/**
 * Findings of the audit sweep, most severe first, paged on the server with
 * its cursor. `filter` changes reload from the first page; so does a new
 * `refreshKey` (after a sweep).
 */
export function FindingsTable(props: {
  filter: FindingFilter;
  /** Hide the resource column (on a resource's own page). */
  hideResource?: boolean;
  refreshKey?: number;
  emptyState: ReactNode;
  'aria-label': string;
}) {
  const api = useApi(s3ResourcesApiRef);
  const [fixFor, setFixFor] = useState<AuditFinding>();

  const { tableProps, reload } = useTable<AuditFinding, FindingFilter>({
    mode: 'cursor',
    filter: props.filter,
    getData: async ({ cursor, pageSize, filter, signal }) => {
      const page = await api.listFindings(
        { ...filter, cursor, limit: pageSize },
        signal,
      );
      return {
        data: page.items,
        nextCursor: page.nextCursor,
        totalCount: page.totalCount,
      };
    },
    paginationOptions: {
      pageSize: FINDINGS_PAGE_SIZE,
      pageSizeOptions: [20, 50, 100],
      getLabel: ({ totalCount }) =>
        totalCount === undefined
          ? ''
          : `${totalCount} ${totalCount === 1 ? 'finding' : 'findings'}`,
    },
  });

  const firstRefresh = useRef(props.refreshKey);
  useEffect(() => {
    if (props.refreshKey !== firstRefresh.current) reload();
    // reload is stable enough; only a new refreshKey should trigger this
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.refreshKey]);

  const allColumns: ColumnConfig<AuditFinding>[] = [
    {
      id: 'severity',
      label: 'Severity',
      defaultWidth: '0.7fr',
      cell: f => (
        <Cell>
          <SeverityLabel severity={f.severity} />
        </Cell>
      ),
    },
    {
      id: 'finding',
      label: 'Finding',
      defaultWidth: '2.2fr',
      isRowHeader: true,
      // Messages are what a person acts on: wrapped, never cut off.
      cell: f => (
        <Cell>
          <Flex direction="column" gap="1">
            <Text as="span">{KIND_TEXT[f.kind] ?? f.kind}</Text>
            <Text
              as="span"
              variant="body-small"
              color="secondary"
              style={{ overflowWrap: 'anywhere' }}
            >
              {f.message}
            </Text>
          </Flex>
        </Cell>
      ),
    },
    {
      id: 'resource',
      label: 'Resource',
      defaultWidth: '1.3fr',
      cell: f => <ResourceCell finding={f} />,
    },
    {
      id: 'seen',
      label: 'Last seen',
      defaultWidth: '1fr',
      cell: f => (
        <Cell>
          <Flex direction="column" gap="1">
            <Text as="span" title={formatDateTime(f.lastSeenAt)}>
              {formatRelativeTime(f.lastSeenAt)}
            </Text>
            <Text
              as="span"
              variant="body-small"
              color="secondary"
              title={formatDateTime(f.firstSeenAt)}
            >
              first seen {formatRelativeTime(f.firstSeenAt)}
            </Text>
          </Flex>
        </Cell>
      ),
    },
    {
      id: 'fix',
      label: 'Fix',
      defaultWidth: '0.8fr',
      cell: f => (
        <Cell>
          <Button
            size="small"
            variant="secondary"
            aria-label={`How to fix: ${KIND_TEXT[f.kind] ?? f.kind} on ${
              f.resourceName
            }`}
            onPress={() => setFixFor(f)}
          >
            How to fix
          </Button>
        </Cell>
      ),
    },
  ];

  const columns = props.hideResource
    ? allColumns.filter(c => c.id !== 'resource')
    : allColumns;

  return (
    <>
      {tableProps.error ? (
        <ErrorAlert
          error={tableProps.error}
          action="load the findings"
          onRetry={reload}
        />
      ) : (
        <div aria-label={props['aria-label']} role="region">
          <Table
            {...tableProps}
            columnConfig={columns}
            emptyState={props.emptyState}
          />
        </div>
      )}
      {fixFor && (
        <FixDialog finding={fixFor} onClose={() => setFixFor(undefined)} />
      )}
    </>
  );
}
