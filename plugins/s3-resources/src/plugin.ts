import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { s3ResourcesApiRef } from './api/S3ResourcesApi';
import { S3ResourcesClient } from './api/S3ResourcesClient';
import {
  auditRouteRef,
  importRouteRef,
  registerTemplateRouteRef,
  resourceRouteRef,
  rootRouteRef,
} from './routes';

/**
 * The S3 resources plugin for apps on the legacy frontend system.
 *
 * @public
 */
export const s3ResourcesPlugin = createPlugin({
  id: 's3-resources',
  apis: [
    createApiFactory({
      api: s3ResourcesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new S3ResourcesClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
    resource: resourceRouteRef,
    audit: auditRouteRef,
    import: importRouteRef,
  },
  externalRoutes: { registerTemplate: registerTemplateRouteRef },
});

/**
 * The plugin page, to mount at e.g. /s3-resources: resources list and
 * details, the audit (`/audit`) and the import of buckets (`/import`).
 *
 * @public
 */
export const S3ResourcesPage: () => JSX.Element = s3ResourcesPlugin.provide(
  createRoutableExtension({
    name: 'S3ResourcesPage',
    component: () =>
      import('./components/Router').then(m => m.LegacyS3ResourcesPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * Content for an S3 tab on entity pages of type s3-bucket (use with `isS3BucketEntity`).
 *
 * @public
 */
export const EntityS3Content: () => JSX.Element = s3ResourcesPlugin.provide(
  createComponentExtension({
    name: 'EntityS3Content',
    component: {
      lazy: () =>
        import('./components/EntityS3Content/EntityS3Content').then(
          m => m.EntityS3Content,
        ),
    },
  }),
);

/**
 * Overview card for entity pages of type s3-bucket: status, bucket, region, last test.
 *
 * @public
 */
export const EntityS3Card: (props: { s3TabPath?: string }) => JSX.Element =
  s3ResourcesPlugin.provide(
    createComponentExtension({
      name: 'EntityS3Card',
      component: {
        lazy: () =>
          import('./components/EntityS3Card/EntityS3Card').then(
            m => m.EntityS3Card,
          ),
      },
    }),
  );
