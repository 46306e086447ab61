import { Flex, Text } from '@backstage/ui';
import { TestStepResult } from '@s3-resources/plugin-s3-resources-common';
import { CSSProperties } from 'react';
import { StatusText } from '../common/status';
import { formatDuration } from '../common/time';

const listStyle: CSSProperties = {
  listStyle: 'none',
  margin: 0,
  padding: 0,
  display: 'flex',
  flexDirection: 'column',
  gap: 'var(--bui-space-2)',
};

const itemStyle: CSSProperties = {
  borderLeft: '3px solid var(--bui-border-2)',
  paddingLeft: 'var(--bui-space-3)',
  paddingBlock: 'var(--bui-space-1)',
};

// The border repeats the status the text and symbol already state.
const BORDER: Record<TestStepResult['status'], string> = {
  pass: 'var(--bui-positive-border)',
  warn: 'var(--bui-warning-border)',
  fail: 'var(--bui-negative-border)',
  skipped: 'var(--bui-border-2)',
};

/** One finished step: status (symbol + words), title, duration, what was seen, error code, how to fix. */
function StepItem(props: { step: TestStepResult; index: number }) {
  const { step } = props;
  return (
    <li
      style={{ ...itemStyle, borderLeftColor: BORDER[step.status] }}
      aria-label={`Step ${props.index + 1}: ${step.title}`}
    >
      <Flex direction="column" gap="1">
        <Flex gap="3" align="center" style={{ flexWrap: 'wrap' }}>
          <StatusText status={step.status} />
          <Text as="span" weight="bold">
            {step.title}
          </Text>
          <Text as="span" variant="body-small" color="secondary">
            {formatDuration(step.durationMs)}
          </Text>
        </Flex>
        {step.message && <Text as="p">{step.message}</Text>}
        {step.errorCode && (
          <Text as="p" variant="body-small" color="secondary">
            Error code: <code>{step.errorCode}</code>
            {step.httpStatus ? ` (HTTP ${step.httpStatus})` : ''}
          </Text>
        )}
        {!step.errorCode && step.httpStatus !== undefined && (
          <Text as="p" variant="body-small" color="secondary">
            HTTP status {step.httpStatus}
          </Text>
        )}
        {step.remediation && (
          <Text as="p" variant="body-small">
            <strong>How to fix:</strong> {step.remediation}
          </Text>
        )}
      </Flex>
    </li>
  );
}

/**
 * The steps of a connection test in the order they finished. While a test
 * runs, the list grows and a last row says it is still running.
 */
export function TestStepList(props: {
  steps: TestStepResult[];
  running?: boolean;
  label?: string;
}) {
  return (
    <ol style={listStyle} aria-label={props.label ?? 'Connection test steps'}>
      {props.steps.map((step, index) => (
        <StepItem key={`${step.id}-${index}`} step={step} index={index} />
      ))}
      {props.running && (
        <li style={itemStyle}>
          <Text as="span" color="secondary">
            {props.steps.length
              ? 'Running the remaining checks…'
              : 'Starting the test…'}
          </Text>
        </li>
      )}
    </ol>
  );
}
