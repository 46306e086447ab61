import { Flex } from '@backstage/ui';
import {
  GeneratedCorsConfiguration,
  GeneratedPolicy,
  S3Resource,
} from '@s3-resources/plugin-s3-resources-common';
import {
  PolicyKind,
  applyCommand,
  howToApply,
  policyFileName,
} from './applyPolicies';
import { POLICY_TITLES, PolicyCard, SubHeading } from './PolicyCard';
import { PolicyDocument } from './PolicyDocument';
import { ApplyCommand, HowToApply, PolicyNotes } from './PolicyGuidance';
import { PolicyReasons } from './PolicyReasons';

/** An IAM, trust or bucket policy with everything needed to apply it. */
export function PolicySection(props: {
  resource: S3Resource;
  kind: Exclude<PolicyKind, 'cors'>;
  policy: GeneratedPolicy;
}) {
  const { resource, kind, policy } = props;
  const title = POLICY_TITLES[kind];
  return (
    <PolicyCard kind={kind}>
      <PolicyDocument
        title={title}
        json={policy.json}
        filename={policyFileName(resource, kind)}
        size={policy}
      />
      <PolicyReasons
        withResource
        caption={`Actions of the ${title} and why`}
        rows={policy.reasons.map((r, i) => ({ id: String(i), ...r }))}
      />
      <PolicyNotes notes={policy.notes} />
      <ApplyCommand title={title} command={applyCommand(resource, kind)} />
      <HowToApply steps={howToApply(resource, kind)} />
    </PolicyCard>
  );
}

/** The CORS configuration, also as the rules array the console wants. */
export function CorsSection(props: {
  resource: S3Resource;
  cors: GeneratedCorsConfiguration;
}) {
  const { resource, cors } = props;
  return (
    <PolicyCard kind="cors">
      <PolicyDocument
        title="CORS configuration"
        json={cors.json}
        filename={policyFileName(resource, 'cors')}
      />
      <Flex direction="column" gap="2">
        <SubHeading>Console version (the rules array)</SubHeading>
        <PolicyDocument
          title="CORS rules for the console"
          json={JSON.stringify(cors.console, null, 2)}
          filename={`${resource.name}-cors-console.json`}
        />
      </Flex>
      <PolicyReasons
        withResource={false}
        caption="CORS methods and why"
        rows={cors.reasons.map((r, i) => ({
          id: String(i),
          action: r.method,
          resource: '',
          reason: r.reason,
        }))}
      />
      <PolicyNotes notes={cors.notes} />
      <ApplyCommand title="CORS configuration" command={cors.command} />
      <HowToApply steps={howToApply(resource, 'cors')} />
    </PolicyCard>
  );
}
