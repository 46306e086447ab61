/**
 * The S3 resources backend plugin.
 *
 * @packageDocumentation
 */
export { s3ResourcesPlugin as default } from './plugin';
