import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  createComponentExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { s3ResourcesApiRef } from './api/S3ResourcesApi';
import { S3ResourcesClient } from './api/S3ResourcesClient';
import { rootRouteRef, resourceRouteRef } from './routes';

/** The S3 resources plugin for apps on the legacy frontend system. */
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
  routes: { root: rootRouteRef, resource: resourceRouteRef },
});

/** The plugin page: resources list and details, to mount at e.g. /s3-resources. */
export const S3ResourcesPage = s3ResourcesPlugin.provide(
  createRoutableExtension({
    name: 'S3ResourcesPage',
    component: () =>
      import('./components/Router').then(m => m.S3ResourcesRouter),
    mountPoint: rootRouteRef,
  }),
);

/** Content for an S3 tab on entity pages of type s3-bucket. */
export const EntityS3Content = s3ResourcesPlugin.provide(
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
