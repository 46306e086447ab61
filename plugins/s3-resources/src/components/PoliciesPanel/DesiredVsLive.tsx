import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Button,
  Card,
  CardBody,
  CardHeader,
  Flex,
  Skeleton,
  Text,
} from '@backstage/ui';
import { RiRefreshLine } from '@remixicon/react';
import {
  ComparedLine,
  ConfigurationComparison,
  DocumentComparison,
  S3Resource,
  s3ResourceTestPermission,
} from '@s3-resources/plugin-s3-resources-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { CodeBlock } from '../common/CodeBlock';
import { CopyButton } from '../common/CopyButton';
import { ErrorAlert } from '../common/ErrorAlert';
import { StatusText } from '../common/status';
import { formatRelativeTime } from '../common/time';

const STATE_TEXT: Record<
  DocumentComparison['state'],
  { label: string; status: 'pass' | 'warn' | 'skipped' | 'untested' }
> = {
  matches: { label: 'Matches', status: 'pass' },
  differs: { label: 'Differs', status: 'warn' },
  missing: { label: 'Missing on the bucket', status: 'warn' },
  optional: { label: 'Optional', status: 'skipped' },
  unknown: { label: 'Unknown', status: 'untested' },
  'not-generated': { label: 'Not generated', status: 'skipped' },
};

/** The sign each side of a row carries, so the difference is not told by colour alone. */
const MARK: Record<ComparedLine['change'], { desired: string; live: string }> =
  {
    same: { desired: ' ', live: ' ' },
    'desired-only': { desired: '−', live: ' ' },
    'live-only': { desired: ' ', live: '+' },
    changed: { desired: '~', live: '~' },
  };

const MARKED = 'var(--bui-warning-bg-subdued)';

const cell = {
  fontFamily: 'var(--bui-font-monospace)',
  fontSize: 'var(--bui-font-size-2)',
  whiteSpace: 'pre' as const,
  padding: '0 var(--bui-space-2)',
  verticalAlign: 'top' as const,
  width: '50%',
};

const head = {
  textAlign: 'start' as const,
  padding: 'var(--bui-space-1) var(--bui-space-2)',
  borderBottom: '1px solid var(--bui-border-2)',
  width: '50%',
};

function SideBySide(props: { document: DocumentComparison }) {
  const { lines, title } = props.document;
  return (
    <div
      style={{
        overflow: 'auto',
        maxHeight: 420,
        border: '1px solid var(--bui-border-1)',
        borderRadius: 'var(--bui-radius-2)',
      }}
    >
      <table
        aria-label={`${title}: generated and live, line by line`}
        style={{ width: '100%', borderCollapse: 'collapse' }}
      >
        <thead>
          <tr>
            <th scope="col" style={head}>
              Generated (desired)
            </th>
            <th scope="col" style={head}>
              On the bucket (live)
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line, i) => {
            const mark = MARK[line.change];
            const differs = line.change !== 'same';
            return (
              <tr key={i} data-change={line.change}>
                <td
                  style={{
                    ...cell,
                    background:
                      differs && line.desired !== undefined
                        ? MARKED
                        : undefined,
                  }}
                >
                  {line.desired !== undefined
                    ? `${mark.desired} ${line.desired}`
                    : ''}
                </td>
                <td
                  style={{
                    ...cell,
                    borderInlineStart: '1px solid var(--bui-border-1)',
                    background:
                      differs && line.live !== undefined ? MARKED : undefined,
                  }}
                >
                  {line.live !== undefined ? `${mark.live} ${line.live}` : ''}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function commandLabel(d: DocumentComparison): string {
  // put-bucket-cors replaces every rule; the other two commands merge
  if (d.document === 'cors') {
    return "Put the generated CORS configuration (it replaces the bucket's CORS rules: add any others the bucket needs to it first)";
  }
  return d.state === 'missing'
    ? 'Apply the generated document'
    : 'Bring the bucket in line (its own rules and statements are kept)';
}

function DocumentCard(props: { document: DocumentComparison }) {
  const d = props.document;
  const state = STATE_TEXT[d.state];
  return (
    <section aria-label={d.title}>
      <Flex direction="column" gap="2">
        <Flex gap="3" align="center" style={{ flexWrap: 'wrap' }}>
          <Text as="h4" variant="title-x-small">
            {d.title}
          </Text>
          <StatusText status={state.status} label={state.label} />
        </Flex>
        <Text as="p" color="secondary">
          {d.summary}
        </Text>
        {d.lines.length > 0 && <SideBySide document={d} />}
        {d.state === 'unknown' && d.desired && (
          <CodeBlock label={`${d.title} (generated)`}>{d.desired}</CodeBlock>
        )}
        {d.command && (
          <Flex direction="column" gap="1">
            <Flex justify="between" align="center">
              <Text as="span" variant="body-small" weight="bold">
                {commandLabel(d)}
              </Text>
              <CopyButton
                text={d.command}
                label={`Copy the command for the ${d.title.toLowerCase()}`}
                size="small"
              />
            </Flex>
            <CodeBlock label={`Command for the ${d.title.toLowerCase()}`} wrap>
              {d.command}
            </CodeBlock>
          </Flex>
        )}
      </Flex>
    </section>
  );
}

function Comparison(props: {
  state: ReturnType<typeof useAsyncRetry<ConfigurationComparison>>;
}) {
  const { state } = props;
  if (state.error) {
    return (
      <ErrorAlert
        error={state.error}
        action="read the bucket's live configuration"
        onRetry={state.retry}
      />
    );
  }
  if (!state.value) return <Skeleton width="100%" height={160} />;
  return (
    <Flex direction="column" gap="5">
      {state.value.documents.map(d => (
        <DocumentCard key={d.document} document={d} />
      ))}
    </Flex>
  );
}

/**
 * The bucket's live CORS rules, bucket policy and lifecycle next to the
 * generated ones, read on opening with the resource's own credentials.
 */
export function DesiredVsLive(props: { resource: S3Resource }) {
  const { resource } = props;
  // read with the resource's own credentials: for those who may test it
  const mayTest = usePermission({
    permission: s3ResourceTestPermission,
    resourceRef: resource.id,
  });
  if (mayTest.loading) return null;
  if (!mayTest.allowed) {
    return (
      <Text as="p" color="secondary">
        The bucket's live configuration is read with the resource's own
        credentials: those who may test the resource (its owners and the
        platform team) compare it with the generated one here.
      </Text>
    );
  }
  return <LiveComparison resource={resource} />;
}

function LiveComparison(props: { resource: S3Resource }) {
  const api = useApi(s3ResourcesApiRef);
  const { resource } = props;
  const state = useAsyncRetry(
    () => api.compareConfiguration(resource.id),
    [api, resource.id, resource.version],
  );
  return (
    <Card>
      <CardHeader>
        <Flex justify="between" align="center" gap="3">
          <Flex direction="column" gap="1">
            <Text as="h3" variant="title-small">
              Desired and live configuration
            </Text>
            <Text as="p" color="secondary" variant="body-small">
              What the portal generated next to what the bucket has now, read
              with the resource’s own credentials
              {state.value
                ? ` ${formatRelativeTime(state.value.checkedAt)}`
                : ''}
              .
            </Text>
          </Flex>
          <Button
            size="small"
            variant="secondary"
            iconStart={<RiRefreshLine />}
            onPress={state.retry}
            isPending={state.loading}
          >
            Check again
          </Button>
        </Flex>
      </CardHeader>
      <CardBody>
        <Comparison state={state} />
      </CardBody>
    </Card>
  );
}
