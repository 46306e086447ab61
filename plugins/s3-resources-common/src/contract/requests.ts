import { z } from 'zod';
import { RouteSpec } from './routes';

type In<S> = S extends z.ZodTypeAny ? z.input<S> : never;
type Out<S> = S extends z.ZodTypeAny ? z.output<S> : never;

/**
 * What a client sends to a route: path parameters, query values and body.
 *
 * @public
 */
export type RouteRequest<R extends RouteSpec> =
  (R['params'] extends z.ZodTypeAny
    ? { params: Out<R['params']> }
    : { params?: undefined }) &
    (R['query'] extends z.ZodTypeAny
      ? { query?: Partial<Out<R['query']>> }
      : { query?: undefined }) &
    (R['body'] extends z.ZodTypeAny
      ? { body: In<R['body']> }
      : { body?: undefined });

/**
 * What a route answers on success (the JSON body; nothing for 204).
 *
 * @public
 */
export type RouteResponse<R extends RouteSpec> = {
  [S in keyof R['responses']]: R['responses'][S] extends z.ZodTypeAny
    ? z.output<R['responses'][S]>
    : void;
}[keyof R['responses']];

/**
 * A line of the route's NDJSON stream.
 *
 * @public
 */
export type RouteStreamLine<R extends RouteSpec> = Out<R['stream']>;

/**
 * Query values of a route, e.g. for a list the UI filters.
 *
 * @public
 */
export type RouteQuery<R extends RouteSpec> = Partial<Out<R['query']>>;

/**
 * The path and query string of a request to `route`, relative to the
 * plugin's base URL: path parameters encoded, empty values left out,
 * lists repeated (`owner=a&owner=b`).
 *
 * @public
 */
export function routeUrl(
  route: RouteSpec,
  request: {
    params?: Record<string, string>;
    query?: Record<string, unknown>;
  } = {},
): string {
  const path = route.path.replace(/:(\w+)/g, (_, name: string) => {
    const value = request.params?.[name];
    if (value === undefined) throw new Error(`${route.path}: ${name} missing`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value === undefined || value === '') continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      search.append(key, String(v));
    }
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * Sends one request; throws (e.g. a ResponseError) when the answer is no success.
 *
 * @public
 */
export type RouteSender = (
  path: string,
  init: {
    method: string;
    headers?: Record<string, string>;
    body?: string;
    signal?: AbortSignal;
  },
) => Promise<{ status: number; json(): Promise<unknown> }>;

/**
 * Calls `route` through `send` (which adds the base URL, the token and
 * the error handling of the client at hand) and returns its JSON answer.
 *
 * @public
 */
export async function callRoute<R extends RouteSpec>(
  route: R,
  request: RouteRequest<R>,
  send: RouteSender,
  signal?: AbortSignal,
): Promise<RouteResponse<R>> {
  const { params, query, body } = request as {
    params?: Record<string, string>;
    query?: Record<string, unknown>;
    body?: unknown;
  };
  const response = await send(routeUrl(route, { params, query }), {
    method: route.method.toUpperCase(),
    ...(route.body
      ? {
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body ?? {}),
        }
      : {}),
    ...(signal ? { signal } : {}),
  });
  if (response.status === 204) return undefined as RouteResponse<R>;
  return (await response.json()) as RouteResponse<R>;
}
