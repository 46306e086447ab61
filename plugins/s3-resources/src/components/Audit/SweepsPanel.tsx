import {
  CellText,
  ColumnConfig,
  Flex,
  Skeleton,
  Table,
  Text,
} from '@backstage/ui';
import {
  AuditSweepOutcome,
  AuditSweepRun,
} from '@s3-resources/plugin-s3-resources-common';
import { ErrorAlert } from '../common/ErrorAlert';
import { TextCell } from '../common/TextCell';
import {
  formatDateTime,
  formatDuration,
  formatRelativeTime,
} from '../common/time';

/** Symbol and word for each outcome: never colour alone. */
export const SWEEP_OUTCOME_TEXT: Record<AuditSweepOutcome, string> = {
  running: '… Running',
  success: '✓ Succeeded',
  partial: '! Partial: some resources not checked',
  aborted: '– Aborted',
  failure: '✕ Failed',
  abandoned: '✕ Abandoned (its instance stopped)',
};

function duration(run: AuditSweepRun) {
  if (!run.finishedAt) return 'still running';
  return formatDuration(Date.parse(run.finishedAt) - Date.parse(run.startedAt));
}

const columns: ColumnConfig<AuditSweepRun>[] = [
  {
    id: 'started',
    label: 'Started',
    isRowHeader: true,
    defaultWidth: '1.2fr',
    cell: r => (
      <TextCell
        title={formatRelativeTime(r.startedAt)}
        description={formatDateTime(r.startedAt)}
      />
    ),
  },
  {
    id: 'outcome',
    label: 'Outcome',
    defaultWidth: '1.6fr',
    cell: r => (
      <TextCell title={SWEEP_OUTCOME_TEXT[r.outcome]} description={r.message} />
    ),
  },
  {
    id: 'checked',
    label: 'Resources checked',
    defaultWidth: '0.8fr',
    cell: r => <CellText title={String(r.resourcesChecked)} />,
  },
  {
    id: 'findings',
    label: 'Findings',
    defaultWidth: '0.7fr',
    cell: r => <CellText title={String(r.findings)} />,
  },
  {
    id: 'duration',
    label: 'Duration',
    defaultWidth: '0.7fr',
    cell: r => <CellText title={duration(r)} />,
  },
  {
    id: 'instance',
    label: 'Instance',
    defaultWidth: '1fr',
    cell: r => <CellText title={r.instanceId} />,
  },
];

/** The last runs of the audit sweep, newest first. */
export function SweepsPanel(props: {
  sweeps?: AuditSweepRun[];
  error?: unknown;
  onRetry: () => void;
}) {
  if (props.error !== undefined && !props.sweeps) {
    return (
      <ErrorAlert
        error={props.error}
        action="load the sweep runs"
        onRetry={props.onRetry}
      />
    );
  }
  if (!props.sweeps) {
    return <Skeleton width="100%" height={120} />;
  }
  return (
    <Flex direction="column" gap="3">
      <Text as="p" color="secondary">
        The sweep re-tests every resource on its schedule and records what it
        finds; these are its last runs, newest first.
      </Text>
      <div role="region" aria-label="Last sweeps">
        <Table
          data={props.sweeps}
          pagination={{ type: 'none' }}
          columnConfig={columns}
          emptyState={
            <Flex p="4">
              <Text as="p">The audit sweep has not run yet.</Text>
            </Flex>
          }
        />
      </div>
    </Flex>
  );
}
