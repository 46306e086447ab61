import { Badge, Flex, Text } from '@backstage/ui';
import {
  RiCheckboxCircleFill,
  RiCloseCircleFill,
  RiErrorWarningFill,
  RiIndeterminateCircleLine,
  RiQuestionLine,
} from '@remixicon/react';
import { TestStatus } from '@s3-resources/plugin-s3-resources-common';
import { ResourceStatusFilter } from '../../api/S3ResourcesApi';

/** A resource's last-test status, or never tested (also the list's status filter). */
export type StatusKey = ResourceStatusFilter;

/** Text and symbol for each status: never colour alone. */
export const STATUS_TEXT: Record<StatusKey, string> = {
  pass: 'Passing',
  warn: 'Warnings',
  fail: 'Failing',
  skipped: 'Skipped',
  untested: 'Not tested',
};

/** Per-step wording (a step passes, a resource is passing). */
export const STEP_STATUS_TEXT: Record<TestStatus, string> = {
  pass: 'Passed',
  warn: 'Warning',
  fail: 'Failed',
  skipped: 'Skipped',
};

const COLORS: Record<
  StatusKey,
  'success' | 'warning' | 'danger' | 'secondary'
> = {
  pass: 'success',
  warn: 'warning',
  fail: 'danger',
  skipped: 'secondary',
  untested: 'secondary',
};

/** The symbol of a status; decorative, the text next to it says the same. */
export function StatusIcon(props: { status: StatusKey; size?: number }) {
  const size = props.size ?? 16;
  const common = { size, 'aria-hidden': true, focusable: false } as const;
  switch (props.status) {
    case 'pass':
      return <RiCheckboxCircleFill {...common} />;
    case 'warn':
      return <RiErrorWarningFill {...common} />;
    case 'fail':
      return <RiCloseCircleFill {...common} />;
    case 'skipped':
      return <RiIndeterminateCircleLine {...common} />;
    default:
      return <RiQuestionLine {...common} />;
  }
}

/** What a last test from before the credentials changed reads as. */
export const STALE_TEST_TEXT = 'Not tested since credentials changed';

/**
 * A resource's last test status as a badge: symbol and words. A result from
 * before the credentials changed does not speak for them: not tested.
 */
export function StatusLabel(props: {
  status?: TestStatus;
  beforeCredentialsChange?: boolean;
}) {
  const stale = !!props.status && !!props.beforeCredentialsChange;
  const key: StatusKey = stale ? 'untested' : props.status ?? 'untested';
  return (
    <Badge icon={<StatusIcon status={key} size={14} />}>
      <Text as="span" variant="body-small" color={COLORS[key]}>
        {stale ? STALE_TEST_TEXT : STATUS_TEXT[key]}
      </Text>
    </Badge>
  );
}

/** A status as inline text with its symbol (for steps and runs). */
export function StatusText(props: { status: StatusKey; label?: string }) {
  const text =
    props.label ??
    (props.status === 'untested'
      ? STATUS_TEXT.untested
      : STEP_STATUS_TEXT[props.status]);
  return (
    <Flex align="center" gap="1">
      <Text as="span" color={COLORS[props.status]}>
        <StatusIcon status={props.status} />
      </Text>
      <Text as="span" weight="bold" color={COLORS[props.status]}>
        {text}
      </Text>
    </Flex>
  );
}
