import {
  DEFAULT_NAMESPACE,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/**
 * `kind` of the catalog entities published for S3 resources.
 *
 * @public
 */
export const RESOURCE_ENTITY_KIND = 'Resource';

/**
 * The entity ref of the resource named `name`: `resource:default/<name>`.
 *
 * @public
 */
export function resourceEntityRef(name: string): string {
  return stringifyEntityRef({
    kind: RESOURCE_ENTITY_KIND,
    namespace: DEFAULT_NAMESPACE,
    name,
  });
}

/**
 * `spec.type` of the catalog entities published for S3 resources.
 *
 * @public
 */
export const S3_BUCKET_ENTITY_TYPE = 's3-bucket';

/**
 * The project's own annotations on published entities.
 *
 * @public
 */
export const ANNOTATION_RESOURCE_ID = 's3-resources.backstage.io/resource-id';
/** @public */
export const ANNOTATION_BUCKET = 's3-resources.backstage.io/bucket';
/** @public */
export const ANNOTATION_REGION = 's3-resources.backstage.io/region';
/** @public */
export const ANNOTATION_ENDPOINT = 's3-resources.backstage.io/endpoint';
/** @public */
export const ANNOTATION_PROVIDER = 's3-resources.backstage.io/provider';
/** @public */
export const ANNOTATION_PREFIX = 's3-resources.backstage.io/prefix';

/**
 * Location type used in managed-by-location annotations.
 *
 * @public
 */
export const LOCATION_TYPE = 's3-resources';

/**
 * The core AWS catalog module's annotations (`@backstage/plugin-catalog-backend-module-aws`
 * exports the same values; a test in the catalog module keeps them equal).
 *
 * @public
 */
export const ANNOTATION_AWS_ARN = 'amazonaws.com/arn';
/** @public */
export const ANNOTATION_AWS_ACCOUNT_ID = 'amazonaws.com/account-id';
