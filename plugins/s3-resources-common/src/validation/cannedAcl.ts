import { PROVIDER_PROFILES } from '../providers';
import {
  DefaultAcl,
  ObjectCannedAcl,
  ObjectOwnership,
  ProviderId,
} from '../types';
import { RuleViolation } from './types';
import { violationsFor } from './violation';

/**
 * Canned ACLs S3 accepts on PutObject / PutObjectAcl.
 *
 * @public
 */
export const OBJECT_CANNED_ACLS: readonly ObjectCannedAcl[] = [
  'private',
  'public-read',
  'public-read-write',
  'authenticated-read',
  'aws-exec-read',
  'bucket-owner-read',
  'bucket-owner-full-control',
];

/**
 * Canned ACLs S3 accepts on CreateBucket / PutBucketAcl.
 *
 * @public
 */
export const BUCKET_CANNED_ACLS = [
  'private',
  'public-read',
  'public-read-write',
  'authenticated-read',
  'log-delivery-write',
] as const;

/** @public */
export type BucketCannedAcl = (typeof BUCKET_CANNED_ACLS)[number];

/**
 * ACLs that grant access beyond the bucket owner's account.
 *
 * @public
 */
export const PUBLIC_CANNED_ACLS: readonly string[] = [
  'public-read',
  'public-read-write',
  'authenticated-read',
];

const isIn = (list: readonly string[], value: string) => list.includes(value);

/**
 * A canned ACL valid for its target: an object or a bucket.
 *
 * @public
 */
export function validateCannedAcl(
  acl: string,
  context: { target: 'object' | 'bucket' },
  field = 'acl',
): RuleViolation | undefined {
  const fail = violationsFor(field);
  const forObject = isIn(OBJECT_CANNED_ACLS, acl);
  const forBucket = isIn(BUCKET_CANNED_ACLS, acl);
  if (!forObject && !forBucket) {
    return fail(
      'acl-unknown',
      `must be one of ${[...OBJECT_CANNED_ACLS, 'log-delivery-write'].join(
        ', ',
      )}`,
    );
  }
  if (context.target === 'bucket' && !forBucket) {
    return fail('acl-object-only', `"${acl}" applies to objects, not buckets`);
  }
  if (context.target === 'object' && !forObject) {
    return fail('acl-bucket-only', `"${acl}" applies to buckets, not objects`);
  }
  return undefined;
}

/**
 * The ACL the portal sends with uploads. Refused where it cannot work:
 * - the provider has no ACLs (MinIO, R2): only `none`;
 * - the bucket enforces BucketOwnerEnforced: only `none` — S3 rejects every
 *   other ACL except `bucket-owner-full-control`, which is redundant there;
 * - `aws-exec-read` on a service that is not AWS.
 *
 * @public
 */
export function validateDefaultAcl(
  acl: DefaultAcl | string,
  context: { provider: ProviderId; objectOwnership?: ObjectOwnership },
  field = 'defaultAcl',
): RuleViolation | undefined {
  if (acl === 'none') return undefined;
  const fail = violationsFor(field);
  const shape = validateCannedAcl(acl, { target: 'object' }, field);
  if (shape) return shape;
  const profile = PROVIDER_PROFILES[context.provider];
  if (!profile.supportsAcl) {
    return fail(
      'acl-unsupported-by-provider',
      `must be "none": ${profile.title} does not support ACLs`,
    );
  }
  if (context.objectOwnership === 'BucketOwnerEnforced') {
    return fail(
      'acl-ownership-enforced',
      'must be "none": the bucket enforces BucketOwnerEnforced ownership, so ACLs are disabled and the bucket owner owns every object',
    );
  }
  if (acl === 'aws-exec-read' && !profile.isAws) {
    return fail(
      'acl-aws-only',
      `"aws-exec-read" exists only on Amazon S3, not on ${profile.title}`,
    );
  }
  return undefined;
}
