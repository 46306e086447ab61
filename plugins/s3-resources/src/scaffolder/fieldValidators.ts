import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import {
  bucketNameError,
  ProviderEndpointValue,
  providerEndpointErrors,
} from './validation';
import {
  ConnectionTestUiOptions,
  buildConnectionRequest,
} from './connectionRequest';
import type { ConnectionTestValue } from './connectionTestValue';

/**
 * Field names the "Register an S3 bucket" template uses (`ui:field`).
 *
 * @public
 */
export const FIELD_NAMES = {
  bucketName: 'S3BucketName',
  providerEndpoint: 'S3ProviderEndpoint',
  connectionTest: 'S3ConnectionTest',
  secretAccessKey: 'S3SecretAccessKey',
} as const;

export const validateBucketNameField: CustomFieldValidator<string> = (
  value,
  validation,
) => {
  const error = bucketNameError(value);
  if (error) validation.addError(error);
};

export const validateProviderEndpointField: CustomFieldValidator<
  ProviderEndpointValue
> = (value, validation) => {
  const errors = providerEndpointErrors(value);
  for (const message of Object.values(errors)) {
    if (message) validation.addError(message);
  }
};

export const validateConnectionTestField: CustomFieldValidator<
  ConnectionTestValue,
  ConnectionTestUiOptions
> = (value, validation, context) => {
  const options = context.uiSchema?.['ui:options'];
  if (!options?.requirePass) return;
  if (!value?.status) {
    validation.addError('Run the connection test before you continue');
    return;
  }
  if (value.status === 'fail') {
    validation.addError(
      'The connection test failed: fix the settings (the steps say how) and test again',
    );
    return;
  }
  const { signature } = buildConnectionRequest(context.formData, undefined, {
    keys: options.fields,
    fallbackOwner: '',
  });
  if (signature !== value.signature) {
    validation.addError('The settings changed since the last test: test again');
  }
};
