import { useApi } from '@backstage/core-plugin-api';
import {
  Button,
  Card,
  CardBody,
  CardHeader,
  Flex,
  Skeleton,
  Text,
} from '@backstage/ui';
import {
  RiDeleteBinLine,
  RiDownloadLine,
  RiEyeLine,
  RiShareLine,
} from '@remixicon/react';
import {
  ObjectAccess,
  ObjectDetails,
} from '@s3-resources/plugin-s3-resources-common';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { ErrorAlert } from '../common/ErrorAlert';
import { Field } from '../common/Field';
import { formatDateTime } from '../common/time';
import { DeleteObjectDialog } from './DeleteObjectDialog';
import { navigateTo } from './navigate';
import { baseName, formatBytes } from './objectFormat';
import { PreviewDialog } from './PreviewDialog';
import { ShareDialog } from './ShareDialog';
import styles from './objects.module.css';

function Pairs(props: {
  label: string;
  pairs?: Record<string, string>;
  unavailable?: string;
}) {
  const entries = Object.entries(props.pairs ?? {});
  return (
    <Field label={props.label}>
      {props.unavailable ??
        (entries.length ? (
          <Flex direction="column" gap="1">
            {entries.map(([name, value]) => (
              <Text as="span" key={name} className={styles.url}>
                {name}: {value}
              </Text>
            ))}
          </Flex>
        ) : (
          'None'
        ))}
    </Field>
  );
}

function Properties(props: { details: ObjectDetails }) {
  const d = props.details;
  return (
    <Flex direction="column" gap="3">
      <Field label="Key">
        <Text as="span" className={styles.url}>
          {d.key}
        </Text>
      </Field>
      <Field label="Size">{formatBytes(d.size)}</Field>
      <Field label="Last modified">
        {d.lastModified ? formatDateTime(d.lastModified) : undefined}
      </Field>
      <Field label="Content type">{d.contentType}</Field>
      <Field label="Storage class">{d.storageClass ?? 'STANDARD'}</Field>
      <Field label="ETag">
        <Text as="span" className={styles.url}>
          {d.etag ?? '—'}
        </Text>
      </Field>
      <Pairs label="User metadata" pairs={d.metadata} />
      <Pairs label="Tags" pairs={d.tags} unavailable={d.tagsUnavailable} />
    </Flex>
  );
}

type Open = 'preview' | 'share' | 'delete' | undefined;

/**
 * The selected object: its properties, and download, preview, share and
 * delete (as far as the caller may). Bytes never pass through the portal:
 * each action asks for a presigned link to the bucket.
 */
export function ObjectDetailsPanel(props: {
  resourceId: string;
  objectKey: string;
  access: ObjectAccess;
  onDeleted: () => void;
}) {
  const api = useApi(s3ResourcesApiRef);
  const { resourceId, objectKey, access } = props;
  const details = useAsyncRetry(
    () => api.getObject(resourceId, objectKey),
    [api, resourceId, objectKey],
  );
  const [open, setOpen] = useState<Open>();
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<unknown>();

  const download = async () => {
    setDownloading(true);
    setDownloadError(undefined);
    try {
      const link = await api.linkObject(resourceId, objectKey, 'download');
      navigateTo(link.url);
    } catch (e) {
      setDownloadError(e);
    } finally {
      setDownloading(false);
    }
  };

  const value = details.value;
  return (
    <Card role="region" aria-label={`Object ${baseName(objectKey)}`}>
      <CardHeader>
        <Text as="h3" variant="title-small" className={styles.url}>
          {baseName(objectKey)}
        </Text>
      </CardHeader>
      <CardBody>
        <Flex direction="column" gap="4">
          {details.loading && (
            <Skeleton
              width="100%"
              height={200}
              aria-label="Loading the object"
            />
          )}
          {details.error && (
            <ErrorAlert
              error={details.error}
              action="read the object"
              onRetry={details.retry}
            />
          )}
          {value && (
            <>
              <Flex gap="2" className={styles.actions}>
                <Button
                  size="small"
                  variant="primary"
                  iconStart={<RiDownloadLine />}
                  onPress={download}
                  isPending={downloading}
                >
                  Download
                </Button>
                {value.preview !== 'none' && (
                  <Button
                    size="small"
                    variant="secondary"
                    iconStart={<RiEyeLine />}
                    onPress={() => setOpen('preview')}
                  >
                    Preview
                  </Button>
                )}
                <Button
                  size="small"
                  variant="secondary"
                  iconStart={<RiShareLine />}
                  onPress={() => setOpen('share')}
                >
                  Share
                </Button>
                {access.delete && (
                  <Button
                    size="small"
                    variant="secondary"
                    destructive
                    iconStart={<RiDeleteBinLine />}
                    aria-label="Delete object"
                    onPress={() => setOpen('delete')}
                  >
                    Delete
                  </Button>
                )}
              </Flex>
              {value.preview === 'none' && (
                <Text as="p" variant="body-small" color="secondary">
                  No preview for this type of object: download it instead.
                </Text>
              )}
              {!access.delete && access.deleteUnavailable && (
                <Text as="p" variant="body-small" color="secondary">
                  {access.deleteUnavailable}
                </Text>
              )}
              {downloadError !== undefined && (
                <ErrorAlert
                  error={downloadError}
                  action="download the object"
                />
              )}
              <Properties details={value} />
            </>
          )}
        </Flex>
      </CardBody>
      {open === 'preview' && (
        <PreviewDialog
          resourceId={resourceId}
          objectKey={objectKey}
          onDownload={download}
          onClose={() => setOpen(undefined)}
        />
      )}
      {open === 'share' && (
        <ShareDialog
          resourceId={resourceId}
          objectKey={objectKey}
          access={access}
          onClose={() => setOpen(undefined)}
        />
      )}
      {open === 'delete' && (
        <DeleteObjectDialog
          resourceId={resourceId}
          objectKey={objectKey}
          onClose={() => setOpen(undefined)}
          onDeleted={() => {
            setOpen(undefined);
            props.onDeleted();
          }}
        />
      )}
    </Card>
  );
}
