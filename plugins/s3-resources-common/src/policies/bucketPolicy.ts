import { PROVIDER_PROFILES } from '../providers';
import { ProviderId } from '../types';
import {
  checkGrantRules,
  validatePrincipalArn,
  ValidationError,
} from '../validation';
import { buildGrantStatements } from './grantStatements';
import { assertPolicySize, MAX_BUCKET_POLICY_BYTES } from './policySize';
import { BucketPolicyInput, GeneratedPolicy, PolicyDocument } from './types';

/** Providers whose bucket policies do not serve this purpose. */
const BUCKET_POLICY_NOTES: Partial<Record<ProviderId, string>> = {
  minio:
    'MinIO grants users access through user and group policies; prefer the IAM policy.',
  r2: 'Cloudflare R2 has no bucket policies: scope an R2 API token to the bucket instead.',
  gcs: 'Google Cloud Storage has no S3 bucket policies: grant a role on the bucket instead.',
};

/**
 * The same grants as `generateIamPolicy`, as a bucket policy for one
 * principal. KMS grants cannot live here and are noted instead.
 *
 * @public
 */
export function generateBucketPolicy(
  input: BucketPolicyInput,
): GeneratedPolicy {
  const provider = input.provider ?? 'aws';
  const principal = input.principalArn
    ? validatePrincipalArn(input.principalArn, { provider }, 'principalArn')
    : {
        field: 'principalArn',
        rule: 'principal-arn-required',
        message: 'is required: the role or user that receives the grants',
      };
  const violations = checkGrantRules(input);
  if (principal) violations.unshift(principal);
  if (violations.length) throw new ValidationError(violations);

  const { statements, reasons, notes } = buildGrantStatements(input, {
    includeKms: false,
  });
  const policy: PolicyDocument = {
    Version: '2012-10-17',
    Statement: statements.map(({ Sid, Effect, ...rest }) => ({
      Sid,
      Effect,
      Principal: { AWS: input.principalArn },
      ...rest,
    })),
  };
  const size = assertPolicySize(policy, {
    max: MAX_BUCKET_POLICY_BYTES,
    unit: 'bytes',
    what: 'a bucket policy',
    hint: 'Use fewer egress CIDRs or custom actions.',
  });
  const providerNote = BUCKET_POLICY_NOTES[provider];
  return {
    policy,
    json: JSON.stringify(policy, null, 2),
    reasons,
    notes: [
      ...notes,
      ...(providerNote ? [providerNote] : []),
      ...(PROVIDER_PROFILES[provider].isAws
        ? []
        : [
            'S3-compatible services name principals like arn:aws:iam:::user/<uid> (Ceph RGW: arn:aws:iam::<tenant>:user/<uid>).',
          ]),
    ],
    size,
    maxSize: MAX_BUCKET_POLICY_BYTES,
  };
}
