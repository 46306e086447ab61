import { Flex, Text } from '@backstage/ui';
import { RiTimeLine } from '@remixicon/react';
import {
  STEP_IDS,
  STEP_TITLES,
  TestStepResult,
  inStepOrder,
  isStepId,
} from '@s3-resources/plugin-s3-resources-common';
import { CSSProperties } from 'react';
import { FixText } from '../common/FixText';
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

// A dashed border: not a result yet.
const pendingStyle: CSSProperties = { ...itemStyle, borderLeftStyle: 'dashed' };

const progressStyle: CSSProperties = { width: '100%', maxWidth: '32rem' };

// The border repeats the status the text and symbol already state.
const BORDER: Record<TestStepResult['status'], string> = {
  pass: 'var(--bui-positive-border)',
  warn: 'var(--bui-warning-border)',
  fail: 'var(--bui-negative-border)',
  skipped: 'var(--bui-border-2)',
};

/** A step of the list: its result, or only its id and title while it runs. */
type Row = { id: string; title: string; result?: TestStepResult };

/**
 * The rows in STEP_IDS order. While a test runs, every step is a row from
 * the start; a step this version does not know comes last.
 */
function rowsOf(steps: TestStepResult[], running: boolean): Row[] {
  const byId = new Map(steps.map(s => [s.id, s]));
  const results = inStepOrder([...byId.values()]);
  if (!running) {
    return results.map(s => ({ id: s.id, title: s.title, result: s }));
  }
  return [
    ...STEP_IDS.map(id => ({
      id,
      title: byId.get(id)?.title ?? STEP_TITLES[id],
      result: byId.get(id),
    })),
    ...results
      .filter(s => !isStepId(s.id))
      .map(s => ({ id: s.id, title: s.title, result: s })),
  ];
}

/**
 * One finished step: status (symbol + words), title, duration, what was seen,
 * error code, how to fix (its JSON and commands each with a copy button).
 */
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
          <FixText
            fix={step.remediation}
            label={`${step.title} fix`}
            lead={<strong>How to fix:</strong>}
          />
        )}
      </Flex>
    </li>
  );
}

/** A step whose result has not arrived: its place in the list, and no verdict. */
function PendingItem(props: { title: string; index: number }) {
  return (
    <li
      style={pendingStyle}
      aria-label={`Step ${props.index + 1}: ${props.title}`}
    >
      <Flex gap="3" align="center" style={{ flexWrap: 'wrap' }}>
        <Flex align="center" gap="1">
          <Text as="span" color="secondary">
            <RiTimeLine size={16} aria-hidden focusable={false} />
          </Text>
          <Text as="span" color="secondary">
            Waiting…
          </Text>
        </Flex>
        <Text as="span" weight="bold" color="secondary">
          {props.title}
        </Text>
      </Flex>
    </li>
  );
}

/** How many checks have a result, in words and as a bar. */
function Progress(props: { done: number; total: number }) {
  const text = `${props.done} of ${props.total} checks done`;
  return (
    <Flex direction="column" gap="1">
      <Text as="p" color="secondary">
        {text}
      </Text>
      <progress
        value={props.done}
        max={props.total}
        aria-label="Connection test progress"
        aria-valuetext={text}
        style={progressStyle}
      />
    </Flex>
  );
}

/**
 * The steps of a connection test, always in the same order (STEP_IDS). While
 * a test runs, every step is listed from the start as waiting, a result
 * takes its step's place as it arrives, and a progress bar counts them.
 */
export function TestStepList(props: {
  steps: TestStepResult[];
  running?: boolean;
  label?: string;
}) {
  const running = !!props.running;
  const rows = rowsOf(props.steps, running);
  return (
    <Flex direction="column" gap="3">
      {running && (
        <Progress
          done={rows.filter(r => r.result).length}
          total={rows.length}
        />
      )}
      <ol style={listStyle} aria-label={props.label ?? 'Connection test steps'}>
        {rows.map((row, index) =>
          row.result ? (
            <StepItem key={row.id} step={row.result} index={index} />
          ) : (
            <PendingItem key={row.id} title={row.title} index={index} />
          ),
        )}
      </ol>
    </Flex>
  );
}
