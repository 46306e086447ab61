export * from './types';
export { validateBucketName } from './bucketName';
