import { useApi } from '@backstage/core-plugin-api';
import { Flex, Text } from '@backstage/ui';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { FindingFilter, s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { FindingsTable } from '../Audit/FindingsTable';
import { formatDateTime, formatRelativeTime } from '../common/time';

/**
 * What the audit sweep found on this resource, for its owners and the
 * platform group (the API shows each only what they may see).
 */
export function FindingsPanel(props: {
  resourceId: string;
  refreshKey?: number;
}) {
  const api = useApi(s3ResourcesApiRef);
  const filter = useMemo<FindingFilter>(
    () => ({ resourceId: props.resourceId }),
    [props.resourceId],
  );
  const summary = useAsync(
    () => api.getFindingSummary(filter),
    [api, filter, props.refreshKey],
  );
  const lastSweep = summary.value?.lastSweep;
  const lastAt = lastSweep?.finishedAt ?? lastSweep?.startedAt;

  return (
    <Flex direction="column" gap="3">
      <Text as="p" color="secondary">
        The audit sweep re-tests every registered bucket on a schedule and
        records what needs fixing; these are its findings for this one, most
        severe first.
        {lastAt && (
          <>
            {' '}
            Last sweep:{' '}
            <span title={formatDateTime(lastAt)}>
              {formatRelativeTime(lastAt)}
            </span>
            .
          </>
        )}
      </Text>
      <FindingsTable
        aria-label="Findings of this resource"
        filter={filter}
        hideResource
        refreshKey={props.refreshKey}
        emptyState={
          <Flex p="4">
            <Text as="p">
              {lastSweep || !summary.value
                ? 'No findings: the audit sweep found nothing to fix on this bucket.'
                : 'No findings yet: the audit sweep has not run since this bucket was registered.'}
            </Text>
          </Flex>
        }
      />
    </Flex>
  );
}
