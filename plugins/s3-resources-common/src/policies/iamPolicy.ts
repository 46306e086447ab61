import { PROVIDER_PROFILES } from '../providers';
import { ProviderId } from '../types';
import { checkGrantRules, ValidationError } from '../validation';
import { buildGrantStatements } from './grantStatements';
import { assertPolicySize, MAX_MANAGED_POLICY_CHARS } from './policySize';
import { GeneratedPolicy, IamPolicyInput, PolicyDocument } from './types';

/** How each provider takes an identity policy, when it is not plain IAM. */
const IDENTITY_POLICY_NOTES: Partial<Record<ProviderId, string>> = {
  minio:
    "MinIO: create it as a user or group policy (mc admin policy create) and attach it to the access key's user.",
  'ceph-rgw':
    'Ceph RGW: attach it as a user policy (PutUserPolicy) or a role policy (PutRolePolicy).',
  wasabi:
    'Wasabi: attach it to the user or role in the Wasabi console; it uses IAM policy syntax.',
  r2: 'Cloudflare R2 does not evaluate IAM policies: create an R2 API token limited to this bucket with the same access; the policy documents what to grant.',
  gcs: "Google Cloud Storage does not evaluate IAM policy documents: grant an equivalent role on the bucket to the HMAC key's service account; the policy documents what to grant.",
  other:
    'Check that the service evaluates IAM-style policies; the ARNs use the aws partition as S3-compatible services expect.',
};

/**
 * The identity policy for the credentials the portal uses: least privilege
 * for the access level, scoped to the bucket and prefix, with SSE-KMS and
 * source-address conditions when configured.
 *
 * @public
 */
export function generateIamPolicy(input: IamPolicyInput): GeneratedPolicy {
  const violations = checkGrantRules(input);
  if (violations.length) throw new ValidationError(violations);
  const { statements, reasons, notes } = buildGrantStatements(input, {
    includeKms: true,
  });
  const policy: PolicyDocument = {
    Version: '2012-10-17',
    Statement: statements,
  };
  const size = assertPolicySize(policy, {
    max: MAX_MANAGED_POLICY_CHARS,
    unit: 'chars',
    what: 'an IAM managed policy',
    hint: 'Use fewer egress CIDRs or custom actions.',
  });
  const provider = input.provider ?? 'aws';
  const providerNote = IDENTITY_POLICY_NOTES[provider];
  return {
    policy,
    json: JSON.stringify(policy, null, 2),
    reasons,
    notes:
      providerNote && !PROVIDER_PROFILES[provider].isAws
        ? [...notes, providerNote]
        : notes,
    size,
    maxSize: MAX_MANAGED_POLICY_CHARS,
  };
}
