import { useApi } from '@backstage/core-plugin-api';
import {
  Alert,
  Card,
  CardBody,
  CardHeader,
  Flex,
  Skeleton,
  VisuallyHidden,
  Text,
} from '@backstage/ui';
import {
  GeneratedCorsConfiguration,
  GeneratedPolicy,
  S3Resource,
} from '@s3-resources/plugin-s3-resources-common';
import { CSSProperties, ReactNode } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { CodeBlock } from '../common/CodeBlock';
import { CopyButton } from '../common/CopyButton';
import { DownloadButton } from '../common/DownloadButton';
import { ErrorAlert } from '../common/ErrorAlert';
import {
  PolicyKind,
  applyCommand,
  howToApply,
  policyFileName,
} from './applyPolicies';

const anchorStyle = {
  color: 'var(--bui-fg-primary)',
  textDecoration: 'underline',
};

const TITLES: Record<PolicyKind, string> = {
  iam: 'IAM policy',
  trust: 'Trust policy',
  bucket: 'Bucket policy',
  cors: 'CORS configuration',
};

const PURPOSE: Record<PolicyKind, string> = {
  iam: 'Least-privilege permissions for the credentials the portal uses (the access key’s user, or the role it assumes).',
  trust:
    'Lets the portal assume the role, only with this resource’s external ID.',
  bucket:
    'The same grants on the bucket side, for the identity that receives them.',
  cors: 'Lets browsers on the portal’s origin call the bucket directly (presigned uploads and downloads).',
};

function Section(props: { kind: PolicyKind; children: ReactNode }) {
  const id = `policy-${props.kind}`;
  return (
    <Card>
      <CardHeader>
        <Flex direction="column" gap="1">
          <Text as="h3" variant="title-small" id={id}>
            {TITLES[props.kind]}
          </Text>
          <Text as="p" color="secondary">
            {PURPOSE[props.kind]}
          </Text>
        </Flex>
      </CardHeader>
      <CardBody>
        <section aria-labelledby={id}>
          <Flex direction="column" gap="4">
            {props.children}
          </Flex>
        </section>
      </CardBody>
    </Card>
  );
}

function SubHeading(props: { children: string }) {
  return (
    <Text as="h4" variant="body-medium" weight="bold">
      {props.children}
    </Text>
  );
}

function Document(props: {
  title: string;
  json: string;
  filename: string;
  size?: { size: number; maxSize: number };
}) {
  return (
    <Flex direction="column" gap="2">
      <Flex
        justify="between"
        align="center"
        gap="2"
        style={{ flexWrap: 'wrap' }}
      >
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

function Notes(props: { notes: string[] }) {
  if (!props.notes.length) return null;
  return (
    <Flex direction="column" gap="1">
      <SubHeading>Notes</SubHeading>
      <ul style={{ margin: 0, paddingLeft: 'var(--bui-space-5)' }}>
        {props.notes.map(note => (
          <li key={note}>
            <Text as="span">{note}</Text>
          </li>
        ))}
      </ul>
    </Flex>
  );
}

function Command(props: { title: string; command?: string }) {
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

function HowTo(props: { steps: string[] }) {
  if (!props.steps.length) return null;
  return (
    <Flex direction="column" gap="1">
      <SubHeading>How to apply</SubHeading>
      <ul style={{ margin: 0, paddingLeft: 'var(--bui-space-5)' }}>
        {props.steps.map(step => (
          <li key={step}>
            <Text as="span">{step}</Text>
          </li>
        ))}
      </ul>
    </Flex>
  );
}

type ReasonRow = {
  id: string;
  action: string;
  resource: string;
  reason: string;
};

const cellStyle: CSSProperties = {
  textAlign: 'left',
  verticalAlign: 'top',
  padding: 'var(--bui-space-2) var(--bui-space-3)',
  borderBottom: '1px solid var(--bui-border-1)',
};

/** A plain table so long reasons and ARNs wrap instead of being cut off. */
function Reasons(props: {
  rows: ReasonRow[];
  withResource: boolean;
  caption: string;
}) {
  return (
    <Flex direction="column" gap="2">
      <SubHeading>Why each action is granted</SubHeading>
      <table style={{ borderCollapse: 'collapse', width: '100%' }}>
        <caption>
          <VisuallyHidden>{props.caption}</VisuallyHidden>
        </caption>
        <thead>
          <tr>
            <th scope="col" style={cellStyle}>
              <Text as="span" weight="bold">
                Action
              </Text>
            </th>
            {props.withResource && (
              <th scope="col" style={cellStyle}>
                <Text as="span" weight="bold">
                  Resource
                </Text>
              </th>
            )}
            <th scope="col" style={cellStyle}>
              <Text as="span" weight="bold">
                Why
              </Text>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map(row => (
            <tr key={row.id}>
              <th scope="row" style={{ ...cellStyle, fontWeight: 'normal' }}>
                <Text
                  as="span"
                  style={{ fontFamily: 'var(--bui-font-monospace)' }}
                >
                  {row.action}
                </Text>
              </th>
              {props.withResource && (
                <td style={{ ...cellStyle, overflowWrap: 'anywhere' }}>
                  <Text
                    as="span"
                    style={{ fontFamily: 'var(--bui-font-monospace)' }}
                  >
                    {row.resource}
                  </Text>
                </td>
              )}
              <td style={cellStyle}>
                <Text as="span">{row.reason}</Text>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Flex>
  );
}

function PolicySection(props: {
  resource: S3Resource;
  kind: Exclude<PolicyKind, 'cors'>;
  policy: GeneratedPolicy;
}) {
  const { resource, kind, policy } = props;
  const title = TITLES[kind];
  return (
    <Section kind={kind}>
      <Document
        title={title}
        json={policy.json}
        filename={policyFileName(resource, kind)}
        size={policy}
      />
      <Reasons
        withResource
        caption={`Actions of the ${title} and why`}
        rows={policy.reasons.map((r, i) => ({ id: String(i), ...r }))}
      />
      <Notes notes={policy.notes} />
      <Command title={title} command={applyCommand(resource, kind)} />
      <HowTo steps={howToApply(resource, kind)} />
    </Section>
  );
}

function CorsSection(props: {
  resource: S3Resource;
  cors: GeneratedCorsConfiguration;
}) {
  const { resource, cors } = props;
  return (
    <Section kind="cors">
      <Document
        title="CORS configuration"
        json={cors.json}
        filename={policyFileName(resource, 'cors')}
      />
      <Flex direction="column" gap="2">
        <SubHeading>Console version (the rules array)</SubHeading>
        <Document
          title="CORS rules for the console"
          json={JSON.stringify(cors.console, null, 2)}
          filename={`${resource.name}-cors-console.json`}
        />
      </Flex>
      <Reasons
        withResource={false}
        caption="CORS methods and why"
        rows={cors.reasons.map((r, i) => ({
          id: String(i),
          action: r.method,
          resource: '',
          reason: r.reason,
        }))}
      />
      <Notes notes={cors.notes} />
      <Command title="CORS configuration" command={cors.command} />
      <HowTo steps={howToApply(resource, 'cors')} />
    </Section>
  );
}

/** Every generated policy of a resource, ready to copy, download and apply. */
export function PoliciesPanel(props: { resource: S3Resource }) {
  const api = useApi(s3ResourcesApiRef);
  const { resource } = props;
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getPolicies(resource.id),
    [api, resource.id, resource.version],
  );
  if (loading) {
    return (
      <Flex
        direction="column"
        gap="3"
        aria-busy="true"
        aria-label="Loading policies"
      >
        <Skeleton width="40%" height={24} />
        <Skeleton width="100%" height={240} />
      </Flex>
    );
  }
  if (error) {
    return (
      <ErrorAlert
        error={error}
        action="generate the policies"
        onRetry={retry}
      />
    );
  }
  const policies = value!;
  return (
    <Flex direction="column" gap="4">
      <Text as="p" color="secondary">
        Generated from this resource’s settings: copy or download each document,
        apply it with the command or the steps below it. They change when the
        settings do.
      </Text>
      <nav aria-label="Policies on this tab">
        <Flex gap="4" style={{ flexWrap: 'wrap' }}>
          <a style={anchorStyle} href="#policy-iam">
            IAM policy
          </a>
          {policies.trustPolicy && (
            <a style={anchorStyle} href="#policy-trust">
              Trust policy
            </a>
          )}
          {policies.bucketPolicy && (
            <a style={anchorStyle} href="#policy-bucket">
              Bucket policy
            </a>
          )}
          {policies.cors && (
            <a style={anchorStyle} href="#policy-cors">
              CORS configuration
            </a>
          )}
        </Flex>
      </nav>
      {policies.notes.length > 0 && (
        <Alert
          status="info"
          icon
          title="Not generated"
          description={policies.notes.join(' ')}
        />
      )}
      <PolicySection
        resource={resource}
        kind="iam"
        policy={policies.iamPolicy}
      />
      {policies.trustPolicy && (
        <PolicySection
          resource={resource}
          kind="trust"
          policy={policies.trustPolicy}
        />
      )}
      {policies.bucketPolicy && (
        <PolicySection
          resource={resource}
          kind="bucket"
          policy={policies.bucketPolicy}
        />
      )}
      {policies.cors && (
        <CorsSection resource={resource} cors={policies.cors} />
      )}
    </Flex>
  );
}
