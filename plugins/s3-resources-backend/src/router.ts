import express from 'express';
import Router from 'express-promise-router';
import { TooManyRequestsError } from './service/RateLimiter';

/** Largest request body accepted; a resource definition is a few KB at most. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The plugin's HTTP API: a JSON body parser, the route groups, and
 * `Retry-After` on a 429. Health is the backend's own
 * (`/.backstage/health/v1/readiness`), ready once every plugin started.
 */
export function createRouter(routes: express.Router[]): express.Router {
  const router = Router();
  router.use(express.json({ limit: MAX_BODY_BYTES }));
  for (const group of routes) router.use(group);
  // The error handler has no 429 type; the status comes from the error, the header from here.
  router.use(
    (
      error: unknown,
      _req: express.Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      if (error instanceof TooManyRequestsError && !res.headersSent) {
        res.setHeader('Retry-After', String(error.retryAfterSeconds));
      }
      next(error);
    },
  );
  return router;
}
