import { useApi } from '@backstage/core-plugin-api';
import { Alert, Flex, Link, Skeleton, Text } from '@backstage/ui';
import useAsync from 'react-use/esm/useAsync';
import { useLocation } from 'react-router-dom';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { CodeBlock } from '../common/CodeBlock';
import { CopyButton } from '../common/CopyButton';
import { ErrorAlert } from '../common/ErrorAlert';
import { policyAnchor } from '../PoliciesPanel/PolicyCard';

/** This page on the Policies tab, where the CORS configuration and its command are. */
function usePoliciesHref() {
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  params.set('tab', 'policies');
  params.delete('folder');
  params.delete('key');
  return `${location.pathname}?${params.toString()}#${policyAnchor('cors')}`;
}

/**
 * Why an upload never reached the bucket, and the fix: the CORS
 * configuration generated for the resource, to apply to the bucket.
 */
export function CorsFix(props: { resourceId: string; message: string }) {
  const api = useApi(s3ResourcesApiRef);
  const policies = useAsync(
    () => api.getPolicies(props.resourceId),
    [api, props.resourceId],
  );
  const href = usePoliciesHref();
  const json = policies.value?.cors
    ? JSON.stringify(policies.value.cors.configuration, null, 2)
    : undefined;
  return (
    <Flex direction="column" gap="3">
      <Alert
        role="alert"
        status="danger"
        icon
        title={props.message}
        description="The browser sends uploads to the bucket itself; the bucket must allow this portal's origin. Apply the CORS configuration below to the bucket (or ask its owner to), then try again."
      />
      <Text as="p">
        <Link href={href}>Open the CORS configuration on the Policies tab</Link>{' '}
        for the command and the console steps.
      </Text>
      {policies.loading && <Skeleton width="100%" height={120} />}
      {policies.error && (
        <ErrorAlert
          error={policies.error}
          action="generate the CORS configuration"
        />
      )}
      {json && (
        <Flex direction="column" gap="2">
          <Flex justify="between" align="center">
            <Text as="h4" variant="title-x-small">
              CORS configuration
            </Text>
            <CopyButton text={json} label="Copy CORS configuration" />
          </Flex>
          <CodeBlock label="CORS configuration">{json}</CodeBlock>
        </Flex>
      )}
      {policies.value && !policies.value.cors && (
        <Text as="p">{policies.value.notes.join(' ')}</Text>
      )}
    </Flex>
  );
}
