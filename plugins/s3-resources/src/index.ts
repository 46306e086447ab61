/**
 * S3 resources frontend plugin (legacy frontend system exports; the new
 * frontend system's plugin is the default export of `/alpha`).
 *
 * @packageDocumentation
 */
export {
  s3ResourcesPlugin,
  S3ResourcesPage,
  EntityS3Content,
  EntityS3Card,
} from './plugin';
export {
  S3BucketNameFieldExtension,
  S3ProviderEndpointFieldExtension,
  S3ConnectionTestFieldExtension,
  S3SecretAccessKeyFieldExtension,
} from './scaffolder/legacyFieldExtensions';
export { FIELD_NAMES } from './scaffolder/fieldValidators';
export type { ProviderEndpointValue } from './scaffolder/validation';
export type { ConnectionTestValue } from './scaffolder/connectionTestValue';
export type { SecretAccessKeyUiOptions } from './scaffolder/S3SecretAccessKeyField';
export type {
  ConnectionFormKeys,
  ConnectionTestUiOptions,
} from './scaffolder/connectionRequest';
export { s3ResourcesApiRef } from './api/S3ResourcesApi';
export type {
  S3ResourcesApi,
  ResourceListQuery,
  ResourceStatusFilter,
  CursorPage,
  TestRunQuery,
  AuditQuery,
  AuditExportFormat,
  ConnectionTestOptions,
  FindingFilter,
  FindingQuery,
  SweepTrigger,
  ImportSource,
  DiscoveredBucket,
  ImportBucket,
  ImportRequest,
  ImportResult,
  ImportOutcome,
  DiscoverOptions,
  ImportOptions,
  ObjectListQuery,
  UploadRequest,
  UploadedPart,
  ShareLinkQuery,
  ReconciliationQuery,
} from './api/S3ResourcesApi';
export { S3ResourcesClient } from './api/S3ResourcesClient';
export { isS3BucketEntity } from './isS3BucketEntity';
