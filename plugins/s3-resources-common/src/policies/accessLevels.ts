import { PROVIDER_PROFILES } from '../providers';
import { PolicyGrantInput } from '../types';
import { getS3Action } from '../validation';

/**
 * An S3 action an access level grants, with why it is needed.
 *
 * @public
 */
export type ActionChoice = { action: string; reason: string };

/**
 * `read`: what a download-only tool and the connection test need.
 * GetBucketCORS is here so the test and the drift audit can compare the
 * bucket's CORS rules with the generated ones; the other bucket reads let
 * the test and the audit inspect the bucket's configuration, and the two
 * listings let the storage scan count versions and incomplete uploads.
 *
 * @public
 */
export const READ_ACTIONS: readonly ActionChoice[] = [
  {
    action: 's3:ListBucket',
    reason:
      "List objects (ListObjectsV2) and HeadBucket; the connection test's list step",
  },
  {
    action: 's3:GetBucketLocation',
    reason: "Find the bucket's region; the connection test checks it",
  },
  {
    action: 's3:GetBucketCORS',
    reason:
      'Let the connection test and the drift audit compare CORS rules with the generated ones',
  },
  {
    action: 's3:GetObject',
    reason: 'Download objects (GetObject, HeadObject, presigned GET URLs)',
  },
  {
    action: 's3:GetBucketVersioning',
    reason:
      'Let the connection test and the audit read whether versioning is on',
  },
  {
    action: 's3:GetLifecycleConfiguration',
    reason:
      "Let the connection test and the audit compare the bucket's lifecycle rules with the generated ones (and keep the team's own in the fix)",
  },
  {
    action: 's3:GetBucketLogging',
    reason:
      'Let the connection test and the audit read whether access logging is on',
  },
  {
    action: 's3:GetBucketObjectLockConfiguration',
    reason:
      "Let the connection test and the audit read the bucket's object lock retention",
  },
  {
    action: 's3:GetReplicationConfiguration',
    reason:
      'Let the connection test and the audit read where the bucket replicates to',
  },
  {
    action: 's3:GetBucketPolicy',
    reason:
      'Let the connection test and the audit find public or cross-account grants and drift from the generated bucket policy',
  },
  {
    action: 's3:GetBucketAcl',
    reason:
      "Let the connection test and the audit read the bucket ACL's grants for the access map",
  },
  {
    action: 's3:ListBucketVersions',
    reason: 'Let the storage scan count noncurrent versions',
  },
  {
    action: 's3:ListBucketMultipartUploads',
    reason: 'Let the storage scan count incomplete multipart uploads',
  },
];

/**
 * `read-write`: `read` plus uploads and deletes. Multipart needs Abort and
 * ListParts; tagging and delete let the write probe tag and remove its
 * sentinel object. PutObjectAcl is added only when uploads send an ACL.
 *
 * @public
 */
export const READ_WRITE_ACTIONS: readonly ActionChoice[] = [
  ...READ_ACTIONS,
  {
    action: 's3:PutObject',
    reason:
      'Upload objects: PutObject, presigned PUT/POST and multipart uploads; the write probe',
  },
  {
    action: 's3:PutObjectTagging',
    reason:
      'Upload with tags (x-amz-tagging); the write probe tags its sentinel object',
  },
  {
    action: 's3:DeleteObject',
    reason: 'Delete objects; the write probe removes its sentinel object',
  },
  {
    action: 's3:AbortMultipartUpload',
    reason:
      'Abort failed multipart uploads so their parts stop costing storage',
  },
  {
    action: 's3:ListMultipartUploadParts',
    reason: 'Resume multipart uploads by listing the parts already sent',
  },
];

/**
 * The classic list of the internal-tool docs (Retool, Appsmith, ToolJet, Budibase).
 *
 * @public
 */
export const FULL_ACTIONS: readonly string[] = [
  's3:ListBucket',
  's3:GetBucketAcl',
  's3:GetBucketCORS',
  's3:GetBucketLocation',
  's3:GetBucketLogging',
  's3:GetBucketNotification',
  's3:GetBucketPolicy',
  's3:GetBucketWebsite',
  's3:GetObject',
  's3:GetObjectAcl',
  's3:GetObjectVersion',
  's3:GetObjectVersionAcl',
  's3:PutObject',
  's3:PutObjectAcl',
  's3:PutObjectTagging',
  's3:PutObjectVersionAcl',
  's3:PutObjectVersionTagging',
];

/** @public */
export const ACL_ACTIONS: readonly string[] = [
  's3:GetBucketAcl',
  's3:GetObjectAcl',
  's3:GetObjectVersionAcl',
  's3:PutObjectAcl',
  's3:PutObjectVersionAcl',
];

const UPLOAD_ACL: ActionChoice = {
  action: 's3:PutObjectAcl',
  reason: 'Upload with the default ACL (an x-amz-acl header needs this action)',
};

/** @public */
export type ResolvedActions = {
  actions: ActionChoice[];
  notes: string[];
};

/** Why ACLs are unused for these settings, or undefined when they are used. */
export function aclsUnusedBecause(input: PolicyGrantInput): string | undefined {
  const profile = PROVIDER_PROFILES[input.provider ?? 'aws'];
  if (!profile.supportsAcl) return `${profile.title} does not support ACLs`;
  if (input.objectOwnership === 'BucketOwnerEnforced') {
    return 'the bucket enforces BucketOwnerEnforced ownership, so ACLs are disabled';
  }
  if ((input.defaultAcl ?? 'none') === 'none') {
    return 'uploads send no ACL (default ACL "none")';
  }
  return undefined;
}

/**
 * The bucket ACL read for the access map; a provider without ACLs has
 * nothing to read. A BucketOwnerEnforced bucket still answers GetBucketAcl
 * (with its owner alone), and the connection test reads it: the declared
 * ownership is not proof, and without the call the map stays unknown.
 */
const READ_BUCKET_ACL = 's3:GetBucketAcl';

/** Why the bucket has no ACL to read, or undefined when it has one. */
function bucketAclAbsentBecause(input: PolicyGrantInput): string | undefined {
  const profile = PROVIDER_PROFILES[input.provider ?? 'aws'];
  if (!profile.supportsAcl) return `${profile.title} does not support ACLs`;
  return undefined;
}

/**
 * The S3 actions of an access level with the reason for each. Input must be valid.
 *
 * @public
 */
export function resolveActions(input: PolicyGrantInput): ResolvedActions {
  const aclsUnused = aclsUnusedBecause(input);
  const noBucketAcl = bucketAclAbsentBecause(input);
  const notes: string[] = [];
  // reading the bucket ACL serves the access map even when uploads send none
  const reads = READ_ACTIONS.filter(
    a => !(noBucketAcl && a.action === READ_BUCKET_ACL),
  );
  const readWrites = [
    ...reads,
    ...READ_WRITE_ACTIONS.slice(READ_ACTIONS.length),
  ];
  const describe = (action: string, why: string) => ({
    action,
    reason: `${getS3Action(action)?.description ?? action} (${why})`,
  });
  switch (input.accessLevel) {
    case 'read':
      return { actions: reads, notes };
    case 'read-write':
      if (aclsUnused) {
        notes.push(`s3:PutObjectAcl is left out: ${aclsUnused}.`);
        return { actions: readWrites, notes };
      }
      return { actions: [...readWrites, UPLOAD_ACL], notes };
    case 'full': {
      const kept = aclsUnused
        ? FULL_ACTIONS.filter(
            a =>
              !ACL_ACTIONS.includes(a) ||
              (a === READ_BUCKET_ACL && !noBucketAcl),
          )
        : FULL_ACTIONS;
      if (aclsUnused) {
        notes.push(
          `ACL actions (${ACL_ACTIONS.join(
            ', ',
          )}) are left out of the full-access list${
            noBucketAcl ? '' : ` (but ${READ_BUCKET_ACL}, for the access map)`
          }: ${aclsUnused}.`,
        );
      }
      return {
        actions: kept.map(a => describe(a, 'classic full-access list')),
        notes,
      };
    }
    case 'custom':
    default: {
      const actions = input.customActions ?? [];
      const unusedAcl = actions.filter(a => ACL_ACTIONS.includes(a));
      if (aclsUnused && unusedAcl.length) {
        notes.push(
          `The custom list grants ${unusedAcl.join(
            ', ',
          )} although ${aclsUnused}.`,
        );
      }
      return {
        actions: actions.map(a => describe(a, 'requested in the custom list')),
        notes,
      };
    }
  }
}
