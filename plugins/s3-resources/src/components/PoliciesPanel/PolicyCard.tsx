import { Card, CardBody, CardHeader, Flex, Text } from '@backstage/ui';
import { ReactNode } from 'react';
import { PolicyKind } from './applyPolicies';

export const POLICY_TITLES: Record<PolicyKind, string> = {
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

/** The id the panel's table of contents links to. */
export const policyAnchor = (kind: PolicyKind) => `policy-${kind}`;

/** One policy's card: its title, what it is for, and a labelled section. */
export function PolicyCard(props: { kind: PolicyKind; children: ReactNode }) {
  const id = policyAnchor(props.kind);
  return (
    <Card>
      <CardHeader>
        <Flex direction="column" gap="1">
          <Text as="h3" variant="title-small" id={id}>
            {POLICY_TITLES[props.kind]}
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

export function SubHeading(props: { children: string }) {
  return (
    <Text as="h4" variant="body-medium" weight="bold">
      {props.children}
    </Text>
  );
}
