import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { RiDatabase2Line } from '@remixicon/react';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { s3ResourcesApiRef } from '../api/S3ResourcesApi';
import { S3ResourcesClient } from '../api/S3ResourcesClient';
import { rootRouteRef, resourceRouteRef } from '../routes';

const s3ResourcesApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: s3ResourcesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new S3ResourcesClient({ discoveryApi, fetchApi }),
    }),
});

const s3ResourcesPage = PageBlueprint.make({
  params: {
    path: '/s3-resources',
    title: 'S3 resources',
    icon: <RiDatabase2Line />,
    routeRef: rootRouteRef,
    loader: () =>
      import('../components/Router').then(m => <m.S3ResourcesRouter />),
  },
});

const entityS3Content = EntityContentBlueprint.make({
  name: 's3',
  params: {
    path: 's3',
    title: 'S3',
    filter: { kind: 'resource', 'spec.type': 's3-bucket' },
    loader: () =>
      import('../components/EntityS3Content/EntityS3Content').then(m => (
        <m.EntityS3Content />
      )),
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
  info: { packageJson: () => import('../../package.json') },
  routes: { root: rootRouteRef, resource: resourceRouteRef },
  extensions: [s3ResourcesApi, s3ResourcesPage, entityS3Content],
});
