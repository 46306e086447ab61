/**
 * Scaffolder actions for S3 resources.
 *
 * @packageDocumentation
 */
export { scaffolderModuleS3Resources as default } from './module';
export { createRegisterResourceAction } from './actions/registerResource';
