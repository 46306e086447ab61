/**
 * Domain types, validators, policy generators, permissions and entity
 * constants shared by the S3 resources plugins.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './connectionTestSteps';
export * from './findings';
export * from './storage';
export * from './configurationDrift';
export * from './accessMap';
export * from './import';
export * from './reconciliation';
export * from './templateSecrets';
export * from './providers';
export * from './entity';
export * from './events';
export { resourceToEntity } from './resourceToEntity';
export type { ResourceEntityOptions } from './resourceToEntity';
export * from './resourcePageUrls';
export * from './permissions';
export * from './validation';
export * from './schema/resourceRequest';
export * from './contract';
export * from './policies';
export * from './maskAccessKeyId';
export { endpointKeyOf } from './endpointKey';
