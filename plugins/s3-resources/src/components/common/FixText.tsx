import { Flex, Text } from '@backstage/ui';
import { ReactNode } from 'react';
import { CodeBlock } from './CodeBlock';
import { CopyButton } from './CopyButton';
import { FixBlock, fixBlocks } from './fixBlocks';
import layout from './layout.module.css';

const KIND_TEXT: Record<Exclude<FixBlock['kind'], 'text'>, string> = {
  json: 'JSON',
  command: 'command',
};

/** "CORS command", "CORS command 2": one name per block of a kind. */
function namesOf(blocks: FixBlock[], label: string): string[] {
  const counts = new Map<string, number>();
  for (const b of blocks) counts.set(b.kind, (counts.get(b.kind) ?? 0) + 1);
  const seen = new Map<string, number>();
  return blocks.map(b => {
    if (b.kind === 'text') return '';
    const n = (seen.get(b.kind) ?? 0) + 1;
    seen.set(b.kind, n);
    const name = `${label} ${KIND_TEXT[b.kind]}`;
    return counts.get(b.kind)! > 1 ? `${name} ${n}` : name;
  });
}

/**
 * A fix to act on: its prose as text, each JSON document and each command in
 * a block of its own with its own copy button (as on the Policies tab).
 */
export function FixText(props: {
  fix: string;
  /** What the fix is for, naming its blocks and buttons: "CORS" → "Copy CORS command". */
  label: string;
  /** Words before the first line of prose ("How to fix:"). */
  lead?: ReactNode;
  size?: 'small' | 'medium';
}) {
  const blocks = fixBlocks(props.fix);
  const names = namesOf(blocks, props.label);
  const variant = props.size === 'medium' ? 'body-medium' : 'body-small';
  const startsWithText = blocks[0]?.kind === 'text';
  return (
    <Flex direction="column" gap="2">
      {props.lead && !startsWithText && (
        <Text as="p" variant={variant}>
          {props.lead}
        </Text>
      )}
      {blocks.map((block, i) =>
        block.kind === 'text' ? (
          <Text
            key={i}
            as="p"
            variant={variant}
            style={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}
          >
            {i === 0 && props.lead ? <>{props.lead} </> : null}
            {block.text}
          </Text>
        ) : (
          <Flex key={i} direction="column" gap="1">
            <Flex justify="between" align="center" className={layout.wrap}>
              <Text as="span" variant="body-small" color="secondary">
                {block.kind === 'json' ? 'JSON' : 'Command'}
              </Text>
              <CopyButton text={block.text} label={`Copy ${names[i]}`} />
            </Flex>
            <CodeBlock label={names[i]} wrap={block.kind === 'command'}>
              {block.text}
            </CodeBlock>
          </Flex>
        ),
      )}
    </Flex>
  );
}
