import { s3ResourcesContract as api } from '@s3-resources/plugin-s3-resources-common';
import Router from 'express-promise-router';
import { ServeOptions, serveRoute } from '../contract/serveRoute';
import { ResourceService } from '../service/ResourceService';

export function createResourceRoutes(options: {
  serve: ServeOptions;
  resources: ResourceService;
}) {
  const { serve, resources } = options;
  const router = Router();

  serveRoute(router, serve, api.listResources, ({ query, ...ctx }) =>
    resources.list(query, ctx),
  );

  serveRoute(router, serve, api.createResource, ({ body, ...ctx }) =>
    resources.create(body, ctx),
  );

  // An ExternalId for a role set up before its resource is registered.
  serveRoute(router, serve, api.issueExternalId, ctx =>
    resources.issueExternalId(ctx),
  );

  serveRoute(router, serve, api.getResourceByName, ({ params, ...ctx }) =>
    resources.getByName(params.name, ctx),
  );

  serveRoute(router, serve, api.getResource, ({ params, ...ctx }) =>
    resources.get(params.id, ctx),
  );

  serveRoute(router, serve, api.updateResource, ({ params, body, ...ctx }) =>
    resources.update(params.id, body, ctx),
  );

  serveRoute(router, serve, api.deleteResource, ({ params, ...ctx }) =>
    resources.delete(params.id, ctx),
  );

  serveRoute(router, serve, api.getPolicies, ({ params, ...ctx }) =>
    resources.policies(params.id, ctx),
  );

  return router;
}
