export * from './types';
export { validateBucketName } from './bucketName';
export {
  AWS_PARTITIONS,
  isAwsPartition,
  partitionForRegion,
} from './partition';
export type { AwsPartition } from './partition';
export { validateRegion } from './region';
export { validateAwsAccountId } from './awsAccountId';
export { parseIamArn, validatePrincipalArn, validateRoleArn } from './iamArn';
export type { IamArnParts } from './iamArn';
export { parseKmsKeyArn, validateKmsKeyArn } from './kmsKeyArn';
export type { KmsKeyArnParts } from './kmsKeyArn';
export {
  BUCKET_CANNED_ACLS,
  OBJECT_CANNED_ACLS,
  PUBLIC_CANNED_ACLS,
  validateCannedAcl,
  validateDefaultAcl,
} from './cannedAcl';
export type { BucketCannedAcl } from './cannedAcl';
export { MAX_PREFIX_BYTES, validatePrefix } from './prefix';
export { validateObjectKey } from './objectKey';
export {
  isPrivateCidr,
  normalizeCidr,
  validateCidr,
  validateCidrs,
} from './cidr';
export {
  CORS_METHODS,
  MAX_CORS_MAX_AGE_SECONDS,
  validateCorsMaxAge,
  validateCorsMethods,
  validateCorsOrigin,
  validateCorsOrigins,
} from './cors';
export { S3_ACTIONS, findS3ActionIgnoringCase, getS3Action } from './s3Actions';
export type { S3ActionAccess, S3ActionInfo, S3ActionLevel } from './s3Actions';
export { validateCustomActions } from './customActions';
export {
  OWNER_REF,
  RESOURCE_REF,
  SYSTEM_REF,
  canonicalEntityRef,
  validateEntityRef,
} from './entityRef';
export type { EntityRefRule } from './entityRef';
export { validateEndpoint } from './endpoint';
export {
  MAX_EXTERNAL_ID_LENGTH,
  MIN_EXTERNAL_ID_LENGTH,
  validateExternalId,
} from './externalId';
export { checkGrantRules } from './grantRules';
export { checkAuthRules } from './authRules';
