import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Alert,
  Button,
  Flex,
  Skeleton,
  Tab,
  TabList,
  TabPanel,
  Tabs,
  Text,
} from '@backstage/ui';
import { RiDeleteBinLine, RiEditLine } from '@remixicon/react';
import {
  S3Resource,
  TestRun,
  s3AuditReadPermission,
  s3ResourceDeletePermission,
  s3ResourceTestPermission,
  s3ResourceUpdatePermission,
} from '@s3-resources/plugin-s3-resources-common';
import { useCallback, useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { AccessPanel } from '../AccessMap/AccessPanel';
import { DeleteResourceDialog } from '../EditResource/DeleteResourceDialog';
import { EditResourceDialog } from '../EditResource/EditResourceDialog';
import { ObjectsPanel } from '../Objects/ObjectsPanel';
import { PoliciesPanel } from '../PoliciesPanel/PoliciesPanel';
import { StoragePanel } from '../Storage/StoragePanel';
import { ErrorAlert } from '../common/ErrorAlert';
import { useTabParam } from '../common/useTabParam';
import { STATUS_TEXT, StatusLabel } from '../common/status';
import { formatDateTime, formatRelativeTime } from '../common/time';
import { AuditPanel } from './AuditPanel';
import { ConnectionPanel } from './ConnectionPanel';
import { FindingsPanel } from './FindingsPanel';
import { HistoryPanel } from './HistoryPanel';
import { OverviewPanel } from './OverviewPanel';
import { useEditParam } from './useEditParam';

export const DETAIL_TABS = [
  'overview',
  'connection',
  'objects',
  'storage',
  'policies',
  'access',
  'history',
  'findings',
  'audit',
] as const;
export type DetailTab = (typeof DETAIL_TABS)[number];

function Loading() {
  return (
    <Flex
      direction="column"
      gap="3"
      aria-busy="true"
      aria-label="Loading the resource"
    >
      <Skeleton width="40%" height={32} />
      <Skeleton width="100%" height={40} />
      <Skeleton width="100%" height={240} />
    </Flex>
  );
}

/** Header with the status, and the actions the viewer is allowed. */
function Header(props: {
  resource: S3Resource;
  embedded: boolean;
  canEdit: boolean;
  canDelete: boolean;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const r = props.resource;
  const last = r.status.lastTest;
  return (
    <Flex justify="between" align="start" gap="4" style={{ flexWrap: 'wrap' }}>
      <Flex direction="column" gap="2">
        {/* On an entity page the entity header already names the bucket. */}
        {!props.embedded && (
          <Text as="h2" variant="title-medium">
            {r.title || r.name}
          </Text>
        )}
        <Flex gap="3" align="center" style={{ flexWrap: 'wrap' }}>
          <StatusLabel
            status={last?.status}
            beforeCredentialsChange={last?.beforeCredentialsChange}
          />
          {last && (
            <Text as="span" color="secondary" title={formatDateTime(last.at)}>
              {last.beforeCredentialsChange
                ? `last result (${STATUS_TEXT[last.status].toLocaleLowerCase(
                    'en-US',
                  )}) ${formatRelativeTime(last.at)}, before the change`
                : `last tested ${formatRelativeTime(last.at)}`}
            </Text>
          )}
          <Text as="span" color="secondary">
            {r.prefix ? `${r.bucket}/${r.prefix}` : r.bucket} · {r.region}
          </Text>
        </Flex>
      </Flex>
      {(props.canEdit || props.canDelete) && (
        <Flex gap="2">
          {props.canEdit && (
            <Button
              variant="secondary"
              iconStart={<RiEditLine />}
              onPress={props.onEdit}
            >
              Edit
            </Button>
          )}
          {props.canDelete && (
            <Button
              variant="secondary"
              destructive
              iconStart={<RiDeleteBinLine />}
              onPress={props.onDelete}
            >
              Delete
            </Button>
          )}
        </Flex>
      )}
    </Flex>
  );
}

/**
 * Everything about one resource: overview, connection test, objects, policies,
 * history and (for those allowed) the audit sweep's findings and its audit
 * trail. The plugin page and the
 * entity S3 tab both render this component; the tab is kept in `?tab=`.
 */
export function ResourceDetails(props: {
  id: string;
  /**
   * Inside an entity page, whose header, tabs and About card already name
   * the entity: no heading, no link to the entity, and the first tab is
   * "Settings" (not a second "Overview").
   */
  embedded?: boolean;
  /** Called after a delete; without it the component says it is gone. */
  onDeleted?: () => void;
}) {
  const api = useApi(s3ResourcesApiRef);
  const loaded = useAsyncRetry(
    () => api.getResource(props.id),
    [api, props.id],
  );
  const [resource, setResource] = useState<S3Resource>();
  useEffect(() => setResource(loaded.value), [loaded.value]);

  const editPermission = usePermission({
    permission: s3ResourceUpdatePermission,
    resourceRef: resource?.id,
  });
  const canEdit = editPermission.allowed;
  const canDelete = usePermission({
    permission: s3ResourceDeletePermission,
    resourceRef: resource?.id,
  }).allowed;
  const canTest = usePermission({
    permission: s3ResourceTestPermission,
    resourceRef: resource?.id,
  }).allowed;
  const canReadAudit = usePermission({
    permission: s3AuditReadPermission,
  }).allowed;

  // Owners (who may update the resource) and the platform group see the
  // findings and the access map (the server decides; this hides the tabs).
  const canSeeFindings = canEdit || canReadAudit;
  const tabs = DETAIL_TABS.filter(
    t =>
      (t !== 'audit' || canReadAudit) &&
      ((t !== 'findings' && t !== 'access') || canSeeFindings),
  );
  const [selected, select] = useTabParam(tabs);

  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleted, setDeleted] = useState(false);
  const [refreshKey, setRefreshKey] = useState(0);
  /** New credentials were saved: test them on the Connection tab. */
  const [testSaved, setTestSaved] = useState(false);
  const edit = useEditParam({
    ready: !!resource && !editPermission.loading,
    canEdit,
    onEdit: useCallback(() => setEditing(true), []),
  });

  if (deleted) {
    return (
      <Alert
        role="status"
        status="success"
        icon
        title="Resource deleted"
        description="Its registration and stored credentials are gone; the catalog entity disappears at the next sync. The bucket itself was not touched."
      />
    );
  }
  if (loaded.error) {
    return (
      <ErrorAlert
        error={loaded.error}
        action="load the resource"
        onRetry={loaded.retry}
      />
    );
  }
  if (!resource) return <Loading />;

  const onTested = (run: TestRun) => {
    setResource(
      r =>
        r && {
          ...r,
          status: {
            ...r.status,
            lastTest: { status: run.status, at: run.startedAt, runId: run.id },
          },
        },
    );
    setRefreshKey(k => k + 1);
  };

  return (
    <Flex direction="column" gap="4">
      {edit.refused && (
        <Alert
          status="info"
          icon
          title="You may view this resource but not edit it"
          description="Its owners and the platform team can change it."
        />
      )}
      <Header
        resource={resource}
        embedded={!!props.embedded}
        canEdit={canEdit}
        canDelete={canDelete}
        onEdit={() => setEditing(true)}
        onDelete={() => setDeleting(true)}
      />
      <Tabs
        selectedKey={selected}
        onSelectionChange={key => select(key as DetailTab)}
      >
        <TabList aria-label="Resource details">
          <Tab id="overview">{props.embedded ? 'Settings' : 'Overview'}</Tab>
          <Tab id="connection">Connection</Tab>
          <Tab id="objects">Objects</Tab>
          <Tab id="storage">Storage</Tab>
          <Tab id="policies">Policies</Tab>
          {canSeeFindings && <Tab id="access">Access</Tab>}
          <Tab id="history">History</Tab>
          {canSeeFindings && <Tab id="findings">Findings</Tab>}
          {canReadAudit && <Tab id="audit">Audit trail</Tab>}
        </TabList>
        <TabPanel id="overview">
          <OverviewPanel resource={resource} embedded={props.embedded} />
        </TabPanel>
        <TabPanel id="connection">
          <ConnectionPanel
            resource={resource}
            canTest={canTest}
            onTested={onTested}
            autoStart={testSaved}
            onAutoStarted={() => setTestSaved(false)}
          />
        </TabPanel>
        <TabPanel id="objects">
          <ObjectsPanel resource={resource} />
        </TabPanel>
        <TabPanel id="storage">
          <StoragePanel resource={resource} />
        </TabPanel>
        <TabPanel id="policies">
          <PoliciesPanel resource={resource} />
        </TabPanel>
        {canSeeFindings && (
          <TabPanel id="access">
            <AccessPanel resource={resource} refreshKey={refreshKey} />
          </TabPanel>
        )}
        <TabPanel id="history">
          <HistoryPanel resourceId={resource.id} refreshKey={refreshKey} />
        </TabPanel>
        {canSeeFindings && (
          <TabPanel id="findings">
            <FindingsPanel resourceId={resource.id} refreshKey={refreshKey} />
          </TabPanel>
        )}
        {canReadAudit && (
          <TabPanel id="audit">
            <AuditPanel resourceId={resource.id} refreshKey={refreshKey} />
          </TabPanel>
        )}
      </Tabs>
      {editing && (
        <EditResourceDialog
          resource={resource}
          isOpen
          onClose={() => setEditing(false)}
          onSaved={(saved, { credentialsChanged }) => {
            setResource(saved);
            setRefreshKey(k => k + 1);
            if (credentialsChanged && canTest) {
              // the stored result predates the new credentials: test them
              // now, where the person sees it
              select('connection');
              setTestSaved(true);
            }
          }}
        />
      )}
      {deleting && (
        <DeleteResourceDialog
          resource={resource}
          isOpen
          onClose={() => setDeleting(false)}
          onDeleted={() => {
            setDeleting(false);
            if (props.onDeleted) props.onDeleted();
            else setDeleted(true);
          }}
        />
      )}
    </Flex>
  );
}
