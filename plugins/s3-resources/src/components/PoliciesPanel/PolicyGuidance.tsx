import { Flex, Text } from '@backstage/ui';
import { CodeBlock } from '../common/CodeBlock';
import { CopyButton } from '../common/CopyButton';
import { SubHeading } from './PolicyCard';
import styles from './policies.module.css';

function HeadedList(props: { heading: string; items: string[] }) {
  if (!props.items.length) return null;
  return (
    <Flex direction="column" gap="1">
      <SubHeading>{props.heading}</SubHeading>
      <ul className={styles.list}>
        {props.items.map(item => (
          <li key={item}>
            <Text as="span">{item}</Text>
          </li>
        ))}
      </ul>
    </Flex>
  );
}

/** What the generator left out or assumed. */
export function PolicyNotes(props: { notes: string[] }) {
  return <HeadedList heading="Notes" items={props.notes} />;
}

/** The steps to apply a policy by hand. */
export function HowToApply(props: { steps: string[] }) {
  return <HeadedList heading="How to apply" items={props.steps} />;
}

/** The CLI command that applies a policy, ready to copy. */
export function ApplyCommand(props: { title: string; command?: string }) {
  if (!props.command) return null;
  return (
    <Flex direction="column" gap="2">
      <Flex justify="between" align="center">
        <SubHeading>Command</SubHeading>
        <CopyButton
          text={props.command}
          label={`Copy ${props.title} command`}
        />
      </Flex>
      <CodeBlock label={`${props.title} command`} wrap>
        {props.command}
      </CodeBlock>
    </Flex>
  );
}
