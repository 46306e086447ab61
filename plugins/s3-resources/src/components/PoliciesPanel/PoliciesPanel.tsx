import { useApi } from '@backstage/core-plugin-api';
import { Alert, Flex, Skeleton, Text } from '@backstage/ui';
import {
  ResourcePolicies,
  S3Resource,
} from '@s3-resources/plugin-s3-resources-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { ErrorAlert } from '../common/ErrorAlert';
import layout from '../common/layout.module.css';
import { PolicyKind } from './applyPolicies';
import { POLICY_TITLES, policyAnchor } from './PolicyCard';
import { CorsSection, PolicySection } from './PolicySections';
import { DesiredVsLive } from './DesiredVsLive';
import styles from './policies.module.css';

/** Links to the cards of the policies that were generated. */
function PolicyLinks(props: { policies: ResourcePolicies }) {
  const { policies } = props;
  const kinds: PolicyKind[] = [
    'iam',
    ...(policies.trustPolicy ? (['trust'] as const) : []),
    ...(policies.bucketPolicy ? (['bucket'] as const) : []),
    ...(policies.cors ? (['cors'] as const) : []),
  ];
  return (
    <nav aria-label="Policies on this tab">
      <Flex gap="4" className={layout.wrap}>
        {kinds.map(kind => (
          <a
            key={kind}
            className={styles.anchor}
            href={`#${policyAnchor(kind)}`}
          >
            {POLICY_TITLES[kind]}
          </a>
        ))}
      </Flex>
    </nav>
  );
}

/** Every generated policy of a resource, ready to copy, download and apply. */
export function PoliciesPanel(props: { resource: S3Resource }) {
  const api = useApi(s3ResourcesApiRef);
  const { resource } = props;
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getPolicies(resource.id),
    [api, resource.id, resource.version],
  );
  if (loading) {
    return (
      <Flex
        direction="column"
        gap="3"
        aria-busy="true"
        aria-label="Loading policies"
      >
        <Skeleton width="40%" height={24} />
        <Skeleton width="100%" height={240} />
      </Flex>
    );
  }
  if (error) {
    return (
      <ErrorAlert
        error={error}
        action="generate the policies"
        onRetry={retry}
      />
    );
  }
  const policies = value!;
  return (
    <Flex direction="column" gap="4">
      <Text as="p" color="secondary">
        Generated from this resource’s settings: copy or download each document,
        apply it with the command or the steps below it. They change when the
        settings do.
      </Text>
      <PolicyLinks policies={policies} />
      {policies.notes.length > 0 && (
        <Alert
          status="info"
          icon
          title="Not generated"
          description={policies.notes.join(' ')}
        />
      )}
      <DesiredVsLive resource={resource} />
      <PolicySection
        resource={resource}
        kind="iam"
        policy={policies.iamPolicy}
      />
      {policies.trustPolicy && (
        <PolicySection
          resource={resource}
          kind="trust"
          policy={policies.trustPolicy}
        />
      )}
      {policies.bucketPolicy && (
        <PolicySection
          resource={resource}
          kind="bucket"
          policy={policies.bucketPolicy}
        />
      )}
      {policies.cors && (
        <CorsSection resource={resource} cors={policies.cors} />
      )}
    </Flex>
  );
}
