import { mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { RouteSpec } from '@s3-resources/plugin-s3-resources-common';
import express from 'express';
import Router from 'express-promise-router';
import request from 'supertest';
import { z } from 'zod';
import { serveRoute } from './serveRoute';

const route = {
  method: 'post',
  path: '/things/:id',
  tag: 'resources',
  summary: 'A thing',
  allow: ['user'],
  params: z.object({ id: z.string() }).strict(),
  query: z.object({ n: z.string().optional() }).strict(),
  body: z.object({ size: z.number() }).strict(),
  responses: { 200: z.object({ id: z.string(), size: z.number() }).strict() },
} satisfies RouteSpec;

function appWith(answer: unknown, checkResponses = true) {
  const router = Router();
  serveRoute(
    router,
    { httpAuth: mockServices.httpAuth(), checkResponses },
    route,
    async () => answer as any,
  );
  const app = express();
  app.use(express.json());
  app.use(router);
  const middleware = MiddlewareFactory.create({
    config: mockServices.rootConfig(),
    logger: mockServices.logger.mock(),
  });
  app.use(middleware.error());
  return app;
}

describe('serveRoute', () => {
  it('answers with what the handler returns when it meets the contract', async () => {
    const res = await request(appWith({ id: 'a', size: 1 }))
      .post('/things/a')
      .send({ size: 1 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: 'a', size: 1 });
  });

  it('refuses an answer outside the contract rather than sending it', async () => {
    const res = await request(appWith({ id: 'a', size: 1, secret: 'x' }))
      .post('/things/a')
      .send({ size: 1 });
    expect(res.status).toBe(500);
    expect(res.body.error.name).toBe('ContractViolation');
    expect(res.body.error.message).toContain('secret');
    expect(JSON.stringify(res.body)).not.toContain('"x"');
  });

  it('sends answers unchecked when checking is off (production)', async () => {
    const res = await request(appWith({ id: 'a' }, false))
      .post('/things/a')
      .send({ size: 1 });
    expect(res.status).toBe(200);
  });

  it.each([
    [
      'an unknown query parameter',
      '/things/a?m=1',
      { size: 1 },
      'm: unknown query parameter',
    ],
    [
      'a repeated parameter of one value',
      '/things/a?n=1&n=2',
      { size: 1 },
      'n: Expected string',
    ],
    [
      'a body of the wrong type',
      '/things/a',
      { size: 'big' },
      'size: Expected number',
    ],
    [
      'an unknown body field',
      '/things/a',
      { size: 1, colour: 'red' },
      'colour: unknown field',
    ],
    [
      'a NUL character',
      '/things/a',
      { size: 1, note: 'a\u0000b' },
      'note: must not contain NUL characters',
    ],
  ])(
    'refuses %s with a 400 naming the field',
    async (_what, url, body, message) => {
      const res = await request(appWith({ id: 'a', size: 1 }))
        .post(url)
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(message);
    },
  );
});
