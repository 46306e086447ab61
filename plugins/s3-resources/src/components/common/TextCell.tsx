import { Cell, Flex, Text } from '@backstage/ui';
import { ReactNode } from 'react';

/**
 * A table cell with a title and an optional description that wrap instead
 * of being cut off (CellText truncates), for messages people act on.
 */
export function TextCell(props: {
  title: ReactNode;
  description?: ReactNode;
  /** Shown on hover, e.g. the absolute time of a relative one. */
  tooltip?: string;
}) {
  return (
    <Cell>
      <Flex direction="column" gap="1">
        <Text
          as="span"
          title={props.tooltip}
          style={{ overflowWrap: 'anywhere' }}
        >
          {props.title}
        </Text>
        {props.description ? (
          <Text
            as="span"
            variant="body-small"
            color="secondary"
            style={{ overflowWrap: 'anywhere' }}
          >
            {props.description}
          </Text>
        ) : null}
      </Flex>
    </Cell>
  );
}
