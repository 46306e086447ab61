/**
 * Catalog module that publishes registered S3 resources as `Resource`
 * entities of type `s3-bucket`.
 *
 * @packageDocumentation
 */
export { catalogModuleS3Resources as default } from './module';
export { S3ResourcesEntityProvider } from './S3ResourcesEntityProvider';
