import { ProviderId } from '../types';
import { RuleViolation } from './types';
import { violationsFor } from './violation';

// us-east-1, us-gov-west-1, cn-north-1, ap-southeast-5, us-isob-east-1, eu-isoe-west-1
const AWS_REGION = /^[a-z]{2}(-(gov|iso[a-z]?))?-[a-z]+-\d{1,2}$/;
// Other services name regions freely (MinIO, Ceph zonegroups); keep them to
// characters that are safe in hostnames, headers and signing scopes.
const SAFE_REGION = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,62}[A-Za-z0-9])?$/;
/** R2 answers to `auto`; it also accepts `us-east-1` as an alias of it. */
const R2_REGIONS = ['auto', 'us-east-1'];

/**
 * Region code rules per provider.
 *
 * @public
 */
export function validateRegion(
  region: string,
  context: { provider: ProviderId },
  field = 'region',
): RuleViolation | undefined {
  const fail = violationsFor(field);
  const { provider } = context;
  if (region.length === 0) {
    return fail('region-required', 'must not be empty');
  }
  if (provider === 'aws') {
    if (region === 'auto') {
      return fail(
        'region-auto-not-aws',
        'must be a real AWS region such as eu-west-1; "auto" is only for R2 and GCS',
      );
    }
    if (!AWS_REGION.test(region)) {
      return fail(
        'region-aws-format',
        'must be an AWS region code such as eu-west-1, us-gov-west-1 or cn-north-1',
      );
    }
    return undefined;
  }
  if (provider === 'r2') {
    if (!R2_REGIONS.includes(region)) {
      return fail(
        'region-r2',
        'must be "auto" for Cloudflare R2 (the location is chosen when the bucket is created)',
      );
    }
    return undefined;
  }
  if (!SAFE_REGION.test(region)) {
    return fail(
      'region-charset',
      'must be 1 to 64 letters, digits, dots, underscores or hyphens, starting and ending with a letter or digit',
    );
  }
  return undefined;
}
