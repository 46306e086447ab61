/**
 * Test harness for the S3 resources plugins: typed access to the S3-compatible server that the
 * tests run against (Ceph RGW from scripts/s3/ceph-rgw.sh; see scripts/s3/README.md).
 *
 * Facts about Ceph RGW (Pacific) that tests must respect:
 * - error messages are empty and STS error names are "Unknown": assert on the HTTP status
 *   (`failureStatus`, `httpStatusOf`), not on the message;
 * - STS: AssumeRole works, GetCallerIdentity answers 405, GetSessionToken 403;
 * - trust policies with a Condition on sts:ExternalId are not supported (AssumeRole always 403);
 * - GetBucketEncryption / GetBucketOwnershipControls are not recognised: 200 with empty fields,
 *   which means "unknown", not "configured";
 * - path-style addressing only.
 */
export * from './env';
export * from './clients';
export * from './errors';
export * from './buckets';
export * from './roles';
export * from './preflight';
export { uniqueBucketName, uniqueRoleName, randomSuffix } from './names';
export * from './databases';
export * from './authWithActors';
export * from './recordingServices';
export * from './latencyProxy';
export * from './adminUsers';
export * from './scaffolderTasks';
export * from './replicas';
export * from './throwawayRedis';
export * from './freePort';
