import { Alert } from '@backstage/ui';
import { TestRun } from '@s3-resources/plugin-s3-resources-common';
import { formatDateTime, formatDuration } from '../common/time';

const HEADLINE = {
  pass: 'Connection test passed',
  warn: 'Connection test passed with warnings',
  fail: 'Connection test failed',
  skipped: 'Connection test skipped',
} as const;

const ALERT_STATUS = {
  pass: 'success',
  warn: 'warning',
  fail: 'danger',
  skipped: 'info',
} as const;

/** The outcome of a run in words (the alert's colour only repeats them). */
export function TestRunSummary(props: { run: TestRun }) {
  const { run } = props;
  const counts = run.steps.reduce<Record<string, number>>((acc, s) => {
    acc[s.status] = (acc[s.status] ?? 0) + 1;
    return acc;
  }, {});
  const parts = [
    counts.pass && `${counts.pass} passed`,
    counts.warn && `${counts.warn} with warnings`,
    counts.fail && `${counts.fail} failed`,
    counts.skipped && `${counts.skipped} skipped`,
  ].filter(Boolean);
  return (
    <Alert
      status={ALERT_STATUS[run.status]}
      icon
      title={HEADLINE[run.status]}
      description={`${parts.join(', ') || 'No steps'} · ${formatDuration(
        run.durationMs,
      )} · started ${formatDateTime(run.startedAt)} by ${run.initiatedBy}`}
    />
  );
}
