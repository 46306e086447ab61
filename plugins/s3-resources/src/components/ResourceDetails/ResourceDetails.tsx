import { useApi } from '@backstage/core-plugin-api';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { Card, CardBody, CardHeader, Flex, Text } from '@backstage/ui';
import { S3Resource } from '@s3-resources/plugin-s3-resources-common';
import useAsync from 'react-use/esm/useAsync';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { StatusLabel } from '../StatusLabel/StatusLabel';

function authSummary(resource: S3Resource): string {
  const auth = resource.auth;
  switch (auth.method) {
    case 'access-key':
      return `Access key ${auth.accessKeyId}${
        auth.hasSecret ? ' (secret stored)' : ''
      }`;
    case 'assume-role':
      return `Assumes ${auth.roleArn}`;
    case 'aws-account':
      return `AWS account ${auth.accountId}`;
    default:
      return 'Unknown';
  }
}

function Field(props: { label: string; value?: string }) {
  return (
    <Flex direction="column" gap="1">
      <Text variant="body-small" color="secondary">
        {props.label}
      </Text>
      <Text>{props.value ?? '—'}</Text>
    </Flex>
  );
}

/** Details of one resource; the plugin page and the entity tab both show it. */
export function ResourceDetails(props: { id: string }) {
  const api = useApi(s3ResourcesApiRef);
  const { value, loading, error } = useAsync(
    () => api.getResource(props.id),
    [api, props.id],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  const r = value!;
  return (
    <Card>
      <CardHeader>
        <Flex justify="between" align="center">
          <Text as="h2" variant="title-small">
            {r.title ?? r.name}
          </Text>
          <StatusLabel status={r.status.lastTest?.status} />
        </Flex>
      </CardHeader>
      <CardBody>
        <Flex direction="column" gap="3">
          <Field label="Bucket" value={r.bucket} />
          <Field label="Prefix" value={r.prefix} />
          <Field label="Provider" value={r.provider} />
          <Field label="Endpoint" value={r.endpoint} />
          <Field label="Region" value={r.region} />
          <Field label="Owner" value={r.owner} />
          <Field label="Default ACL for uploads" value={r.defaultAcl} />
          <Field label="Access level" value={r.accessLevel} />
          <Field label="Credentials" value={authSummary(r)} />
        </Flex>
      </CardBody>
    </Card>
  );
}
