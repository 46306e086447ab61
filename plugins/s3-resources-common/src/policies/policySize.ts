import { RuleViolation, ValidationError } from '../validation';
import { PolicyDocument } from './types';

/**
 * IAM: managed policies, counted without whitespace.
 *
 * @public
 */
export const MAX_MANAGED_POLICY_CHARS = 6144;
/**
 * S3: bucket policies, in bytes.
 *
 * @public
 */
export const MAX_BUCKET_POLICY_BYTES = 20480;
/**
 * IAM: role trust policies by default (a quota may raise it to 4,096).
 *
 * @public
 */
export const MAX_TRUST_POLICY_CHARS = 2048;

/**
 * The policy's size as its service counts it. Minified JSON keeps spaces
 * inside strings, so this errs on the long side.
 *
 * @public
 */
export function policySize(
  policy: PolicyDocument,
  unit: 'chars' | 'bytes',
): number {
  const compact = JSON.stringify(policy);
  return unit === 'bytes'
    ? new TextEncoder().encode(compact).length
    : compact.length;
}

export function assertPolicySize(
  policy: PolicyDocument,
  limit: { max: number; unit: 'chars' | 'bytes'; what: string; hint: string },
): number {
  const size = policySize(policy, limit.unit);
  if (size > limit.max) {
    const violation: RuleViolation = {
      field: 'policy',
      rule: 'policy-size',
      message: `is ${size} ${
        limit.unit === 'chars' ? 'characters without whitespace' : 'bytes'
      }; ${limit.what} may be at most ${limit.max}. ${limit.hint}`,
    };
    throw new ValidationError([violation]);
  }
  return size;
}
