import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { ResourceService } from './service/ResourceService';

/** Largest request body accepted; a resource definition is a few KB at most. */
export const MAX_BODY_BYTES = 64 * 1024;

function many(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const list = (Array.isArray(value) ? value : [value])
    .flatMap(v => String(v).split(','))
    .map(v => v.trim())
    .filter(Boolean);
  return list.length ? list : undefined;
}

function one(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new InputError(`${field}: must be given once`);
  }
  return value;
}

function integer(value: unknown, field: string): number | undefined {
  const text = one(value, field);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text))
    throw new InputError(`${field}: must be a whole number`);
  return Number(text);
}

export function createRouter(options: {
  httpAuth: HttpAuthService;
  resources: ResourceService;
}): express.Router {
  const { httpAuth, resources } = options;
  const router = Router();
  router.use(express.json({ limit: MAX_BODY_BYTES }));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/resources', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const page = await resources.list(
      {
        limit: integer(req.query.limit, 'limit'),
        cursor: one(req.query.cursor, 'cursor'),
        q: one(req.query.q, 'q'),
        owner: many(req.query.owner),
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

  return router;
}
