import {
  RouteSpec,
  errorResponseSchema,
  namedSchemas,
  s3ResourcesContract,
} from '@s3-resources/plugin-s3-resources-common';
import { z } from 'zod';
import { ignoreOverride, zodToJsonSchema } from 'zod-to-json-schema';

type JsonSchema = Record<string, unknown>;

const NAMES = new Map(
  Object.entries(namedSchemas).map(([name, schema]) => [schema._def, name]),
);

/** A schema in OpenAPI form; named schemas become `$ref`s to components. */
function toSchema(schema: z.ZodTypeAny, self?: string): JsonSchema {
  return zodToJsonSchema(schema, {
    target: 'openApi3',
    $refStrategy: 'none',
    effectStrategy: 'input',
    pipeStrategy: 'output',
    removeAdditionalStrategy: 'strict',
    override: def => {
      const name = NAMES.get(def);
      return name && name !== self
        ? { $ref: `#/components/schemas/${name}` }
        : ignoreOverride;
    },
  }) as JsonSchema;
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No content',
};

/** An optional schema as what it is when present (`anyOf: [not {}, X]` → X). */
function present(json: JsonSchema): JsonSchema {
  const anyOf = json.anyOf as JsonSchema[] | undefined;
  if (anyOf?.length !== 2 || !anyOf[0].not) return json;
  const { anyOf: _optional, ...rest } = json;
  return { ...rest, ...anyOf[1] };
}

function parameters(route: RouteSpec): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [where, schema] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    for (const [name, field] of Object.entries(schema?.shape ?? {})) {
      const { description, ...rest } = present(toSchema(field as z.ZodTypeAny));
      out.push({
        name,
        in: where,
        required: where === 'path',
        ...(description ? { description } : {}),
        ...(rest.type === 'array' ? { style: 'form', explode: true } : {}),
        schema: rest,
      });
    }
  }
  return out;
}

function responses(route: RouteSpec): JsonSchema {
  const out: JsonSchema = {};
  for (const [status, schema] of Object.entries(route.responses)) {
    const content: JsonSchema = {};
    if (schema) content['application/json'] = { schema: toSchema(schema) };
    if (route.stream) {
      content['application/x-ndjson'] = {
        schema: toSchema(route.stream),
        description: 'With Accept: application/x-ndjson, one line per event',
      };
    }
    if (route.exports) {
      content['text/csv'] = { schema: { type: 'string' } };
      content['application/x-ndjson'] = { schema: { type: 'string' } };
    }
    out[status] = {
      description: STATUS_TEXT[Number(status)] ?? 'Success',
      ...(Object.keys(content).length ? { content } : {}),
    };
  }
  out.default = {
    description:
      'An error: 400 names each field and rule, 401, 403, 404, 409, 413, 429 (Retry-After)',
    content: {
      'application/json': { schema: { $ref: '#/components/schemas/Error' } },
    },
  };
  return out;
}

/**
 * The OpenAPI document of the plugin's HTTP API, generated from the
 * contract in the common package; `openapi.yaml` beside this file is its
 * checked-in copy (a test keeps them equal).
 */
export function openapiDocument(version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [operationId, route] of Object.entries(
    s3ResourcesContract as Record<string, RouteSpec>,
  )) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    const params = parameters(route);
    paths[path] = {
      ...paths[path],
      [route.method]: {
        operationId,
        tags: [route.tag],
        summary: route.summary,
        ...(route.description ? { description: route.description } : {}),
        'x-principals': route.allow,
        ...(params.length ? { parameters: params } : {}),
        ...(route.body
          ? {
              requestBody: {
                required: true,
                content: {
                  'application/json': { schema: toSchema(route.body) },
                },
              },
            }
          : {}),
        responses: responses(route),
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 's3-resources',
      version,
      description:
        'HTTP API of the S3 resources backend plugin, mounted at /api/s3-resources. Generated from the contract in @s3-resources/plugin-s3-resources-common; do not edit by hand (yarn openapi:generate).',
      license: { name: 'Apache-2.0' },
    },
    servers: [{ url: '/api/s3-resources' }],
    security: [{ JWT: [] }],
    paths,
    components: {
      securitySchemes: {
        JWT: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
      schemas: Object.fromEntries(
        Object.entries({ ...namedSchemas, Error: errorResponseSchema }).map(
          ([name, schema]) => [name, toSchema(schema, name)],
        ),
      ),
    },
  };
}
