import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  Card,
  CardBody,
  CardFooter,
  CardHeader,
  Flex,
  Link,
  Skeleton,
  Text,
} from '@backstage/ui';
import {
  ANNOTATION_RESOURCE_ID,
  ResourceStorage,
} from '@s3-resources/plugin-s3-resources-common';
import useAsync from 'react-use/esm/useAsync';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { formatBytes } from '../Objects/objectFormat';
import { formatCount } from '../Storage/storageText';
import { ErrorAlert } from '../common/ErrorAlert';
import { Field } from '../common/Field';
import { StatusLabel } from '../common/status';
import { formatDateTime, formatRelativeTime } from '../common/time';

/** The latest complete scan in one line: "1.2 GiB in 3,400 objects, scanned 2 hours ago". */
function StoredText(props: { storage?: ResourceStorage; failed: boolean }) {
  if (props.failed) return <>Unknown (the figures could not be loaded)</>;
  const latest = props.storage?.latest;
  if (!props.storage) return <Skeleton width={160} height={16} />;
  if (!latest) {
    return (
      <>
        {props.storage.inProgress ? 'First scan under way' : 'Not scanned yet'}
      </>
    );
  }
  if (latest.unknown.some(u => u.figure === 'objects')) {
    return <>Unknown (the scan may not list the objects)</>;
  }
  return (
    <Text as="span" title={formatDateTime(latest.takenAt)}>
      {formatBytes(latest.bytes)} in {formatCount(latest.objects)}{' '}
      {latest.objects === 1 ? 'object' : 'objects'}, scanned{' '}
      {formatRelativeTime(latest.takenAt)}
    </Text>
  );
}

/**
 * A small overview card for `s3-bucket` entities: status, bucket, region,
 * last test, what it stores and a link to the policies on the entity's S3 tab.
 */
export function EntityS3Card(props: { s3TabPath?: string }) {
  const { entity } = useEntity();
  const api = useApi(s3ResourcesApiRef);
  const id = entity.metadata.annotations?.[ANNOTATION_RESOURCE_ID];
  const { value, loading, error } = useAsync(
    async () => (id ? api.getResource(id) : undefined),
    [api, id],
  );
  // the figures are extra: without them the card still shows the rest
  const storage = useAsync(
    async () => (id ? api.getStorage(id) : undefined),
    [api, id],
  );
  const entityLink = useRouteRef(entityRouteRef);
  const tab = `${entityLink(entityRouteParams(entity))}/${
    props.s3TabPath ?? 's3'
  }`;

  let body;
  if (!id) {
    body = <Text as="p">Not managed by the S3 resources plugin.</Text>;
  } else if (loading) {
    body = <Skeleton width="100%" height={96} />;
  } else if (error) {
    body = <ErrorAlert error={error} action="load the bucket" />;
  } else if (value) {
    const last = value.status.lastTest;
    body = (
      <Flex direction="column" gap="3" align="start">
        <StatusLabel status={last?.status} />
        <Field label="Bucket">
          {value.prefix ? `${value.bucket}/${value.prefix}` : value.bucket}
        </Field>
        <Field label="Region">{value.region}</Field>
        <Field label="Last test">
          {last ? (
            <Text as="span" title={formatDateTime(last.at)}>
              {formatRelativeTime(last.at)}
            </Text>
          ) : (
            'Never'
          )}
        </Field>
        <Field label="Stored">
          <StoredText storage={storage.value} failed={!!storage.error} />
        </Field>
      </Flex>
    );
  }

  return (
    <Card>
      <CardHeader>
        <Text as="h2" variant="title-x-small">
          S3 bucket
        </Text>
      </CardHeader>
      <CardBody>{body}</CardBody>
      {value && (
        <CardFooter>
          <Flex gap="3">
            <Link href={`${tab}?tab=policies`}>View policies</Link>
            <Link href={`${tab}?tab=storage`}>Storage</Link>
            <Link href={`${tab}?tab=connection`}>Test connection</Link>
          </Flex>
        </CardFooter>
      )}
    </Card>
  );
}
