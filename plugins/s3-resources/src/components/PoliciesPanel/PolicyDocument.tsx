import { Flex, Text } from '@backstage/ui';
import { CodeBlock } from '../common/CodeBlock';
import { CopyButton } from '../common/CopyButton';
import { DownloadButton } from '../common/DownloadButton';
import layout from '../common/layout.module.css';

/** A JSON document to copy or download, with its size limit if it has one. */
export function PolicyDocument(props: {
  title: string;
  json: string;
  filename: string;
  size?: { size: number; maxSize: number };
}) {
  return (
    <Flex direction="column" gap="2">
      <Flex justify="between" align="center" gap="2" className={layout.wrap}>
        <Text as="span" variant="body-small" color="secondary">
          {props.size
            ? `${props.size.size} of ${props.size.maxSize} characters allowed`
            : props.filename}
        </Text>
        <Flex gap="2">
          <CopyButton text={props.json} label={`Copy ${props.title}`} />
          <DownloadButton
            text={props.json}
            filename={props.filename}
            label={`Download ${props.title}`}
          />
        </Flex>
      </Flex>
      <CodeBlock label={`${props.title} JSON`}>{props.json}</CodeBlock>
    </Flex>
  );
}
