import { useApi } from '@backstage/core-plugin-api';
import { Alert, Flex, Skeleton, Text } from '@backstage/ui';
import {
  ACCESS_CATEGORY_TITLES,
  ACCESS_FINDING_KINDS,
  AccessMap,
  OWNER_REF,
  S3Resource,
} from '@s3-resources/plugin-s3-resources-common';
import { useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { FindingFilter, s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { FindingsTable } from '../Audit/FindingsTable';
import { EntityRef } from '../common/EntityRef';
import { ErrorAlert } from '../common/ErrorAlert';
import { Field } from '../common/Field';
import { formatDateTime, formatRelativeTime } from '../common/time';
import { AccessTable } from './AccessTable';
import styles from './accessMap.module.css';
import { INPUT_TEXT } from './accessText';

const INPUTS: Array<[keyof AccessMap['inputs'], string]> = [
  ['bucketPolicy', 'Bucket policy'],
  ['bucketAcl', 'Bucket ACL'],
  ['publicAccessBlock', 'Public access block'],
];

function Facts(props: { map: AccessMap }) {
  const { map } = props;
  return (
    <Flex direction="column" gap="3">
      <Flex gap="6" className={styles.wrap}>
        <Field label="Owned by">
          <EntityRef entityRef={map.owner} rule={OWNER_REF} />
        </Field>
        <Field label="The portal uses">{map.portal.description}</Field>
        <Field label="Access level">
          {map.accessLevel} (
          {map.levelCategories
            .map(c => ACCESS_CATEGORY_TITLES[c].toLocaleLowerCase('en-US'))
            .join(', ') || 'nothing'}
          )
        </Field>
        <Field label="From the connection test of">
          {map.run ? (
            <span title={formatDateTime(map.run.startedAt)}>
              {formatRelativeTime(map.run.startedAt)}
            </span>
          ) : (
            'never tested'
          )}
        </Field>
      </Flex>
      <Flex gap="6" className={styles.wrap}>
        {INPUTS.map(([key, label]) => (
          <Field key={key} label={label}>
            <span title={map.inputs[key].detail}>
              <Text
                as="span"
                color={
                  map.inputs[key].state === 'unknown' ? 'warning' : 'primary'
                }
              >
                {INPUT_TEXT[map.inputs[key].state]}
              </Text>
              {map.inputs[key].state === 'unknown' && (
                <Text as="span" variant="body-small" color="secondary">
                  {' '}
                  — {map.inputs[key].detail}
                </Text>
              )}
            </span>
          </Field>
        ))}
      </Flex>
    </Flex>
  );
}

/**
 * Who may read, list, write, delete or change the permissions of the
 * resource's bucket, from the latest connection test (the audit sweep
 * refreshes it), and the findings about it. For those who may update the
 * resource and the platform group; the API refuses others.
 */
export function AccessPanel(props: {
  resource: S3Resource;
  refreshKey?: number;
}) {
  const api = useApi(s3ResourcesApiRef);
  const { id } = props.resource;
  const loaded = useAsyncRetry(
    () => api.getAccessMap(id),
    [api, id, props.refreshKey],
  );
  const filter = useMemo<FindingFilter>(
    () => ({ resourceId: id, kind: [...ACCESS_FINDING_KINDS] }),
    [id],
  );
  if (loaded.error) {
    return (
      <ErrorAlert
        error={loaded.error}
        action="load the access map"
        onRetry={loaded.retry}
      />
    );
  }
  if (!loaded.value) {
    return (
      <Flex
        direction="column"
        gap="3"
        aria-busy="true"
        aria-label="Loading the access map"
      >
        <Skeleton width="60%" height={24} />
        <Skeleton width="100%" height={200} />
      </Flex>
    );
  }
  const { map } = loaded.value;
  return (
    <Flex direction="column" gap="4">
      <Text as="p" color="secondary">
        Who may read, list, write, delete or change the permissions of bucket{' '}
        {map.prefix ? `${map.bucket}/${map.prefix}` : map.bucket}, from its
        bucket policy, bucket ACL and public access block as the last connection
        test read them, and the IAM policy the portal generates for itself.
        Columns marked * are beyond the resource's access level. Identity
        policies of principals in their own accounts are not visible to the
        portal; object ACLs are not read.
      </Text>
      <Facts map={map} />
      {!map.run && (
        <Alert
          status="info"
          icon
          title="Not tested yet"
          description="Until a connection test (or the audit sweep) reads the bucket's policy and ACL, what they grant is unknown."
        />
      )}
      <AccessTable map={map} />
      <Text as="h3" variant="title-x-small">
        Findings about access
      </Text>
      <FindingsTable
        aria-label="Findings about access to this resource"
        filter={filter}
        hideResource
        refreshKey={props.refreshKey}
        emptyState={
          <Flex p="4">
            <Text as="p">
              No findings about access: the last sweep found no public,
              cross-account or beyond-level grant on this bucket.
            </Text>
          </Flex>
        }
      />
    </Flex>
  );
}
