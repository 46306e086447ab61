import { useApi } from '@backstage/core-plugin-api';
import {
  Alert,
  Card,
  CardBody,
  CardHeader,
  Flex,
  Grid,
  Skeleton,
  Text,
} from '@backstage/ui';
import {
  S3Resource,
  StorageSample,
} from '@s3-resources/plugin-s3-resources-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { formatBytes } from '../Objects/objectFormat';
import { ErrorAlert } from '../common/ErrorAlert';
import { Field } from '../common/Field';
import { formatDateTime, formatRelativeTime } from '../common/time';
import styles from '../common/plainTable.module.css';
import { StorageTrend } from './StorageTrend';
import { formatCount, scanProgressText } from './storageText';

const UNKNOWN_TEXT: Record<StorageSample['unknown'][number]['figure'], string> =
  {
    objects: 'Objects and size',
    incompleteUploads: 'Incomplete multipart uploads',
    noncurrentVersions: 'Noncurrent versions',
  };

function uploadsText(uploads: StorageSample['incompleteUploads']): string {
  if (uploads.count === 0) return 'None';
  const oldest = uploads.oldestInitiated
    ? `, oldest started ${formatRelativeTime(uploads.oldestInitiated)}`
    : '';
  return `${formatCount(uploads.count)} (${formatBytes(
    uploads.bytes,
  )})${oldest}`;
}

function versionsText(versions: StorageSample['noncurrentVersions']): string {
  if (!versions) return 'None kept (versioning off)';
  return `${formatCount(versions.count)} (${formatBytes(versions.bytes)})`;
}

function Figures(props: { sample: StorageSample }) {
  const s = props.sample;
  const unknown = new Set(s.unknown.map(u => u.figure));
  const uploads = s.incompleteUploads;
  return (
    <Grid.Root columns={{ initial: '1', sm: '2', md: '4' }} gap="4">
      <Field label="Objects">
        {unknown.has('objects') ? 'Unknown' : formatCount(s.objects)}
      </Field>
      <Field label="Total size">
        {unknown.has('objects') ? 'Unknown' : formatBytes(s.bytes)}
      </Field>
      <Field label="Incomplete multipart uploads">
        {unknown.has('incompleteUploads') ? 'Unknown' : uploadsText(uploads)}
      </Field>
      <Field label="Noncurrent versions">
        {unknown.has('noncurrentVersions')
          ? 'Unknown'
          : versionsText(s.noncurrentVersions)}
      </Field>
    </Grid.Root>
  );
}

function ByStorageClass(props: { sample: StorageSample }) {
  const classes = props.sample.byStorageClass;
  if (!classes.length) return null;
  return (
    <div className={styles.scroll}>
      <table className={styles.table} aria-label="Bytes by storage class">
        <thead>
          <tr>
            <th className={`${styles.cell} ${styles.head}`}>Storage class</th>
            <th className={`${styles.cell} ${styles.head}`}>Objects</th>
            <th className={`${styles.cell} ${styles.head}`}>Size</th>
          </tr>
        </thead>
        <tbody>
          {classes.map(c => (
            <tr key={c.storageClass}>
              <th scope="row" className={`${styles.cell} ${styles.rowHeader}`}>
                {c.storageClass}
              </th>
              <td className={styles.cell}>{formatCount(c.objects)}</td>
              <td className={styles.cell}>{formatBytes(c.bytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * What the bucket holds within the resource's prefix, from the background
 * scans of the audit sweep: the latest complete scan, one under way (large
 * buckets take several sweeps), and the trend of the last 30.
 */
export function StoragePanel(props: { resource: S3Resource }) {
  const api = useApi(s3ResourcesApiRef);
  const storage = useAsyncRetry(
    () => api.getStorage(props.resource.id),
    [api, props.resource.id],
  );
  if (storage.error) {
    return (
      <ErrorAlert
        error={storage.error}
        action="load the storage figures"
        onRetry={storage.retry}
      />
    );
  }
  if (!storage.value) {
    return (
      <Flex direction="column" gap="3" aria-busy="true">
        <Skeleton width="100%" height={96} />
        <Skeleton width="100%" height={160} />
      </Flex>
    );
  }
  const { latest, inProgress, history } = storage.value;
  const where = props.resource.prefix
    ? `under ${props.resource.prefix} in bucket ${props.resource.bucket}`
    : `in bucket ${props.resource.bucket}`;
  if (
    !latest &&
    !inProgress &&
    props.resource.status.lastTest?.status === 'fail'
  ) {
    return (
      <Alert
        status="info"
        icon
        title="Not scanned"
        description="The audit sweep scans a bucket only when its connection test reaches it, and the last test failed: see the Connection tab."
      />
    );
  }
  if (!latest && !inProgress) {
    return (
      <Alert
        status="info"
        icon
        title="Not scanned yet"
        description={`The audit sweep counts what is stored ${where} in the background, with the resource's own credentials. The figures appear after its next run.`}
      />
    );
  }
  const shown = latest ?? inProgress!;
  return (
    <Flex direction="column" gap="4">
      <Text as="p" color="secondary">
        What is stored {where}
        {latest ? (
          <>
            , from the last complete scan (
            <span title={formatDateTime(latest.takenAt)}>
              {scanProgressText(latest)}
            </span>
            ).
          </>
        ) : (
          <>: the first scan is not finished, so these figures are partial.</>
        )}
        {inProgress && (
          <> A new scan is under way: {scanProgressText(inProgress)}.</>
        )}
      </Text>
      {shown.unknown.length > 0 && (
        <Alert
          status="warning"
          icon
          title="Some figures are unknown"
          description={
            <ul style={{ margin: 0, paddingInlineStart: '1.2em' }}>
              {shown.unknown.map(u => (
                <li key={u.reason}>
                  {UNKNOWN_TEXT[u.figure]} — {u.reason}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Card>
        <CardHeader>
          <Text as="h3" variant="title-x-small">
            {latest ? 'Latest figures' : 'Figures so far (scan not finished)'}
          </Text>
        </CardHeader>
        <CardBody>
          <Flex direction="column" gap="4">
            <Figures sample={shown} />
            <ByStorageClass sample={shown} />
          </Flex>
        </CardBody>
      </Card>
      <Card>
        <CardBody>
          <StorageTrend history={history} />
        </CardBody>
      </Card>
    </Flex>
  );
}
