import { useRouteRef } from '@backstage/core-plugin-api';
import { Alert, ButtonLink, Flex, Text } from '@backstage/ui';
import { rootRouteRef } from '../../routes';
import { ErrorAlert } from '../common/ErrorAlert';
import { Importing } from './importReducer';
import styles from './import.module.css';
import { plural } from './plural';

/** Live progress of an import, then its totals or its error. */
export function ImportStatus(props: { importing: Importing }) {
  const { importing } = props;
  const listLink = useRouteRef(rootRouteRef);
  if (importing.phase === 'running') {
    return (
      <Flex direction="column" gap="1">
        <Text as="p" role="status" weight="bold">
          Importing… {importing.done} of {importing.total} done
        </Text>
        <progress
          aria-label="Import progress"
          value={importing.done}
          max={importing.total}
          className={styles.progress}
        />
      </Flex>
    );
  }
  if (importing.phase === 'done') {
    const { created, exists, failed, results } = importing.outcome;
    const failingTests = results.filter(r => r.test?.status === 'fail').length;
    return (
      <Alert
        role="status"
        status={failed || failingTests ? 'warning' : 'success'}
        icon
        title={`Import finished: ${created} created, ${exists} already registered, ${failed} failed`}
        description={`${
          failingTests
            ? `${plural(
                failingTests,
                'created resource fails its connection test',
                'created resources fail their connection test',
              )}; each row says why. `
            : ''
        }Each row says what happened to its bucket. Created resources appear in the catalog at its next sync.`}
        customActions={
          <ButtonLink size="small" variant="secondary" href={listLink()}>
            See all resources
          </ButtonLink>
        }
      />
    );
  }
  if (importing.phase === 'error') {
    return <ErrorAlert error={importing.error} action="import the buckets" />;
  }
  return <Text as="p" role="status" />;
}
