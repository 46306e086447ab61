import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

export const rootRouteRef = createRouteRef({ id: 's3-resources' });

export const resourceRouteRef = createSubRouteRef({
  id: 's3-resources/resource',
  parent: rootRouteRef,
  path: '/resources/:id',
});
