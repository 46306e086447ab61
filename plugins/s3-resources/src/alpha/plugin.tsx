import {
  ApiBlueprint,
  PageBlueprint,
  PluginHeaderActionBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { RiDatabase2Line } from '@remixicon/react';
import { S3_BUCKET_ENTITY_TYPE } from '@s3-resources/plugin-s3-resources-common';
import { s3ResourcesApiRef } from '../api/S3ResourcesApi';
import { S3ResourcesClient } from '../api/S3ResourcesClient';
import {
  auditRouteRef,
  importRouteRef,
  registerTemplateRouteRef,
  resourceRouteRef,
  rootRouteRef,
} from '../routes';

// Every component below is imported inside a loader, so the UI is only
// downloaded when a page, tab, card or form field is actually shown.

const s3BucketFilter = { kind: 'resource', 'spec.type': S3_BUCKET_ENTITY_TYPE };

/** @alpha */
export const s3ResourcesApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: s3ResourcesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new S3ResourcesClient({ discoveryApi, fetchApi }),
    }),
});

/** @alpha */
export const s3ResourcesPage = PageBlueprint.make({
  params: {
    path: '/s3-resources',
    title: 'S3 resources',
    icon: <RiDatabase2Line />,
    routeRef: rootRouteRef,
    loader: () =>
      import('../components/Router').then(m => <m.S3ResourcesRouter />),
  },
});

/**
 * "Audit" in the plugin's page header, shown to those who may read the audit.
 *
 * @alpha
 */
export const s3ResourcesAuditHeaderAction = PluginHeaderActionBlueprint.make({
  name: 'audit',
  params: {
    loader: () =>
      import('../components/Audit/AuditLink').then(m => <m.AuditLink />),
  },
});

/** @alpha */
export const entityS3Content = EntityContentBlueprint.make({
  name: 's3',
  params: {
    path: 's3',
    title: 'S3',
    filter: s3BucketFilter,
    loader: () =>
      import('../components/EntityS3Content/EntityS3Content').then(m => (
        <m.EntityS3Content />
      )),
  },
});

/** @alpha */
export const entityS3Card = EntityCardBlueprint.make({
  name: 's3',
  params: {
    // the main column: a Resource's overview has no other content card
    type: 'content',
    filter: s3BucketFilter,
    loader: () =>
      import('../components/EntityS3Card/EntityS3Card').then(m => (
        <m.EntityS3Card />
      )),
  },
});

/**
 * Scaffolder form field `S3BucketName`: a bucket name checked as it is typed.
 *
 * @alpha
 */
export const s3BucketNameFormField = FormFieldBlueprint.make({
  name: 's3-bucket-name',
  params: {
    field: () =>
      import('../scaffolder/formFields').then(m => m.s3BucketNameFormField),
  },
});

/**
 * Scaffolder form field `S3ProviderEndpoint`: provider, endpoint and region.
 *
 * @alpha
 */
export const s3ProviderEndpointFormField = FormFieldBlueprint.make({
  name: 's3-provider-endpoint',
  params: {
    field: () =>
      import('../scaffolder/formFields').then(
        m => m.s3ProviderEndpointFormField,
      ),
  },
});

/**
 * Scaffolder form field `S3ConnectionTest`: tests the connection before the
 * template runs.
 *
 * @alpha
 */
export const s3ConnectionTestFormField = FormFieldBlueprint.make({
  name: 's3-connection-test',
  params: {
    field: () =>
      import('../scaffolder/formFields').then(m => m.s3ConnectionTestFormField),
  },
});

/**
 * Scaffolder form field `S3SecretAccessKey`: the secret access key, where a
 * connection test that refused it says so.
 *
 * @alpha
 */
export const s3SecretAccessKeyFormField = FormFieldBlueprint.make({
  name: 's3-secret-access-key',
  params: {
    field: () =>
      import('../scaffolder/formFields').then(
        m => m.s3SecretAccessKeyFormField,
      ),
  },
});

/**
 * The S3 resources plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 's3-resources',
  title: 'S3 resources',
  icon: <RiDatabase2Line />,
  info: { packageJson: () => import('../../package.json') },
  routes: {
    root: rootRouteRef,
    resource: resourceRouteRef,
    audit: auditRouteRef,
    import: importRouteRef,
  },
  externalRoutes: { registerTemplate: registerTemplateRouteRef },
  extensions: [
    s3ResourcesApi,
    s3ResourcesPage,
    s3ResourcesAuditHeaderAction,
    entityS3Content,
    entityS3Card,
    s3BucketNameFormField,
    s3ProviderEndpointFormField,
    s3ConnectionTestFormField,
    s3SecretAccessKeyFormField,
  ],
});
