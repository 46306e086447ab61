import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { S3BucketNameField } from './S3BucketNameField';
import { S3ConnectionTestField } from './S3ConnectionTestField';
import { S3ProviderEndpointField } from './S3ProviderEndpointField';
import { S3SecretAccessKeyField } from './S3SecretAccessKeyField';
import {
  FIELD_NAMES,
  validateBucketNameField,
  validateConnectionTestField,
  validateProviderEndpointField,
} from './fieldValidators';

// Loaded only by the FormFieldBlueprint loaders of the alpha plugin.

export const s3BucketNameFormField = createFormField({
  name: FIELD_NAMES.bucketName,
  component: S3BucketNameField,
  validation: validateBucketNameField,
});

export const s3ProviderEndpointFormField = createFormField({
  name: FIELD_NAMES.providerEndpoint,
  component: S3ProviderEndpointField,
  validation: validateProviderEndpointField,
});

export const s3ConnectionTestFormField = createFormField({
  name: FIELD_NAMES.connectionTest,
  component: S3ConnectionTestField,
  validation: validateConnectionTestField,
});

export const s3SecretAccessKeyFormField = createFormField({
  name: FIELD_NAMES.secretAccessKey,
  component: S3SecretAccessKeyField,
});
