import { Grid, Text } from '@backstage/ui';
import {
  FINDING_KINDS,
  FindingKind,
  FindingSeverity,
  FindingSummary,
} from '@s3-resources/plugin-s3-resources-common';
import { ReactNode, useId } from 'react';
import {
  SEVERITIES_DESC,
  SEVERITY_BAR,
  SEVERITY_TEXT,
  SeverityIcon,
} from '../common/severity';

export type Bar = {
  key: string;
  /** The label as words, for the button's accessible name. */
  name: string;
  label: ReactNode;
  value: number;
  color: string;
};

/**
 * Horizontal bars with the count as text after each bar: the numbers and
 * words carry the meaning, the bars and their colours only repeat it.
 */
export function BarList(props: {
  title: string;
  bars: Bar[];
  labelWidth: string;
  /** How a value reads (a count by default). */
  formatValue?: (value: number) => string;
  /** Width of the value column (3rem by default). */
  valueWidth?: string;
  selected?: readonly string[];
  onSelect?: (key: string) => void;
}) {
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
        {props.bars.map(bar => {
          const pressed = props.selected?.includes(bar.key) ?? false;
          const row = (
            <>
              <Text
                as="span"
                variant="body-small"
                weight={pressed ? 'bold' : undefined}
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
                style={{
                  textAlign: 'end',
                  fontVariantNumeric: 'tabular-nums',
                }}
              >
                {props.formatValue ? props.formatValue(bar.value) : bar.value}
              </Text>
            </>
          );
          const grid = {
            display: 'grid',
            gridTemplateColumns: `${props.labelWidth} 1fr ${
              props.valueWidth ?? '3rem'
            }`,
            alignItems: 'center',
            columnGap: 'var(--bui-space-3)',
            width: '100%',
          } as const;
          const onSelect = props.onSelect;
          return (
            <li key={bar.key}>
              {onSelect ? (
                <button
                  type="button"
                  aria-pressed={pressed}
                  aria-label={`${bar.name}: ${bar.value} ${
                    bar.value === 1 ? 'finding' : 'findings'
                  }`}
                  title={
                    pressed
                      ? 'Show every finding again'
                      : `Show only these findings in the table`
                  }
                  onClick={() => onSelect(bar.key)}
                  style={{
                    ...grid,
                    font: 'inherit',
                    color: 'inherit',
                    textAlign: 'start',
                    cursor: 'pointer',
                    border: 'none',
                    borderRadius: 'var(--bui-radius-2)',
                    padding: 'var(--bui-space-1)',
                    background: pressed
                      ? 'var(--bui-bg-neutral-2)'
                      : 'transparent',
                  }}
                >
                  {row}
                </button>
              ) : (
                <div style={grid}>{row}</div>
              )}
            </li>
          );
        })}
      </ul>
    </figure>
  );
}

/** Which bars are selected: the findings table's filter. */
export type ChartSelection = {
  severity?: readonly FindingSeverity[];
  kind?: readonly FindingKind[];
};

/**
 * Findings by severity and by kind, from `GET /findings/summary`. With
 * `onSelect`, each bar is a button that filters the findings table.
 */
export function FindingsChart(props: {
  summary: FindingSummary;
  selected?: ChartSelection;
  onSelect?: (
    selection:
      | { field: 'severity'; value: FindingSeverity }
      | { field: 'kind'; value: FindingKind },
  ) => void;
}) {
  const { summary, onSelect } = props;
  return (
    <Grid.Root columns={{ initial: '1', md: '2' }} gap="6">
      <BarList
        title="Findings by severity"
        labelWidth="7rem"
        selected={props.selected?.severity}
        onSelect={
          onSelect &&
          (key =>
            onSelect({ field: 'severity', value: key as FindingSeverity }))
        }
        bars={SEVERITIES_DESC.map(severity => ({
          key: severity,
          name: SEVERITY_TEXT[severity],
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
        selected={props.selected?.kind}
        onSelect={
          onSelect &&
          (key => onSelect({ field: 'kind', value: key as FindingKind }))
        }
        bars={FINDING_KINDS.map(({ kind, title }) => ({
          key: kind,
          name: title,
          label: title,
          value: summary.byKind[kind] ?? 0,
          color: 'var(--bui-accent-bg)',
        }))}
      />
    </Grid.Root>
  );
}
