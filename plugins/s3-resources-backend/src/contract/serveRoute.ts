import {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  RouteSpec,
  ValidationError,
  toViolations,
} from '@s3-resources/plugin-s3-resources-common';
import express from 'express';
import { z } from 'zod';
import { checkAnswers } from './checkAnswers';

type Out<S> = S extends z.ZodTypeAny ? z.output<S> : Record<string, never>;

/** Returned by a handler that wrote its answer itself. */
export const ANSWERED = Symbol('answered');

/** What a handler gets: the request as the contract reads it. */
export type RouteInput<R extends RouteSpec> = {
  credentials: BackstageCredentials;
  params: Out<R['params']>;
  query: Out<R['query']>;
  body: Out<R['body']>;
  /** For the auditor and for handlers that stream their answer. */
  request: express.Request;
  response: express.Response;
};

/** The answer of the route's success status, or nothing for 204. */
export type RouteAnswer<R extends RouteSpec> = {
  [S in keyof R['responses']]: R['responses'][S] extends z.ZodTypeAny
    ? z.input<R['responses'][S]>
    : void;
}[keyof R['responses']];

export type ServeOptions = {
  httpAuth: HttpAuthService;
  /** Check every answer against the contract (tests and development). */
  checkResponses: boolean;
};

function queryError(error: z.ZodError, where: string): InputError {
  return new InputError(
    error.issues
      .map(i =>
        i.code === 'unrecognized_keys'
          ? `${i.keys.join(', ')}: unknown ${where} parameter(s)`
          : `${i.path.join('.') || `(${where})`}: ${i.message}`,
      )
      .join('; '),
  );
}

/** Paths of strings holding a NUL character, which PostgreSQL cannot store. */
function nulFields(value: unknown, path = ''): string[] {
  if (typeof value === 'string') {
    return value.includes('\u0000') ? [path || '(body)'] : [];
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, v]) =>
      nulFields(v, path ? `${path}.${key}` : key),
    );
  }
  return [];
}

/**
 * Serves one route of the contract: authenticates the principals it
 * allows, parses path, query and body with its schemas (a 400 naming each
 * field otherwise), runs the handler and answers with its success status.
 * A handler that answers itself (a stream, a download) returns nothing.
 */
export function serveRoute<R extends RouteSpec>(
  router: express.Router,
  options: ServeOptions,
  route: R,
  handler: (input: RouteInput<R>) => Promise<RouteAnswer<R> | typeof ANSWERED>,
): void {
  const [status] = Object.keys(route.responses).map(Number);
  router[route.method](route.path, async (req, res) => {
    if (options.checkResponses) checkAnswers(route, res);
    const credentials = await options.httpAuth.credentials(req, {
      allow: route.allow,
    });
    const params = route.params?.safeParse(req.params) ?? ok({});
    if (!params.success) throw queryError(params.error, 'path');
    const query = (route.query ?? z.object({}).strict()).safeParse(req.query);
    if (!query.success) throw queryError(query.error, 'query');
    const nul = [
      ...nulFields({ ...req.params, ...(req.query as object) }),
      ...nulFields(req.body),
    ];
    if (nul.length) {
      throw new InputError(
        nul
          .map(f => `${f}: must not contain NUL characters [no-nul]`)
          .join('; '),
      );
    }
    const body = route.body?.safeParse(req.body ?? {}) ?? ok(undefined);
    if (!body.success) {
      throw new InputError(
        new ValidationError(toViolations(body.error)).message,
      );
    }
    const answer = await handler({
      credentials,
      params: params.data,
      query: query.data,
      body: body.data,
      request: req,
      response: res,
    } as RouteInput<R>);
    if (answer === ANSWERED) return;
    if (route.responses[status] === null) res.status(status).end();
    else res.status(status).json(answer);
  });
}

function ok<T>(data: T) {
  return { success: true as const, data };
}
