import { Grid, Text } from '@backstage/ui';
import {
  FINDING_KINDS,
  FindingSummary,
} from '@s3-resources/plugin-s3-resources-common';
import { ReactNode, useId } from 'react';
import {
  SEVERITIES_DESC,
  SEVERITY_BAR,
  SEVERITY_TEXT,
  SeverityIcon,
} from '../common/severity';

type Bar = {
  key: string;
  label: ReactNode;
  value: number;
  color: string;
};

/**
 * Horizontal bars with the count as text after each bar: the numbers and
 * words carry the meaning, the bars and their colours only repeat it.
 */
function BarList(props: { title: string; bars: Bar[]; labelWidth: string }) {
  const titleId = useId();
  const max = Math.max(1, ...props.bars.map(b => b.value));
  return (
    <figure aria-labelledby={titleId} style={{ margin: 0 }}>
      <Text as="h3" variant="title-x-small" id={titleId}>
        {props.title}
      </Text>
      <ul
        style={{
          listStyle: 'none',
          margin: 'var(--bui-space-3) 0 0',
          padding: 0,
          display: 'flex',
          flexDirection: 'column',
          gap: 'var(--bui-space-2)',
        }}
      >
        {props.bars.map(bar => (
          <li
            key={bar.key}
            style={{
              display: 'grid',
              gridTemplateColumns: `${props.labelWidth} 1fr 3rem`,
              alignItems: 'center',
              columnGap: 'var(--bui-space-3)',
            }}
          >
            <Text
              as="span"
              variant="body-small"
              style={{
                display: 'inline-flex',
                alignItems: 'center',
                gap: 'var(--bui-space-1)',
              }}
            >
              {bar.label}
            </Text>
            <span
              aria-hidden
              style={{
                display: 'block',
                height: 12,
                borderRadius: 'var(--bui-radius-2)',
                background: 'var(--bui-bg-neutral-2)',
                overflow: 'hidden',
              }}
            >
              <span
                data-testid={`bar-${bar.key}`}
                style={{
                  display: 'block',
                  height: '100%',
                  width: `${(bar.value / max) * 100}%`,
                  background: bar.color,
                  borderRadius: 'var(--bui-radius-2)',
                }}
              />
            </span>
            <Text
              as="span"
              variant="body-small"
              weight="bold"
              style={{ textAlign: 'end', fontVariantNumeric: 'tabular-nums' }}
            >
              {bar.value}
            </Text>
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** Findings by severity and by kind, from `GET /findings/summary`. */
export function FindingsChart(props: { summary: FindingSummary }) {
  const { summary } = props;
  return (
    <Grid.Root columns={{ initial: '1', md: '2' }} gap="6">
      <BarList
        title="Findings by severity"
        labelWidth="7rem"
        bars={SEVERITIES_DESC.map(severity => ({
          key: severity,
          label: (
            <>
              <SeverityIcon severity={severity} />
              {SEVERITY_TEXT[severity]}
            </>
          ),
          value: summary.bySeverity[severity] ?? 0,
          color: SEVERITY_BAR[severity],
        }))}
      />
      <BarList
        title="Findings by kind"
        labelWidth="15rem"
        bars={FINDING_KINDS.map(({ kind, title }) => ({
          key: kind,
          label: title,
          value: summary.byKind[kind] ?? 0,
          color: 'var(--bui-accent-bg)',
        }))}
      />
    </Grid.Root>
  );
}
