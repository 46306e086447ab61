import { useApi } from '@backstage/core-plugin-api';
import {
  Accordion,
  AccordionGroup,
  AccordionPanel,
  AccordionTrigger,
  Button,
  Flex,
  Skeleton,
  Text,
} from '@backstage/ui';
import { TestRun } from '@s3-resources/plugin-s3-resources-common';
import { useCallback } from 'react';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { ErrorAlert } from '../common/ErrorAlert';
import { STATUS_TEXT } from '../common/status';
import {
  formatDateTime,
  formatDuration,
  formatRelativeTime,
} from '../common/time';
import { TestStepList } from '../ConnectionTest/TestStepList';
import { useCursorList } from './useCursorList';

const SYMBOL = { pass: '✓', warn: '!', fail: '✕', skipped: '–' } as const;

function runTitle(run: TestRun) {
  return `${SYMBOL[run.status]} ${
    STATUS_TEXT[run.status]
  } · ${formatRelativeTime(run.startedAt)}`;
}

/** Past connection tests, newest first, each expandable to its steps. */
export function HistoryPanel(props: {
  resourceId: string;
  refreshKey?: number;
}) {
  const api = useApi(s3ResourcesApiRef);
  const load = useCallback(
    (cursor?: string) =>
      api.listTestRuns(props.resourceId, { cursor, limit: 20 }),
    // refreshKey reloads after a new test
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, props.resourceId, props.refreshKey],
  );
  const list = useCursorList(load);

  if (list.error && !list.items.length) {
    return (
      <ErrorAlert
        error={list.error}
        action="load the test history"
        onRetry={list.reload}
      />
    );
  }
  if (list.loading && !list.items.length) {
    return <Skeleton width="100%" height={120} />;
  }
  if (!list.items.length) {
    return (
      <Text as="p">No connection tests have run for this resource yet.</Text>
    );
  }
  return (
    <Flex direction="column" gap="3">
      <AccordionGroup allowsMultiple>
        {list.items.map(run => (
          <Accordion key={run.id}>
            <AccordionTrigger
              title={runTitle(run)}
              subtitle={`${formatDateTime(run.startedAt)} · ${formatDuration(
                run.durationMs,
              )} · by ${run.initiatedBy}`}
            />
            <AccordionPanel>
              <TestStepList
                steps={run.steps}
                label={`Steps of the test at ${formatDateTime(run.startedAt)}`}
              />
            </AccordionPanel>
          </Accordion>
        ))}
      </AccordionGroup>
      {list.error !== undefined && (
        <ErrorAlert error={list.error} action="load more test runs" />
      )}
      {list.hasMore && (
        <Button
          variant="secondary"
          onPress={list.loadMore}
          isPending={list.loading}
          style={{ alignSelf: 'start' }}
        >
          Load older runs
        </Button>
      )}
    </Flex>
  );
}
