import { HttpAuthService } from '@backstage/backend-plugin-api';
import Router from 'express-promise-router';
import { ResourceService } from '../service/ResourceService';
import { integer, many, one, owners } from './queryParams';

export function createResourceRoutes(options: {
  httpAuth: HttpAuthService;
  resources: ResourceService;
}) {
  const { httpAuth, resources } = options;
  const router = Router();

  router.get('/resources', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const page = await resources.list(
      {
        limit: integer(req.query.limit, 'limit'),
        cursor: one(req.query.cursor, 'cursor'),
        order: one(req.query.order, 'order'),
        q: one(req.query.q, 'q'),
        owner: owners(req.query.owner),
        provider: many(req.query.provider),
        status: many(req.query.status),
      },
      { credentials, request: req },
    );
    res.json(page);
  });

  router.post('/resources', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const created = await resources.create(req.body, {
      credentials,
      request: req,
    });
    res.status(201).json(created);
  });

  // An ExternalId for a role set up before its resource is registered.
  router.post('/external-ids', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res
      .status(201)
      .json(await resources.issueExternalId({ credentials, request: req }));
  });

  router.get('/resources/by-name/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(
      await resources.getByName(req.params.name, { credentials, request: req }),
    );
  });

  router.get('/resources/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await resources.get(req.params.id, { credentials, request: req }));
  });

  router.patch('/resources/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(
      await resources.update(req.params.id, req.body, {
        credentials,
        request: req,
      }),
    );
  });

  router.delete('/resources/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    await resources.delete(req.params.id, { credentials, request: req });
    res.status(204).end();
  });

  router.get('/resources/:id/policies', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(
      await resources.policies(req.params.id, { credentials, request: req }),
    );
  });

  return router;
}
