import { Card, CardBody, CardHeader, Flex, Grid, Text } from '@backstage/ui';
import {
  OWNER_REF,
  PROVIDER_PROFILES,
  RESOURCE_REF,
  ResourceAuthView,
  SYSTEM_REF,
  S3Resource,
} from '@s3-resources/plugin-s3-resources-common';
import { ReactNode } from 'react';
import { EntityRef } from '../common/EntityRef';
import { CopyButton } from '../common/CopyButton';
import { Field } from '../common/Field';
import { formatDateTime } from '../common/time';

const AUTH_METHOD_TEXT: Record<ResourceAuthView['method'], string> = {
  'access-key': 'Access key (key ID and secret)',
  'assume-role': 'Assume an IAM role',
  'aws-account': 'AWS account configured in the portal',
};

const ACCESS_LEVEL_TEXT: Record<S3Resource['accessLevel'], string> = {
  read: 'Read',
  'read-write': 'Read and write',
  full: 'Full (the classic action list)',
  custom: 'Custom actions',
};

const UPLOAD_MODE_TEXT: Record<S3Resource['cors']['uploadMode'], string> = {
  'download-only': 'Download only',
  'simple-put': 'Simple PUT',
  'presigned-post': 'Presigned POST',
  multipart: 'Multipart',
};

function Group(props: { title: string; children: ReactNode }) {
  return (
    <Card>
      <CardHeader>
        <Text as="h3" variant="title-x-small">
          {props.title}
        </Text>
      </CardHeader>
      <CardBody>
        <Grid.Root columns={{ initial: '1', sm: '2' }} gap="4">
          {props.children}
        </Grid.Root>
      </CardBody>
    </Card>
  );
}

function Secret(props: { hasSecret: boolean }) {
  return (
    <Field label="Secret access key">
      {props.hasSecret
        ? 'Stored encrypted (secret stored), never shown'
        : 'Not stored'}
    </Field>
  );
}

function AccessKey(props: {
  auth: { accessKeyId: string; hasSecret: boolean };
}) {
  // whole for those who may update the resource, masked for everyone else
  const masked = props.auth.accessKeyId.startsWith('*');
  return (
    <>
      <Field label={masked ? 'Access key ID (masked)' : 'Access key ID'}>
        <Text as="span" style={{ fontFamily: 'var(--bui-font-monospace)' }}>
          {props.auth.accessKeyId}
        </Text>
      </Field>
      <Secret hasSecret={props.auth.hasSecret} />
    </>
  );
}

function ExternalId(props: { value: string }) {
  return (
    <Flex direction="column" gap="2" style={{ gridColumn: '1 / -1' }}>
      <Text as="span" variant="body-small" color="secondary">
        External ID
      </Text>
      <Flex gap="2" align="center" style={{ flexWrap: 'wrap' }}>
        <Text
          as="span"
          style={{
            fontFamily: 'var(--bui-font-monospace)',
            wordBreak: 'break-all',
          }}
        >
          {props.value}
        </Text>
        <CopyButton text={props.value} label="Copy external ID" />
      </Flex>
      <Text as="p" variant="body-small" color="secondary">
        The role’s trust policy requires this value (sts:ExternalId), so only
        this portal, asking for this resource, can assume the role; another tool
        that learns the role ARN cannot (the “confused deputy” problem). It is
        shown only to those who may change this resource: share it with whoever
        sets up the role, not more widely.
      </Text>
    </Flex>
  );
}

function Credentials(props: { auth: ResourceAuthView }) {
  const { auth } = props;
  return (
    <Group title="Credentials">
      <Field label="Authentication method">
        {AUTH_METHOD_TEXT[auth.method]}
      </Field>
      {auth.method === 'access-key' && <AccessKey auth={auth} />}
      {auth.method === 'aws-account' && (
        <Field label="AWS account">{auth.accountId}</Field>
      )}
      {auth.method === 'assume-role' && (
        <>
          <Field label="Role ARN">{auth.roleArn}</Field>
          <Field label="Source credentials">
            {auth.source.method === 'access-key'
              ? 'Access key'
              : `AWS account ${auth.source.accountId}`}
          </Field>
          {auth.source.method === 'access-key' && (
            <AccessKey auth={auth.source} />
          )}
          {auth.externalId && <ExternalId value={auth.externalId} />}
        </>
      )}
    </Group>
  );
}

/**
 * Settings, location, access and credentials of a resource. On the entity's
 * own page (`embedded`) it does not link to that page.
 */
export function OverviewPanel(props: {
  resource: S3Resource;
  embedded?: boolean;
}) {
  const r = props.resource;
  const profile = PROVIDER_PROFILES[r.provider];
  return (
    <Flex direction="column" gap="4">
      <Group title="About">
        <Field label="Name">{r.name}</Field>
        <Field label="Title">{r.title}</Field>
        <Field label="Description">{r.description}</Field>
        <Field label="Owner">
          <EntityRef entityRef={r.owner} rule={OWNER_REF} />
        </Field>
        <Field label="System">
          {r.system ? (
            <EntityRef entityRef={r.system} rule={SYSTEM_REF} />
          ) : undefined}
        </Field>
        <Field label="Tags">
          {r.tags.length ? r.tags.join(', ') : undefined}
        </Field>
        {!props.embedded && (
          <Field label="Catalog entity">
            <EntityRef entityRef={r.entityRef} rule={RESOURCE_REF} />
          </Field>
        )}
      </Group>
      <Group title="Location">
        <Field label="Provider">{profile?.title ?? r.provider}</Field>
        <Field label="Endpoint">
          {r.endpoint ??
            (profile?.isAws ? 'AWS (regional endpoint)' : undefined)}
        </Field>
        <Field label="Bucket">{r.bucket}</Field>
        <Field label="Prefix">{r.prefix}</Field>
        <Field label="Region">{r.region}</Field>
        <Field label="Addressing">
          {r.forcePathStyle ? 'Path style' : 'Virtual-hosted style'}
        </Field>
      </Group>
      <Group title="Access">
        <Field label="Access level">{ACCESS_LEVEL_TEXT[r.accessLevel]}</Field>
        {r.accessLevel === 'custom' && (
          <Field label="Custom actions">{r.customActions?.join(', ')}</Field>
        )}
        <Field label="Default ACL for uploads">
          {r.defaultAcl === 'none' ? 'None (no ACL header)' : r.defaultAcl}
        </Field>
        <Field label="Object ownership">{r.objectOwnership}</Field>
        <Field label="SSE-KMS key">{r.kmsKeyArn}</Field>
        <Field label="CORS origins">
          {r.cors.origins.length
            ? r.cors.origins.join(', ')
            : 'The portal’s base URL'}
        </Field>
        <Field label="Upload mode">{UPLOAD_MODE_TEXT[r.cors.uploadMode]}</Field>
      </Group>
      <Credentials auth={r.auth} />
      <Text as="p" variant="body-small" color="secondary">
        Registered {formatDateTime(r.createdAt)} by {r.createdBy}; last changed{' '}
        {formatDateTime(r.updatedAt)} by {r.updatedBy} (version {r.version}).
      </Text>
    </Flex>
  );
}
