import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Resource type of S3 resources in the permission framework.
 *
 * @public
 */
export const S3_RESOURCE_PERMISSION_TYPE = 's3-resource';

/** @public */
export const s3ResourceCreatePermission = createPermission({
  name: 's3.resource.create',
  attributes: { action: 'create' },
});

/** @public */
export const s3ResourceReadPermission = createPermission({
  name: 's3.resource.read',
  attributes: { action: 'read' },
  resourceType: S3_RESOURCE_PERMISSION_TYPE,
});

/** @public */
export const s3ResourceUpdatePermission = createPermission({
  name: 's3.resource.update',
  attributes: { action: 'update' },
  resourceType: S3_RESOURCE_PERMISSION_TYPE,
});

/** @public */
export const s3ResourceDeletePermission = createPermission({
  name: 's3.resource.delete',
  attributes: { action: 'delete' },
  resourceType: S3_RESOURCE_PERMISSION_TYPE,
});

/** @public */
export const s3ResourceTestPermission = createPermission({
  name: 's3.resource.test',
  attributes: { action: 'update' },
  resourceType: S3_RESOURCE_PERMISSION_TYPE,
});

/**
 * Working with what is in a resource's bucket: list, details, preview,
 * download and share links.
 *
 * @public
 */
export const s3ObjectReadPermission = createPermission({
  name: 's3.resource.objects.read',
  attributes: { action: 'read' },
  resourceType: S3_RESOURCE_PERMISSION_TYPE,
});

/**
 * Uploading objects into a resource's bucket.
 *
 * @public
 */
export const s3ObjectWritePermission = createPermission({
  name: 's3.resource.objects.write',
  attributes: { action: 'create' },
  resourceType: S3_RESOURCE_PERMISSION_TYPE,
});

/**
 * Deleting objects from a resource's bucket.
 *
 * @public
 */
export const s3ObjectDeletePermission = createPermission({
  name: 's3.resource.objects.delete',
  attributes: { action: 'delete' },
  resourceType: S3_RESOURCE_PERMISSION_TYPE,
});

/** @public */
export const s3AuditReadPermission = createPermission({
  name: 's3.audit.read',
  attributes: { action: 'read' },
});

/**
 * Starting the audit sweep now instead of at its next scheduled time.
 *
 * @public
 */
export const s3AuditSweepPermission = createPermission({
  name: 's3.audit.sweep',
  attributes: { action: 'update' },
});

/**
 * Re-encrypting every stored secret under the newest key.
 *
 * @public
 */
export const s3KeysRotatePermission = createPermission({
  name: 's3.keys.rotate',
  attributes: { action: 'update' },
});

/**
 * Acting for any owner: registering a resource for, or moving one to, an
 * owner the caller is not and does not belong to. Everyone else claims only
 * their own ownership refs. The shipped policy grants it to platform groups.
 *
 * @public
 */
export const s3PlatformPermission = createPermission({
  name: 's3.platform',
  attributes: { action: 'update' },
});

/** @public */
export const s3ResourcesPermissions = [
  s3ResourceCreatePermission,
  s3ResourceReadPermission,
  s3ResourceUpdatePermission,
  s3ResourceDeletePermission,
  s3ResourceTestPermission,
  s3ObjectReadPermission,
  s3ObjectWritePermission,
  s3ObjectDeletePermission,
  s3AuditReadPermission,
  s3AuditSweepPermission,
  s3KeysRotatePermission,
  s3PlatformPermission,
];
