import {
  ANNOTATION_EDIT_URL,
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  ANNOTATION_VIEW_URL,
  DEFAULT_NAMESPACE,
  Entity,
} from '@backstage/catalog-model';
import {
  ANNOTATION_AWS_ACCOUNT_ID,
  ANNOTATION_AWS_ARN,
  ANNOTATION_BUCKET,
  ANNOTATION_ENDPOINT,
  ANNOTATION_PREFIX,
  ANNOTATION_PROVIDER,
  ANNOTATION_REGION,
  ANNOTATION_RESOURCE_ID,
  LOCATION_TYPE,
  RESOURCE_ENTITY_KIND,
  S3_BUCKET_ENTITY_TYPE,
} from './entity';
import { resourcePageUrls } from './resourcePageUrls';
import { partitionForRegion } from './validation';
import { S3Resource } from './types';

function consoleHost(region: string): string {
  if (region.startsWith('cn-')) return 'console.amazonaws.cn';
  if (region.startsWith('us-gov-')) return 'console.amazonaws-us-gov.com';
  return 'console.aws.amazon.com';
}

function accountIdOf(resource: S3Resource): string | undefined {
  const auth = resource.auth;
  if (auth.method === 'aws-account') return auth.accountId;
  if (auth.method === 'assume-role') {
    const m = /^arn:[^:]+:iam::(\d{12}):/.exec(auth.roleArn);
    return m?.[1];
  }
  return undefined;
}

/** The catalog's View and Edit icons open the resource's pages. */
function pageAnnotations(
  id: string,
  options: ResourceEntityOptions,
): Record<string, string> {
  if (!options.appBaseUrl) return {};
  const urls = resourcePageUrls(options.appBaseUrl, id, options.pagePath);
  return { [ANNOTATION_VIEW_URL]: urls.view, [ANNOTATION_EDIT_URL]: urls.edit };
}

/**
 * Where the entity's catalog affordances (View, Edit, "Edit Metadata") lead.
 *
 * @public
 */
export type ResourceEntityOptions = {
  /** The app's `app.baseUrl`: with it the entity links to the plugin's pages. */
  appBaseUrl?: string;
  /** Where the plugin's page is mounted (default `/s3-resources`). */
  pagePath?: string;
};

/**
 * The catalog entity of a resource (published by the catalog module, written
 * to catalog-info.yaml by the register action, previewed in the UI). It carries only what every catalog
 * reader may see: no credential, no external ID, no role source.
 *
 * @public
 */
export function resourceToEntity(
  resource: S3Resource,
  options: ResourceEntityOptions = {},
): Entity {
  const location = `${LOCATION_TYPE}:${resource.id}`;
  const isAws = resource.provider === 'aws';
  const accountId = isAws ? accountIdOf(resource) : undefined;
  const annotations: Record<string, string> = {
    [ANNOTATION_LOCATION]: location,
    [ANNOTATION_ORIGIN_LOCATION]: location,
    [ANNOTATION_RESOURCE_ID]: resource.id,
    [ANNOTATION_BUCKET]: resource.bucket,
    [ANNOTATION_REGION]: resource.region,
    [ANNOTATION_PROVIDER]: resource.provider,
    ...(resource.endpoint ? { [ANNOTATION_ENDPOINT]: resource.endpoint } : {}),
    ...(resource.prefix ? { [ANNOTATION_PREFIX]: resource.prefix } : {}),
    ...(isAws
      ? {
          [ANNOTATION_AWS_ARN]: `arn:${partitionForRegion(
            resource.region,
          )}:s3:::${resource.bucket}`,
        }
      : {}),
    ...(accountId ? { [ANNOTATION_AWS_ACCOUNT_ID]: accountId } : {}),
    ...pageAnnotations(resource.id, options),
  };
  const links = isAws
    ? [
        {
          url: `https://${consoleHost(
            resource.region,
          )}/s3/buckets/${encodeURIComponent(
            resource.bucket,
          )}?region=${encodeURIComponent(resource.region)}${
            resource.prefix
              ? `&prefix=${encodeURIComponent(resource.prefix)}`
              : ''
          }`,
          title: 'Open in the AWS console',
          icon: 'cloud',
        },
      ]
    : [];
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: RESOURCE_ENTITY_KIND,
    metadata: {
      name: resource.name,
      namespace: DEFAULT_NAMESPACE,
      title: resource.title ?? resource.bucket,
      ...(resource.description ? { description: resource.description } : {}),
      tags: resource.tags,
      annotations,
      ...(links.length ? { links } : {}),
    },
    spec: {
      type: S3_BUCKET_ENTITY_TYPE,
      owner: resource.owner,
      ...(resource.system ? { system: resource.system } : {}),
    },
  };
}
