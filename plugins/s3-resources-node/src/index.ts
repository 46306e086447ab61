/**
 * Node library of the S3 resources plugin: a service ref and client for other
 * backend plugins and modules, and the permission rules and conditions for
 * permission policies.
 *
 * @packageDocumentation
 */
export * from './S3ResourcesService';
export { DefaultS3ResourcesClient } from './DefaultS3ResourcesClient';
export { s3ResourcesServiceRef } from './serviceRef';
export * from './permissionRules';
