import { Flex, Text } from '@backstage/ui';
import { ReactNode } from 'react';

function Value(props: { children?: ReactNode }) {
  const { children } = props;
  if (children === undefined || children === null || children === '') {
    return (
      <Text as="span" color="secondary">
        —
      </Text>
    );
  }
  if (typeof children === 'string') return <Text as="span">{children}</Text>;
  return <>{children}</>;
}

/** A label and its value, for settings lists. */
export function Field(props: { label: string; children?: ReactNode }) {
  return (
    <Flex direction="column" gap="1">
      <Text as="span" variant="body-small" color="secondary">
        {props.label}
      </Text>
      <Value>{props.children}</Value>
    </Flex>
  );
}
