import type { BucketAcl, BucketAclGrant } from '../types';
import { shellQuote } from './shellQuote';

/** @public */
export const ALL_USERS_URI = 'http://acs.amazonaws.com/groups/global/AllUsers';
/** @public */
export const AUTHENTICATED_USERS_URI =
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';

/**
 * The group S3 server access logging writes as: its WRITE grant on a log
 * target bucket is logging, not a principal with access beyond a level.
 *
 * @public
 */
export const LOG_DELIVERY_URI =
  'http://acs.amazonaws.com/groups/s3/LogDelivery';

/**
 * Whether an ACL grantee is public: everyone (AllUsers) or every AWS
 * account (AuthenticatedUsers).
 *
 * @public
 */
export const isPublicGrantee = (uri: string | undefined) =>
  uri === ALL_USERS_URI || uri === AUTHENTICATED_USERS_URI;

/**
 * Who a grant is for, as a person reads it: `everyone (AllUsers)`,
 * `any AWS account (AuthenticatedUsers)`, `canonical user <id>`, …
 *
 * @public
 */
export function granteeLabel(grantee: BucketAclGrant['grantee']): string {
  if (grantee.uri === ALL_USERS_URI) return 'everyone (AllUsers)';
  if (grantee.uri === AUTHENTICATED_USERS_URI) {
    return 'any AWS account (AuthenticatedUsers)';
  }
  if (grantee.uri === LOG_DELIVERY_URI) {
    return 'server access logging (group LogDelivery)';
  }
  if (grantee.uri) return `group ${grantee.uri.split('/').pop()}`;
  if (grantee.email) return `${grantee.email} (by email)`;
  const name = grantee.displayName ? ` (${grantee.displayName})` : '';
  return `canonical user ${grantee.id ?? '(no ID)'}${name}`;
}

/**
 * `ACL grant WRITE to canonical user other`, as a finding names it.
 *
 * @public
 */
export function aclGrantLabel(grant: BucketAclGrant): string {
  return `ACL grant ${grant.permission} to ${granteeLabel(grant.grantee)}`;
}

/** The ACL in the shape `put-bucket-acl --access-control-policy` takes. */
function accessControlPolicy(acl: BucketAcl, grants: BucketAclGrant[]) {
  return {
    ...(acl.owner
      ? {
          Owner: {
            ID: acl.owner.id,
            ...(acl.owner.displayName
              ? { DisplayName: acl.owner.displayName }
              : {}),
          },
        }
      : {}),
    Grants: grants.map(g => ({
      Grantee: {
        Type: g.grantee.type,
        ...(g.grantee.id ? { ID: g.grantee.id } : {}),
        ...(g.grantee.uri ? { URI: g.grantee.uri } : {}),
        ...(g.grantee.email ? { EmailAddress: g.grantee.email } : {}),
      },
      Permission: g.permission,
    })),
  };
}

/**
 * `aws s3api put-bucket-acl` that puts the live ACL back without the
 * grants at `indexes` (PutBucketAcl replaces the whole list, so the other
 * grants are repeated), shell-quoted, with the endpoint of a provider
 * other than AWS.
 *
 * @public
 */
export function putBucketAclCommand(
  settings: { bucket: string; endpoint?: string },
  acl: BucketAcl,
  indexes: readonly number[],
): string {
  const kept = acl.grants.filter((_, i) => !indexes.includes(i));
  return `aws s3api put-bucket-acl --bucket ${shellQuote(
    settings.bucket,
  )} --access-control-policy ${shellQuote(
    JSON.stringify(accessControlPolicy(acl, kept)),
  )}${
    settings.endpoint ? ` --endpoint-url ${shellQuote(settings.endpoint)}` : ''
  }`;
}
