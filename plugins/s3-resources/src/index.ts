/**
 * S3 resources frontend plugin (legacy frontend system exports; the new
 * frontend system's plugin is the default export of `/alpha`).
 *
 * @packageDocumentation
 */
export { s3ResourcesPlugin, S3ResourcesPage, EntityS3Content } from './plugin';
export { s3ResourcesApiRef } from './api/S3ResourcesApi';
export type { S3ResourcesApi, ResourceListQuery } from './api/S3ResourcesApi';
export { S3ResourcesClient } from './api/S3ResourcesClient';
export { isS3BucketEntity } from './isS3BucketEntity';
