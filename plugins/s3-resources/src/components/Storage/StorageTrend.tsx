import { Text } from '@backstage/ui';
import { StorageSample } from '@s3-resources/plugin-s3-resources-common';
import { useId } from 'react';
import { formatBytes } from '../Objects/objectFormat';
import { formatDateTime } from '../common/time';

const WIDTH = 640;
const HEIGHT = 160;
const PAD = { top: 12, right: 12, bottom: 24, left: 72 };

/**
 * Total size over the complete scans (oldest first): a line with its first
 * and last value written out; the figures stay readable without the
 * drawing (its label and the caption say them).
 */
export function StorageTrend(props: { history: StorageSample[] }) {
  const titleId = useId();
  // a scan that could not list the objects has no size to draw
  const history = props.history.filter(
    s => !s.unknown.some(u => u.figure === 'objects'),
  );
  if (history.length < 2) {
    return (
      <Text as="p" color="secondary">
        The trend appears after the second complete scan.
      </Text>
    );
  }
  const first = history[0];
  const last = history[history.length - 1];
  const max = Math.max(...history.map(s => s.bytes));
  const min = Math.min(...history.map(s => s.bytes));
  const span = Math.max(1, max - min);
  const t0 = Date.parse(first.takenAt);
  const t1 = Math.max(t0 + 1, Date.parse(last.takenAt));
  const x = (s: StorageSample) =>
    PAD.left +
    ((Date.parse(s.takenAt) - t0) / (t1 - t0)) * (WIDTH - PAD.left - PAD.right);
  const y = (s: StorageSample) =>
    PAD.top + (1 - (s.bytes - min) / span) * (HEIGHT - PAD.top - PAD.bottom);
  const points = history.map(s => `${x(s).toFixed(1)},${y(s).toFixed(1)}`);
  const label = `Total size over the last ${
    history.length
  } scans: from ${formatBytes(first.bytes)} on ${formatDateTime(
    first.takenAt,
  )} to ${formatBytes(last.bytes)} on ${formatDateTime(last.takenAt)}`;
  return (
    <figure aria-labelledby={titleId} style={{ margin: 0 }}>
      <Text as="h3" variant="title-x-small" id={titleId}>
        Total size, last {history.length} scans
      </Text>
      <svg
        role="img"
        aria-label={label}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        style={{ width: '100%', maxWidth: WIDTH, height: 'auto' }}
        data-testid="storage-trend"
      >
        <text
          x={PAD.left - 6}
          y={PAD.top + 4}
          fontSize={11}
          textAnchor="end"
          fill="var(--bui-fg-secondary)"
        >
          {formatBytes(max)}
        </text>
        <text
          x={PAD.left - 6}
          y={HEIGHT - PAD.bottom}
          fontSize={11}
          textAnchor="end"
          fill="var(--bui-fg-secondary)"
        >
          {formatBytes(min)}
        </text>
        <line
          x1={PAD.left}
          x2={WIDTH - PAD.right}
          y1={HEIGHT - PAD.bottom}
          y2={HEIGHT - PAD.bottom}
          stroke="var(--bui-border-2)"
        />
        <polyline
          points={points.join(' ')}
          fill="none"
          stroke="var(--bui-fg-primary)"
          strokeWidth={2}
        />
        {history.map(s => (
          <circle
            key={s.takenAt}
            cx={x(s)}
            cy={y(s)}
            r={3}
            fill="var(--bui-fg-primary)"
          >
            <title>{`${formatDateTime(s.takenAt)}: ${formatBytes(
              s.bytes,
            )}`}</title>
          </circle>
        ))}
        <text
          x={PAD.left}
          y={HEIGHT - 6}
          fontSize={11}
          fill="var(--bui-fg-secondary)"
        >
          {formatDateTime(first.takenAt)}
        </text>
        <text
          x={WIDTH - PAD.right}
          y={HEIGHT - 6}
          fontSize={11}
          textAnchor="end"
          fill="var(--bui-fg-secondary)"
        >
          {formatDateTime(last.takenAt)}
        </text>
      </svg>
      <Text as="p" variant="body-small" color="secondary">
        {label}.
      </Text>
    </figure>
  );
}
