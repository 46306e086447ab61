import { PROVIDER_PROFILES } from '../providers';
import {
  RuleViolation,
  validateExternalId,
  validatePrincipalArn,
  ValidationError,
} from '../validation';
import { assertPolicySize, MAX_TRUST_POLICY_CHARS } from './policySize';
import {
  ActionReason,
  GeneratedPolicy,
  PolicyDocument,
  PolicyStatement,
  TrustPolicyInput,
} from './types';

/**
 * The trust policy of the role the portal assumes: only the portal's
 * principal, only with the server-generated ExternalId.
 *
 * @public
 */
export function generateTrustPolicy(input: TrustPolicyInput): GeneratedPolicy {
  const provider = input.provider ?? 'aws';
  const profile = PROVIDER_PROFILES[provider];
  const omitConditions = input.omitStsConditions ?? provider === 'ceph-rgw';
  const violations: RuleViolation[] = [];
  if (!profile.supportsSts) {
    violations.push({
      field: 'provider',
      rule: 'sts-unsupported',
      message: `${profile.title} has no STS, so there is no role to assume`,
    });
  }
  const principal = validatePrincipalArn(
    input.portalPrincipalArn,
    { provider },
    'portalPrincipalArn',
  );
  if (principal) violations.push(principal);
  if (input.externalId !== undefined) {
    const externalId = validateExternalId(input.externalId);
    if (externalId) violations.push(externalId);
  } else if (!omitConditions) {
    violations.push({
      field: 'externalId',
      rule: 'external-id-required',
      message: 'is required: generate one with generateExternalId()',
    });
  }
  if (violations.length) throw new ValidationError(violations);

  const principalArn = input.portalPrincipalArn;
  // A trust policy is attached to the role it guards.
  const resource = 'this role';
  const reasons: ActionReason[] = [
    {
      action: 'sts:AssumeRole',
      resource,
      reason: omitConditions
        ? 'Lets the portal assume this role'
        : 'Lets the portal assume this role, only with the ExternalId the server generated for this resource',
    },
  ];
  const actions = ['sts:AssumeRole'];
  if (input.allowSourceIdentity) {
    actions.push('sts:SetSourceIdentity');
    reasons.push({
      action: 'sts:SetSourceIdentity',
      resource,
      reason:
        "Lets the portal record the Backstage user as the session's source identity, which CloudTrail keeps",
    });
  }
  if (input.allowTagSession) {
    actions.push('sts:TagSession');
    reasons.push({
      action: 'sts:TagSession',
      resource,
      reason:
        'Lets the portal pass session tags (e.g. the resource id) for attribute-based access',
    });
  }
  const statement: PolicyStatement = {
    Sid: 'PortalAssumesRole',
    Effect: 'Allow',
    Principal: { AWS: principalArn },
    Action: actions,
  };
  if (!omitConditions) {
    statement.Condition = {
      StringEquals: { 'sts:ExternalId': input.externalId! },
    };
  }
  const policy: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [statement],
  };
  const size = assertPolicySize(policy, {
    max: MAX_TRUST_POLICY_CHARS,
    unit: 'chars',
    what: 'a role trust policy',
    hint: 'Use a shorter principal ARN.',
  });

  const notes: string[] = [];
  if (!omitConditions) {
    notes.push(
      'AssumeRole succeeds only with this ExternalId. The server generated it for this resource; no user chooses or changes it.',
    );
  } else {
    notes.push(
      `No sts:ExternalId condition: ${
        provider === 'ceph-rgw'
          ? 'Ceph RGW denies AssumeRole when a trust policy has any sts:* condition'
          : 'STS conditions were switched off for this provider'
      }. Anyone who can act as ${principalArn} can assume the role, so keep that principal to the portal alone.`,
    );
  }
  if (provider === 'minio') {
    notes.push(
      "MinIO's AssumeRole issues credentials for the calling user and does not read trust policies; this one documents the intent only.",
    );
  }
  return {
    policy,
    json: JSON.stringify(policy, null, 2),
    reasons,
    notes,
    size,
    maxSize: MAX_TRUST_POLICY_CHARS,
  };
}
