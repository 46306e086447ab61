import { Badge } from '@backstage/ui';
import { TestStatus } from '@s3-resources/plugin-s3-resources-common';

const LABELS: Record<TestStatus | 'untested', string> = {
  pass: '✓ Passing',
  warn: '! Warnings',
  fail: '✕ Failing',
  skipped: '– Skipped',
  untested: '○ Not tested',
};

/** Test status as text and symbol, so it never depends on colour alone. */
export function StatusLabel(props: { status?: TestStatus }) {
  const key = props.status ?? 'untested';
  return (
    <Badge aria-label={`Connection status: ${LABELS[key]}`}>
      {LABELS[key]}
    </Badge>
  );
}
