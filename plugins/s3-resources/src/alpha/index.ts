export { default } from './plugin';
export {
  s3ResourcesApi,
  s3ResourcesPage,
  s3ResourcesAuditHeaderAction,
  entityS3Content,
  entityS3Card,
  s3BucketNameFormField,
  s3ProviderEndpointFormField,
  s3ConnectionTestFormField,
  s3SecretAccessKeyFormField,
} from './plugin';
