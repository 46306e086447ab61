import { PROVIDER_PROFILES } from '../providers';
import { ProviderId } from '../types';
import { partitionForRegion } from './partition';
import { validateRegion } from './region';
import { RuleViolation } from './types';
import { violationsFor } from './violation';

/** @public */
export type KmsKeyArnParts = {
  partition: string;
  region: string;
  account: string;
  kind: 'key' | 'alias';
  /** Key ID (UUID or `mrk-…`) or alias name without `alias/`. */
  id: string;
};

const KEY_ID =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
const ALIAS_NAME = /^[A-Za-z0-9/_-]{1,250}$/;

/** @public */
export function parseKmsKeyArn(arn: string): KmsKeyArnParts | undefined {
  const m = /^arn:([^:]+):kms:([^:]+):([^:]*):(key|alias)\/(.+)$/.exec(arn);
  if (!m) return undefined;
  const [, partition, region, account, kind, id] = m;
  const idOk = kind === 'key' ? KEY_ID.test(id) : ALIAS_NAME.test(id);
  if (!idOk) return undefined;
  return { partition, region, account, kind: kind as 'key' | 'alias', id };
}

/**
 * An SSE-KMS key as a key ARN (`key/<uuid>` or `key/mrk-…`) or an alias ARN
 * (`alias/<name>`). SSE-KMS keys must live in the bucket's region, so a
 * region mismatch is refused rather than discovered on the first upload.
 *
 * @public
 */
export function validateKmsKeyArn(
  arn: string,
  context: { provider: ProviderId; region?: string },
  field = 'kmsKeyArn',
): RuleViolation | undefined {
  const fail = violationsFor(field);
  if (!PROVIDER_PROFILES[context.provider].isAws) {
    return fail(
      'kms-key-aws-only',
      `is an AWS KMS setting; ${
        PROVIDER_PROFILES[context.provider].title
      } manages its own encryption keys`,
    );
  }
  const parts = parseKmsKeyArn(arn);
  if (!parts || validateRegion(parts.region, { provider: 'aws' })) {
    return fail(
      'kms-key-arn-format',
      'must look like arn:aws:kms:eu-west-1:123456789012:key/<key-id> or arn:aws:kms:eu-west-1:123456789012:alias/<name>',
    );
  }
  if (!/^\d{12}$/.test(parts.account)) {
    return fail('kms-key-arn-account', 'must hold a 12-digit account ID');
  }
  const expected = partitionForRegion(parts.region);
  if (parts.partition !== expected) {
    return fail(
      'kms-key-arn-partition',
      `must use partition ${expected} for region ${parts.region}`,
    );
  }
  if (context.region && parts.region !== context.region) {
    return fail(
      'kms-key-arn-region',
      `must be a key in the bucket's region ${context.region} (got ${parts.region})`,
    );
  }
  return undefined;
}
