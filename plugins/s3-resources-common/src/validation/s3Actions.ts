/**
 * The resource an S3 action is authorised on.
 *
 * @public
 */
export type S3ActionLevel = 'bucket' | 'object';

/**
 * IAM access level of the action (Service Authorization Reference).
 *
 * @public
 */
export type S3ActionAccess =
  | 'list'
  | 'read'
  | 'write'
  | 'tagging'
  | 'permissions';

/** @public */
export type S3ActionInfo = {
  action: string;
  level: S3ActionLevel;
  access: S3ActionAccess;
  description: string;
  /** Takes the `s3:prefix` condition key, so a prefix can scope it. */
  prefixScoped?: boolean;
  /** Set when the portal's credentials are never given this action, with the reason. */
  refused?: string;
};

const bucket = (
  action: string,
  access: S3ActionAccess,
  description: string,
  extra: Partial<S3ActionInfo> = {},
): S3ActionInfo => ({
  action: `s3:${action}`,
  level: 'bucket',
  access,
  description,
  ...extra,
});

const object = (
  action: string,
  access: S3ActionAccess,
  description: string,
  extra: Partial<S3ActionInfo> = {},
): S3ActionInfo => ({
  action: `s3:${action}`,
  level: 'object',
  access,
  description,
  ...extra,
});

const CHANGES_WHO_HAS_ACCESS =
  'changes who may access the bucket; a portal credential must not';

/**
 * The S3 actions that apply to a bucket (`arn:…:s3:::bucket`) or to its
 * objects (`arn:…:s3:::bucket/key`). Account-, job- and access-point-level
 * actions are left out: no resource of this plugin is one of those.
 *
 * @public
 */
export const S3_ACTIONS: readonly S3ActionInfo[] = [
  bucket('ListBucket', 'list', 'List objects (ListObjectsV2) and HeadBucket', {
    prefixScoped: true,
  }),
  bucket('ListBucketVersions', 'list', 'List object versions', {
    prefixScoped: true,
  }),
  bucket(
    'ListBucketMultipartUploads',
    'list',
    'List multipart uploads in progress',
  ),
  bucket('GetBucketLocation', 'read', "Read the bucket's region"),
  bucket('GetBucketAcl', 'read', "Read the bucket's ACL"),
  bucket('PutBucketAcl', 'permissions', "Replace the bucket's ACL", {
    refused: CHANGES_WHO_HAS_ACCESS,
  }),
  bucket('GetBucketCORS', 'read', "Read the bucket's CORS rules"),
  bucket('PutBucketCORS', 'write', "Replace or delete the bucket's CORS rules"),
  bucket('GetBucketLogging', 'read', "Read the bucket's access-log settings"),
  bucket(
    'PutBucketLogging',
    'write',
    "Change the bucket's access-log settings",
  ),
  bucket(
    'GetBucketNotification',
    'read',
    "Read the bucket's event notifications",
  ),
  bucket(
    'PutBucketNotification',
    'write',
    "Change the bucket's event notifications",
  ),
  bucket('GetBucketPolicy', 'read', 'Read the bucket policy'),
  bucket(
    'GetBucketPolicyStatus',
    'read',
    'Read whether the bucket policy makes it public',
  ),
  bucket('PutBucketPolicy', 'permissions', 'Replace the bucket policy', {
    refused: CHANGES_WHO_HAS_ACCESS,
  }),
  bucket('DeleteBucketPolicy', 'permissions', 'Delete the bucket policy', {
    refused: CHANGES_WHO_HAS_ACCESS,
  }),
  bucket('GetBucketWebsite', 'read', "Read the bucket's website settings"),
  bucket('PutBucketWebsite', 'write', "Change the bucket's website settings"),
  bucket(
    'DeleteBucketWebsite',
    'write',
    "Remove the bucket's website settings",
  ),
  bucket('GetBucketVersioning', 'read', "Read the bucket's versioning state"),
  bucket(
    'PutBucketVersioning',
    'write',
    "Change the bucket's versioning state",
  ),
  bucket('GetBucketTagging', 'read', "Read the bucket's tags"),
  bucket('PutBucketTagging', 'tagging', "Replace the bucket's tags"),
  bucket(
    'GetBucketRequestPayment',
    'read',
    "Read the bucket's requester-pays setting",
  ),
  bucket(
    'PutBucketRequestPayment',
    'write',
    "Change the bucket's requester-pays setting",
  ),
  bucket(
    'GetBucketOwnershipControls',
    'read',
    "Read the bucket's Object Ownership setting",
  ),
  bucket(
    'PutBucketOwnershipControls',
    'write',
    "Change the bucket's Object Ownership setting",
    {
      refused:
        'turns ACLs on or off for every object; a portal credential must not',
    },
  ),
  bucket(
    'GetBucketPublicAccessBlock',
    'read',
    "Read the bucket's Block Public Access settings",
  ),
  bucket(
    'PutBucketPublicAccessBlock',
    'permissions',
    "Change the bucket's Block Public Access settings",
    {
      refused: CHANGES_WHO_HAS_ACCESS,
    },
  ),
  bucket(
    'GetEncryptionConfiguration',
    'read',
    "Read the bucket's default encryption",
  ),
  bucket(
    'PutEncryptionConfiguration',
    'write',
    "Change the bucket's default encryption",
  ),
  bucket(
    'GetLifecycleConfiguration',
    'read',
    "Read the bucket's lifecycle rules",
  ),
  bucket(
    'PutLifecycleConfiguration',
    'write',
    "Replace the bucket's lifecycle rules",
  ),
  bucket(
    'GetReplicationConfiguration',
    'read',
    "Read the bucket's replication rules",
  ),
  bucket(
    'PutReplicationConfiguration',
    'write',
    "Replace the bucket's replication rules",
  ),
  bucket(
    'GetAccelerateConfiguration',
    'read',
    "Read the bucket's Transfer Acceleration state",
  ),
  bucket(
    'PutAccelerateConfiguration',
    'write',
    "Change the bucket's Transfer Acceleration state",
  ),
  bucket(
    'GetBucketObjectLockConfiguration',
    'read',
    "Read the bucket's Object Lock settings",
  ),
  bucket(
    'PutBucketObjectLockConfiguration',
    'write',
    "Change the bucket's Object Lock settings",
  ),
  bucket(
    'GetIntelligentTieringConfiguration',
    'read',
    "Read the bucket's Intelligent-Tiering settings",
  ),
  bucket(
    'PutIntelligentTieringConfiguration',
    'write',
    "Change the bucket's Intelligent-Tiering settings",
  ),
  bucket(
    'GetInventoryConfiguration',
    'read',
    "Read the bucket's inventory settings",
  ),
  bucket(
    'PutInventoryConfiguration',
    'write',
    "Change the bucket's inventory settings",
  ),
  bucket(
    'GetAnalyticsConfiguration',
    'read',
    "Read the bucket's storage-class analysis",
  ),
  bucket(
    'PutAnalyticsConfiguration',
    'write',
    "Change the bucket's storage-class analysis",
  ),
  bucket(
    'GetMetricsConfiguration',
    'read',
    "Read the bucket's request-metrics settings",
  ),
  bucket(
    'PutMetricsConfiguration',
    'write',
    "Change the bucket's request-metrics settings",
  ),
  bucket('DeleteBucket', 'write', 'Delete the bucket', {
    refused: 'deletes the bucket itself; a portal credential must not',
  }),
  object('GetObject', 'read', 'Download objects (GetObject, HeadObject)'),
  object('GetObjectVersion', 'read', 'Download a specific object version'),
  object('GetObjectAcl', 'read', "Read an object's ACL"),
  object('GetObjectVersionAcl', 'read', "Read an object version's ACL"),
  object('GetObjectAttributes', 'read', "Read an object's attributes"),
  object(
    'GetObjectVersionAttributes',
    'read',
    "Read an object version's attributes",
  ),
  object('GetObjectTagging', 'read', "Read an object's tags"),
  object('GetObjectVersionTagging', 'read', "Read an object version's tags"),
  object(
    'GetObjectRetention',
    'read',
    "Read an object's Object Lock retention",
  ),
  object('GetObjectLegalHold', 'read', "Read an object's legal hold"),
  object('GetObjectTorrent', 'read', 'Download an object as a torrent'),
  object(
    'GetObjectVersionTorrent',
    'read',
    'Download an object version as a torrent',
  ),
  object('PutObject', 'write', 'Upload objects, including multipart uploads'),
  object(
    'PutObjectAcl',
    'permissions',
    "Set an object's ACL (also needed to upload with an x-amz-acl header)",
  ),
  object('PutObjectVersionAcl', 'permissions', "Set an object version's ACL"),
  object(
    'PutObjectTagging',
    'tagging',
    "Set an object's tags (also needed to upload with x-amz-tagging)",
  ),
  object('PutObjectVersionTagging', 'tagging', "Set an object version's tags"),
  object('DeleteObjectTagging', 'tagging', "Remove an object's tags"),
  object(
    'DeleteObjectVersionTagging',
    'tagging',
    "Remove an object version's tags",
  ),
  object(
    'PutObjectRetention',
    'write',
    "Set an object's Object Lock retention",
  ),
  object('PutObjectLegalHold', 'write', "Set an object's legal hold"),
  object('DeleteObject', 'write', 'Delete objects (or add a delete marker)'),
  object(
    'DeleteObjectVersion',
    'write',
    'Delete a specific object version for good',
  ),
  object(
    'AbortMultipartUpload',
    'write',
    'Abort a multipart upload and free its parts',
  ),
  object(
    'ListMultipartUploadParts',
    'list',
    'List the parts of a multipart upload',
  ),
  object('RestoreObject', 'write', 'Restore an archived object'),
  object(
    'BypassGovernanceRetention',
    'permissions',
    'Override Object Lock governance retention',
    {
      refused: 'defeats Object Lock; a portal credential must not',
    },
  ),
];

const BY_NAME = new Map(S3_ACTIONS.map(a => [a.action, a]));
const BY_LOWER_NAME = new Map(S3_ACTIONS.map(a => [a.action.toLowerCase(), a]));

/**
 * The catalogue entry of an action, by its exact (canonical) name.
 *
 * @public
 */
export function getS3Action(action: string): S3ActionInfo | undefined {
  return BY_NAME.get(action);
}

/**
 * The canonical spelling of an action written in another case.
 *
 * @public
 */
export function findS3ActionIgnoringCase(
  action: string,
): S3ActionInfo | undefined {
  return BY_LOWER_NAME.get(action.toLowerCase());
}
