import express from 'express';
import Router from 'express-promise-router';

/** Largest request body accepted; a resource definition is a few KB at most. */
export const MAX_BODY_BYTES = 64 * 1024;

/** The plugin's HTTP API: a JSON body parser, a health check, and the route groups. */
export function createRouter(routes: express.Router[]): express.Router {
  const router = Router();
  router.use(express.json({ limit: MAX_BODY_BYTES }));
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  for (const group of routes) router.use(group);
  return router;
}
