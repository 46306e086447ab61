/**
 * Scaffolder actions for S3 resources.
 *
 * @packageDocumentation
 */
export { scaffolderModuleS3Resources as default } from './module';
export { createRegisterResourceAction } from './actions/registerResource';
export { createPolicyIamAction } from './actions/policyIam';
export type { PolicyIamActionOptions } from './actions/policyIam';
export { createPolicyCorsAction } from './actions/policyCors';
export { createShareObjectAction } from './actions/shareObject';
export type { PolicyCorsActionOptions } from './actions/policyCors';
