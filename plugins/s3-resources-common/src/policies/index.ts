export * from './types';
export {
  ACL_ACTIONS,
  FULL_ACTIONS,
  READ_ACTIONS,
  READ_WRITE_ACTIONS,
  resolveActions,
} from './accessLevels';
export type { ActionChoice, ResolvedActions } from './accessLevels';
export { bucketArn, objectArn, partitionOf } from './arns';
export {
  MAX_BUCKET_POLICY_BYTES,
  MAX_MANAGED_POLICY_CHARS,
  MAX_TRUST_POLICY_CHARS,
  policySize,
} from './policySize';
export { generateIamPolicy } from './iamPolicy';
export { generateBucketPolicy } from './bucketPolicy';
export { generateTrustPolicy } from './trustPolicy';
export { generateExternalId } from './externalId';
export {
  CORS_RULE_ID,
  DEFAULT_CORS_MAX_AGE_SECONDS,
  UPLOAD_MODE_METHODS,
  generateCorsConfiguration,
  corsConfigurationOf,
} from './corsConfiguration';
export { compareCorsConfiguration } from './compareCorsConfiguration';
export { shellQuote } from './shellQuote';
export { generateResourcePolicies } from './resourcePolicies';
export type {
  ResourcePolicies,
  ResourcePolicyContext,
} from './resourcePolicies';
export {
  LIFECYCLE_DAYS,
  LIFECYCLE_RULE_IDS,
  abortRuleFor,
  asPutRule,
  compareLifecycleConfiguration,
  generateLifecycleConfiguration,
  lifecycleRulesOf,
  summarizeLifecycleRule,
} from './lifecycleConfiguration';
export type {
  GeneratedLifecycleConfiguration,
  LifecycleComparison,
  LifecycleConfiguration,
  LifecycleRule,
  LifecycleRuleLike,
  LifecycleTarget,
} from './lifecycleConfiguration';
export {
  compareBucketPolicy,
  findBucketPolicyExposure,
  policyNamesPrincipal,
  policyWith,
  policyWithout,
  putBucketPolicyCommand,
  statementsOf,
} from './bucketPolicyExposure';
export type {
  BucketPolicyExposure,
  LivePolicyStatement,
  PolicyExposure,
} from './bucketPolicyExposure';
export {
  ALL_USERS_URI,
  AUTHENTICATED_USERS_URI,
  isPublicGrantee,
  LOG_DELIVERY_URI,
  aclGrantLabel,
  granteeLabel,
  putBucketAclCommand,
} from './bucketAcl';
export { putBucketTaggingCommand } from './bucketTagging';
