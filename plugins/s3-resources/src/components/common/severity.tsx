import { Badge, Text } from '@backstage/ui';
import {
  RiAlarmWarningFill,
  RiErrorWarningFill,
  RiInformationFill,
  RiInformationLine,
} from '@remixicon/react';
import {
  FINDING_KINDS,
  FINDING_SEVERITIES,
  FindingKind,
  FindingSeverity,
} from '@s3-resources/plugin-s3-resources-common';

/** Severities from the most to the least severe, as tables and charts list them. */
export const SEVERITIES_DESC: FindingSeverity[] = [
  ...FINDING_SEVERITIES,
].reverse();

export const SEVERITY_TEXT: Record<FindingSeverity, string> = {
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};

export const KIND_TEXT = Object.fromEntries(
  FINDING_KINDS.map(k => [k.kind, k.title]),
) as Record<FindingKind, string>;

const COLORS: Record<
  FindingSeverity,
  'danger' | 'warning' | 'info' | 'secondary'
> = {
  high: 'danger',
  medium: 'warning',
  low: 'info',
  info: 'secondary',
};

/** Bar colours of the chart; the word and the number say the same. */
export const SEVERITY_BAR: Record<FindingSeverity, string> = {
  high: 'var(--bui-negative-bg)',
  medium: 'var(--bui-warning-bg)',
  low: 'var(--bui-announcement-bg)',
  info: 'var(--bui-bg-neutral-4)',
};

/** A different symbol per severity (decorative: the word is always next to it). */
export function SeverityIcon(props: {
  severity: FindingSeverity;
  size?: number;
}) {
  const common = {
    size: props.size ?? 14,
    'aria-hidden': true,
    focusable: false,
  } as const;
  switch (props.severity) {
    case 'high':
      return <RiAlarmWarningFill {...common} />;
    case 'medium':
      return <RiErrorWarningFill {...common} />;
    case 'low':
      return <RiInformationFill {...common} />;
    default:
      return <RiInformationLine {...common} />;
  }
}

/** A finding's severity as a badge: symbol and word, colour only repeats them. */
export function SeverityLabel(props: { severity: FindingSeverity }) {
  return (
    <Badge icon={<SeverityIcon severity={props.severity} />}>
      <Text as="span" variant="body-small" color={COLORS[props.severity]}>
        {SEVERITY_TEXT[props.severity]}
      </Text>
    </Badge>
  );
}
