import {
  FieldExtensionComponentProps,
  createScaffolderFieldExtension,
} from '@backstage/plugin-scaffolder-react';
import { ComponentType, Suspense, lazy } from 'react';
import { s3ResourcesPlugin } from '../plugin';
import {
  FIELD_NAMES,
  validateBucketNameField,
  validateConnectionTestField,
  validateProviderEndpointField,
} from './fieldValidators';

/** The field components load on first render, like the alpha plugin's loaders. */
function lazyField<P extends FieldExtensionComponentProps<any, any>>(
  load: () => Promise<ComponentType<P>>,
) {
  const Lazy = lazy(() => load().then(component => ({ default: component })));
  return (props: P) => (
    <Suspense fallback={null}>
      <Lazy {...(props as any)} />
    </Suspense>
  );
}

/**
 * Legacy scaffolder field `S3BucketName`: bucket name with live rule check.
 *
 * @public
 */
export const S3BucketNameFieldExtension = s3ResourcesPlugin.provide(
  createScaffolderFieldExtension({
    name: FIELD_NAMES.bucketName,
    component: lazyField(() =>
      import('./S3BucketNameField').then(m => m.S3BucketNameField),
    ),
    validation: validateBucketNameField,
  }),
);

/**
 * Legacy scaffolder field `S3ProviderEndpoint`: provider, endpoint, region, path style.
 *
 * @public
 */
export const S3ProviderEndpointFieldExtension = s3ResourcesPlugin.provide(
  createScaffolderFieldExtension({
    name: FIELD_NAMES.providerEndpoint,
    component: lazyField(() =>
      import('./S3ProviderEndpointField').then(m => m.S3ProviderEndpointField),
    ),
    validation: validateProviderEndpointField,
  }),
);

/**
 * Legacy scaffolder field `S3ConnectionTest`: tests the entered settings.
 *
 * @public
 */
export const S3ConnectionTestFieldExtension = s3ResourcesPlugin.provide(
  createScaffolderFieldExtension({
    name: FIELD_NAMES.connectionTest,
    component: lazyField(() =>
      import('./S3ConnectionTestField').then(m => m.S3ConnectionTestField),
    ),
    validation: validateConnectionTestField,
  }),
);

/**
 * Legacy scaffolder field `S3SecretAccessKey`: the secret access key, kept
 * in the task secrets, where a refused secret is named.
 *
 * @public
 */
export const S3SecretAccessKeyFieldExtension = s3ResourcesPlugin.provide(
  createScaffolderFieldExtension({
    name: FIELD_NAMES.secretAccessKey,
    component: lazyField(() =>
      import('./S3SecretAccessKeyField').then(m => m.S3SecretAccessKeyField),
    ),
  }),
);
