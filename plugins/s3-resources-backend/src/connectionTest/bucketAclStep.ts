import {
  GetBucketAclCommand,
  GetBucketAclCommandOutput,
  Grant,
} from '@aws-sdk/client-s3';
import {
  BucketAcl,
  BucketAclGrant,
  isPublicGrantee,
  PROVIDER_PROFILES,
  granteeLabel,
} from '@s3-resources/plugin-s3-resources-common';
import {
  Inspection,
  MAX_OBSERVED_CHARS,
  inspect,
  observedPass,
  unsupported,
} from './inspectionSteps';
import { BucketStep, skipped } from './stepKit';

const INSPECTION: Inspection = {
  operation: 'GetBucketAcl',
  action: 's3:GetBucketAcl',
  what: 'the bucket ACL',
};

function grantOf(grant: Grant): BucketAclGrant {
  const g: NonNullable<Grant['Grantee']> = grant.Grantee ?? { Type: undefined };
  return {
    grantee: {
      type: g.Type ?? (g.URI ? 'Group' : 'CanonicalUser'),
      ...(g.ID ? { id: g.ID } : {}),
      ...(g.URI ? { uri: g.URI } : {}),
      ...(g.DisplayName ? { displayName: g.DisplayName } : {}),
      ...(g.EmailAddress ? { email: g.EmailAddress } : {}),
    },
    permission: grant.Permission ?? 'unknown',
  };
}

/**
 * GetBucketAcl: who the bucket's ACL grants what, for the access map and
 * the audit's ACL findings. An answer with neither owner nor grant is
 * unknown: no bucket has an empty ACL.
 */
export const bucketAclStep: BucketStep = ctx => {
  const { bucket, provider } = ctx.settings;
  const profile = PROVIDER_PROFILES[provider];
  if (!profile.supportsAcl) {
    return Promise.resolve(
      observedPass(
        `${profile.title} has no ACLs: nothing is granted through them`,
        {
          bucketAcl: { grants: [] },
        },
      ),
    );
  }
  return inspect(ctx, INSPECTION, async () => {
    const out: GetBucketAclCommandOutput = await ctx.send(
      new GetBucketAclCommand({ Bucket: bucket }),
    );
    if (!out.Owner?.ID && !out.Grants?.length) {
      return unsupported(ctx, INSPECTION);
    }
    const bucketAcl: BucketAcl = {
      ...(out.Owner?.ID
        ? {
            owner: {
              id: out.Owner.ID,
              ...(out.Owner.DisplayName
                ? { displayName: out.Owner.DisplayName }
                : {}),
            },
          }
        : {}),
      grants: (out.Grants ?? []).map(grantOf),
    };
    if (JSON.stringify(bucketAcl).length > MAX_OBSERVED_CHARS) {
      return skipped(
        `Unknown: the bucket ACL is larger than the test keeps (${MAX_OBSERVED_CHARS} characters)`,
      );
    }
    const ownerId = bucketAcl.owner?.id;
    const said = bucketAcl.grants.map(
      g =>
        `${g.permission} to ${
          ownerId && g.grantee.id === ownerId
            ? 'its owner'
            : granteeLabel(g.grantee)
        }`,
    );
    const message = said.length
      ? `The bucket ACL grants ${said.join('; ')}`
      : 'The bucket ACL grants nothing';
    const open = bucketAcl.grants.filter(g => isPublicGrantee(g.grantee.uri));
    if (open.length) {
      return {
        status: 'warn',
        message: `${message}: the bucket ACL grants public access`,
        remediation:
          'Remove the grants to AllUsers and AuthenticatedUsers (the audit finding has the put-bucket-acl command), or turn IgnorePublicAcls on for the bucket.',
        observed: { bucketAcl },
      };
    }
    return observedPass(message, { bucketAcl });
  });
};
