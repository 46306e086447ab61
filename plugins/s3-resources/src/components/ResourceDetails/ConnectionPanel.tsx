import { useApi } from '@backstage/core-plugin-api';
import { Alert, Button, Checkbox, Flex, Skeleton, Text } from '@backstage/ui';
import { RiPlayLine } from '@remixicon/react';
import { S3Resource, TestRun } from '@s3-resources/plugin-s3-resources-common';
import { useCallback, useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { ErrorAlert } from '../common/ErrorAlert';
import { statusOf } from '../common/errors';
import { STALE_TEST_TEXT } from '../common/status';
import { TestRunSummary } from '../ConnectionTest/TestRunSummary';
import { TestStepList } from '../ConnectionTest/TestStepList';
import { useConnectionTest } from '../ConnectionTest/useConnectionTest';

function LastRun(props: {
  resourceId: string;
  /** The credentials changed after this run started. */
  beforeCredentialsChange?: boolean;
}) {
  const api = useApi(s3ResourcesApiRef);
  const { value, loading, error } = useAsync(
    () => api.listTestRuns(props.resourceId, { limit: 1 }),
    [api, props.resourceId],
  );
  if (loading) return <Skeleton width="100%" height={48} />;
  if (error) {
    // The history endpoint may not exist on older backends; say so without alarm.
    return statusOf(error) === 404 ? null : (
      <ErrorAlert error={error} action="load the last test run" />
    );
  }
  const last = value?.items[0];
  if (!last) {
    return <Text as="p">This resource has not been tested yet.</Text>;
  }
  return (
    <Flex direction="column" gap="3">
      <Text as="h3" variant="title-x-small">
        Last run
      </Text>
      {props.beforeCredentialsChange && (
        <Alert
          status="warning"
          icon
          title={`${STALE_TEST_TEXT}`}
          description="This run used the credentials stored before the last change; it says nothing about the current ones. Run the test again."
        />
      )}
      <TestRunSummary run={last} />
      <TestStepList steps={last.steps} label="Steps of the last test run" />
    </Flex>
  );
}

/** "Test now" with live steps, and the last run when no test is running. */
export function ConnectionPanel(props: {
  resource: S3Resource;
  canTest: boolean;
  onTested?: (run: TestRun) => void;
  /**
   * Start a test as soon as the panel shows (after new credentials were
   * saved, so the status is about them); `onAutoStarted` clears the request.
   */
  autoStart?: boolean;
  onAutoStarted?: () => void;
}) {
  const { resource, canTest, onTested, autoStart, onAutoStarted } = props;
  const api = useApi(s3ResourcesApiRef);
  const [writeProbe, setWriteProbe] = useState(false);
  const startTest = useCallback(
    (options: Parameters<typeof api.testResource>[1]) =>
      api.testResource(resource.id, options),
    [api, resource.id],
  );
  const test = useConnectionTest(startTest);
  const started = test.running || test.run || test.error !== undefined;

  const runTest = async () => {
    const run = await test.start({ writeProbe });
    if (run) onTested?.(run);
  };

  useEffect(() => {
    if (!autoStart || !canTest) return;
    onAutoStarted?.();
    runTest();
    // once per request: runTest changes with every render
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [autoStart, canTest]);

  return (
    <Flex direction="column" gap="4">
      <Text as="p" color="secondary">
        The test checks, step by step, that the portal can reach the bucket with
        the stored credentials: endpoint, credentials, bucket, region, listing
        within the prefix, CORS rules and bucket settings. It never lists your
        other buckets.
      </Text>
      {canTest ? (
        <Flex direction="column" gap="3" align="start">
          <Checkbox
            isSelected={writeProbe}
            onChange={setWriteProbe}
            isDisabled={test.running}
          >
            Include write probe (uploads a small sentinel object with the
            default ACL and tags, then deletes it)
          </Checkbox>
          <Button
            variant="primary"
            iconStart={<RiPlayLine />}
            onPress={runTest}
            isPending={test.running}
          >
            {test.running ? 'Testing…' : 'Test now'}
          </Button>
        </Flex>
      ) : (
        <Text as="p" color="secondary">
          Only the resource&apos;s owners and the platform team may run
          connection tests.
        </Text>
      )}
      <div aria-live="polite" aria-busy={test.running}>
        {started && (
          <Flex direction="column" gap="3">
            <Text as="h3" variant="title-x-small">
              {test.running ? 'Test in progress' : 'This test'}
            </Text>
            {test.run && <TestRunSummary run={test.run} />}
            {test.error !== undefined && (
              <ErrorAlert error={test.error} action="run the connection test" />
            )}
            {(test.steps.length > 0 || test.running) && (
              <TestStepList steps={test.steps} running={test.running} />
            )}
          </Flex>
        )}
      </div>
      {!started && (
        <LastRun
          resourceId={resource.id}
          beforeCredentialsChange={
            resource.status.lastTest?.beforeCredentialsChange
          }
        />
      )}
    </Flex>
  );
}
