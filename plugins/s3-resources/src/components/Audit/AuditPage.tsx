import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Button,
  Card,
  CardBody,
  CardHeader,
  Flex,
  Select,
  Skeleton,
  Tab,
  TabList,
  TabPanel,
  Tabs,
  Text,
} from '@backstage/ui';
import { RiPlayLine } from '@remixicon/react';
import {
  FINDING_KINDS,
  FindingKind,
  FindingSeverity,
  FindingSummary,
  s3AuditReadPermission,
  s3AuditSweepPermission,
} from '@s3-resources/plugin-s3-resources-common';
import { ComponentProps, useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry, { AsyncStateRetry } from 'react-use/esm/useAsyncRetry';
import { FindingFilter, s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { OwnerFilter } from '../ResourcesPage/OwnerFilter';
import { ErrorAlert } from '../common/ErrorAlert';
import { useTabParam } from '../common/useTabParam';
import { BackLink, PageGate } from '../common/PageGate';
import { ExportButtons } from '../common/ExportButtons';
import { SEVERITIES_DESC, SEVERITY_TEXT } from '../common/severity';
import { formatDateTime, formatRelativeTime } from '../common/time';
import { AuditTrail, TrailFilter } from './AuditTrail';
import { FindingsTable } from './FindingsTable';
import { findingFilterFrom, withFindingFilter } from './findingFilterParams';
import { ChartSelection, FindingsChart } from './FindingsChart';
import { SWEEP_OUTCOME_TEXT, SweepsPanel } from './SweepsPanel';
import { ShareLinksPanel } from './ShareLinksPanel';
import { FleetPanel } from '../Storage/FleetPanel';
import { ReconciliationPanel } from '../Reconciliation/ReconciliationPanel';
import { SweepRequest, useSweeps } from './useSweeps';

const TABS = [
  'findings',
  'reconciliation',
  'storage',
  'sweeps',
  'trail',
  'share-links',
] as const;
type AuditTab = (typeof TABS)[number];

const SEVERITY_OPTIONS = SEVERITIES_DESC.map(id => ({
  id,
  label: SEVERITY_TEXT[id],
}));
const KIND_OPTIONS = FINDING_KINDS.map(k => ({ id: k.kind, label: k.title }));

function LastSweep(props: { summary: FindingSummary }) {
  const last = props.summary.lastSweep;
  const { unswept } = props.summary;
  const waiting = `${unswept} ${unswept === 1 ? 'resource' : 'resources'}`;
  if (!last) {
    return (
      <Text as="p" color="secondary">
        No sweep has finished yet: there is nothing to show until one has
        {unswept ? ` (${waiting} waiting for the first sweep)` : ''}.
      </Text>
    );
  }
  const at = last.finishedAt ?? last.startedAt;
  return (
    <Text as="p" color="secondary">
      Last sweep {last.finishedAt ? 'finished' : 'started'}{' '}
      <span title={formatDateTime(at)}>{formatRelativeTime(at)}</span>:{' '}
      {SWEEP_OUTCOME_TEXT[last.outcome]}
      {unswept
        ? `. ${waiting} registered since then ${
            unswept === 1 ? 'is' : 'are'
          } not checked yet and not counted here.`
        : ''}
    </Text>
  );
}

function SweepRequestStatus(props: { request: SweepRequest }) {
  const { request } = props;
  let text = '';
  if (request.phase === 'waiting') {
    text = request.run
      ? `Sweep running since ${formatRelativeTime(request.run.startedAt)}…`
      : 'Sweep requested; waiting for a backend instance to start it…';
  } else if (request.phase === 'finished') {
    text = `Sweep finished: ${SWEEP_OUTCOME_TEXT[request.run.outcome]}, ${
      request.run.resourcesChecked
    } ${
      request.run.resourcesChecked === 1 ? 'resource' : 'resources'
    } checked, ${request.run.findings} ${
      request.run.findings === 1 ? 'finding' : 'findings'
    }.`;
  } else if (request.phase === 'timeout') {
    text =
      'The sweep has not finished yet; its run shows under Sweeps when it does.';
  }
  return (
    <>
      <Text as="p" role="status" weight="bold">
        {text}
      </Text>
      {request.phase === 'error' && (
        <ErrorAlert error={request.error} action="start the sweep" />
      )}
    </>
  );
}

function SummaryCard(props: {
  summary: AsyncStateRetry<FindingSummary>;
  selected: ChartSelection;
  onSelect: ComponentProps<typeof FindingsChart>['onSelect'];
}) {
  const { summary } = props;
  return (
    <Card>
      <CardHeader>
        <Flex direction="column" gap="1">
          <Text as="h3" variant="title-small">
            {summary.value
              ? `${summary.value.total} ${
                  summary.value.total === 1 ? 'finding' : 'findings'
                } on ${summary.value.resources} ${
                  summary.value.resources === 1 ? 'resource' : 'resources'
                }`
              : 'Findings'}
          </Text>
          {summary.value && <LastSweep summary={summary.value} />}
        </Flex>
      </CardHeader>
      <CardBody>
        {summary.error && (
          <ErrorAlert
            error={summary.error}
            action="load the summary of the findings"
            onRetry={summary.retry}
          />
        )}
        {!summary.error && !summary.value && (
          <Skeleton width="100%" height={160} />
        )}
        {summary.value && (
          <FindingsChart
            summary={summary.value}
            selected={props.selected}
            onSelect={props.onSelect}
          />
        )}
      </CardBody>
    </Card>
  );
}

function AuditView(props: { sweepPollMs: number }) {
  const api = useApi(s3ResourcesApiRef);
  const canSweep = usePermission({
    permission: s3AuditSweepPermission,
  }).allowed;
  const [refreshKey, setRefreshKey] = useState(0);
  const summary = useAsyncRetry(
    () => api.getFindingSummary(),
    [api, refreshKey],
  );
  const onFinished = useCallback(() => setRefreshKey(k => k + 1), []);
  const sweeps = useSweeps({ pollMs: props.sweepPollMs, onFinished });

  const [params, setParams] = useSearchParams();
  const paramsKey = params.toString();
  const findingFilter = useMemo(
    () => findingFilterFrom(new URLSearchParams(paramsKey)),
    [paramsKey],
  );
  const setFindingFilter = (filter: FindingFilter) =>
    setParams(current => withFindingFilter(current, filter), {
      replace: true,
    });
  const findingsFiltered = Boolean(
    findingFilter.severity || findingFilter.kind || findingFilter.owner,
  );
  const [trailFilter, setTrailFilter] = useState<TrailFilter>({});

  const [tab, selectTab] = useTabParam(TABS);

  const busy =
    sweeps.request.phase === 'requesting' || sweeps.request.phase === 'waiting';

  return (
    <Flex direction="column" gap="4">
      <BackLink />
      <Flex
        justify="between"
        align="start"
        gap="4"
        style={{ flexWrap: 'wrap' }}
      >
        <Flex direction="column" gap="1">
          <Text as="h2" variant="title-medium">
            Audit
          </Text>
          <Text as="p" color="secondary">
            What the scheduled audit sweep found on the registered buckets, its
            runs, the audit trail of every change and the share links issued.
          </Text>
        </Flex>
        {canSweep && (
          <Button
            variant="primary"
            iconStart={<RiPlayLine />}
            onPress={() => sweeps.trigger()}
            isPending={busy}
          >
            Run sweep now
          </Button>
        )}
      </Flex>
      <SweepRequestStatus request={sweeps.request} />
      <SummaryCard
        summary={summary}
        selected={findingFilter}
        onSelect={({ field, value }) => {
          const current: readonly string[] | undefined = findingFilter[field];
          const only = current?.length === 1 && current[0] === value;
          // one URL change: the filter and the findings tab that shows it
          setParams(
            previous => {
              const next = withFindingFilter(previous, {
                ...findingFilter,
                [field]: only ? undefined : [value],
              });
              next.delete('tab');
              return next;
            },
            { replace: true },
          );
        }}
      />
      <Tabs
        selectedKey={tab}
        onSelectionChange={key => selectTab(key as AuditTab)}
      >
        <TabList aria-label="Audit">
          <Tab id="findings">Findings</Tab>
          <Tab id="reconciliation">Reconciliation</Tab>
          <Tab id="storage">Storage</Tab>
          <Tab id="sweeps">Sweeps</Tab>
          <Tab id="trail">Audit trail</Tab>
          <Tab id="share-links">Share links</Tab>
        </TabList>
        <TabPanel id="findings">
          <Flex direction="column" gap="3">
            <Flex
              gap="3"
              align="end"
              style={{ flexWrap: 'wrap' }}
              role="search"
              aria-label="Filter the findings"
            >
              <Select
                label="Severity"
                selectionMode="multiple"
                placeholder="Any severity"
                options={SEVERITY_OPTIONS}
                value={findingFilter.severity ?? []}
                onChange={keys =>
                  setFindingFilter({
                    ...findingFilter,
                    severity: (keys as string[]).length
                      ? ((keys as string[]).map(String) as FindingSeverity[])
                      : undefined,
                  })
                }
                style={{ minWidth: 180 }}
              />
              <Select
                label="Kind"
                selectionMode="multiple"
                placeholder="Any kind"
                options={KIND_OPTIONS}
                value={findingFilter.kind ?? []}
                onChange={keys =>
                  setFindingFilter({
                    ...findingFilter,
                    kind: (keys as string[]).length
                      ? ((keys as string[]).map(String) as FindingKind[])
                      : undefined,
                  })
                }
                style={{ minWidth: 260 }}
              />
              <OwnerFilter
                value={findingFilter.owner?.[0]}
                onChange={owner =>
                  setFindingFilter({
                    ...findingFilter,
                    owner: owner ? [owner] : undefined,
                  })
                }
              />
              {findingsFiltered && (
                <Button variant="tertiary" onPress={() => setFindingFilter({})}>
                  Clear
                </Button>
              )}
            </Flex>
            <ExportButtons
              what="the findings"
              filename="s3-resources-findings"
              onExport={format => api.exportFindings(findingFilter, format)}
            />
            <FindingsTable
              aria-label="Findings"
              filter={findingFilter}
              refreshKey={refreshKey}
              emptyState={
                <Flex direction="column" gap="2" align="start" p="4">
                  {findingsFiltered ? (
                    <>
                      <Text as="p">No findings match these filters.</Text>
                      <Button
                        variant="secondary"
                        onPress={() => setFindingFilter({})}
                      >
                        Clear filters
                      </Button>
                    </>
                  ) : (
                    <Text as="p">
                      {summary.value?.lastSweep
                        ? 'No findings: the last sweep found nothing to fix.'
                        : 'No findings yet: no sweep has finished.'}
                    </Text>
                  )}
                </Flex>
              }
            />
          </Flex>
        </TabPanel>
        <TabPanel id="reconciliation">
          <ReconciliationPanel />
        </TabPanel>
        <TabPanel id="storage">
          <FleetPanel />
        </TabPanel>
        <TabPanel id="sweeps">
          <SweepsPanel
            sweeps={sweeps.sweeps}
            error={sweeps.error}
            onRetry={sweeps.reload}
          />
        </TabPanel>
        <TabPanel id="trail">
          <AuditTrail
            filter={trailFilter}
            onFilterChange={setTrailFilter}
            refreshKey={refreshKey}
          />
        </TabPanel>
        <TabPanel id="share-links">
          <ShareLinksPanel />
        </TabPanel>
      </Tabs>
    </Flex>
  );
}

/**
 * `/s3-resources/audit`, for the platform group (`s3.audit.read`): the
 * findings of the audit sweep with a chart, the sweep runs with "Run sweep
 * now" (`s3.audit.sweep`), and the whole audit trail; both exportable.
 */
export function AuditPage(props: { sweepPollMs?: number }) {
  return (
    <PageGate
      permission={s3AuditReadPermission}
      loadingLabel="Loading the audit"
      denied={{
        title: 'The audit view is for the platform team',
        description:
          'It needs the permission s3.audit.read. Owners see the findings of their own resources on the Findings tab of each resource.',
      }}
    >
      <AuditView sweepPollMs={props.sweepPollMs ?? 2000} />
    </PageGate>
  );
}
