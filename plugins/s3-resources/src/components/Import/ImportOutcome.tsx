import { useRouteRef } from '@backstage/core-plugin-api';
import { Flex, Link, Text } from '@backstage/ui';
import { ImportResult } from '../../api/S3ResourcesApi';
import { resourceRouteRef } from '../../routes';
import table from '../common/plainTable.module.css';
import { StatusLabel } from '../common/status';
import { ImportRow } from './importRow';

/** The connection test run on a created resource: its verdict and first problem. */
function ImportTestResult(props: { test: NonNullable<ImportResult['test']> }) {
  const { test } = props;
  return (
    <Flex direction="column" gap="1" align="start">
      <Flex gap="1" align="center">
        <Text as="span" variant="body-small" color="secondary">
          Connection test:
        </Text>
        <StatusLabel status={test.status} />
      </Flex>
      {test.problem && (
        <Text as="span" variant="body-small" className={table.wrapAnywhere}>
          {test.problem}
        </Text>
      )}
    </Flex>
  );
}

/** A link to a registered resource, by its name. */
function OpenLink(props: { id?: string; name: string }) {
  const resourceLink = useRouteRef(resourceRouteRef);
  if (!props.id) return null;
  return <Link href={resourceLink({ id: props.id })}>Open {props.name}</Link>;
}

/** What happened to a row: registered before, waiting, created and tested, or failed. */
export function Outcome(props: { row: ImportRow; pending: boolean }) {
  const { result, bucket } = props.row;
  if (!result && bucket.registered) {
    return (
      <Flex direction="column" gap="1">
        <Text as="span" variant="body-small" weight="bold" color="secondary">
          = Already registered
        </Text>
        {bucket.registered.resourceId && bucket.registered.name ? (
          <OpenLink
            id={bucket.registered.resourceId}
            name={bucket.registered.name}
          />
        ) : (
          <Text as="span" variant="body-small" className={table.wrapAnywhere}>
            by a resource you may not see
          </Text>
        )}
      </Flex>
    );
  }
  if (!result) {
    return (
      <Text as="span" variant="body-small" color="secondary">
        {props.pending ? '… Waiting' : '—'}
      </Text>
    );
  }
  if (result.outcome === 'created') {
    return (
      <Flex direction="column" gap="1">
        <Text as="span" variant="body-small" weight="bold" color="success">
          ✓ Created
        </Text>
        <OpenLink id={result.resourceId} name={result.name} />
        {result.test && <ImportTestResult test={result.test} />}
      </Flex>
    );
  }
  return (
    <Flex direction="column" gap="1">
      <Text
        as="span"
        variant="body-small"
        weight="bold"
        color={result.outcome === 'exists' ? 'warning' : 'danger'}
      >
        {result.outcome === 'exists' ? '= Already registered' : '✕ Failed'}
      </Text>
      {result.message && (
        <Text as="span" variant="body-small" className={table.wrapAnywhere}>
          {result.message}
        </Text>
      )}
    </Flex>
  );
}
