import { z } from 'zod';
import { apiErrorSchema } from './errors';
import { openApiPath, type ResponseDoc, type RouteDefinition } from './route';

type JsonSchema = Record<string, unknown>;

/** zod → JSON Schema 2020-12, the dialect OpenAPI 3.1 speaks; a request is described by what it accepts. */
function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
  return rest;
}

const ERROR_REF = { $ref: '#/components/schemas/Error' };

/** Statuses the server itself answers for a route of this kind, besides those the route lists. */
function serverStatuses(route: RouteDefinition['spec']): Record<number, ResponseDoc> {
  const statuses: Record<number, ResponseDoc> = {};
  if (route.params || route.query || route.headers || route.body) {
    statuses[400] = { description: 'a path, query, header or body field is invalid; `field` names it (and `line`, in a CSV body)' };
  }
  if (route.body) statuses[413] = { description: 'the body is larger than BODY_LIMIT_BYTES' };
  if (route.auth !== 'none') {
    statuses[401] = { description: 'no API key, or not a valid one' };
    statuses[403] = { description: `the key's role is not ${route.auth.join(' or ')}` };
    statuses[503] = { description: 'the database is not answering; try again' };
  }
  statuses[500] = { description: 'a fault on our side, logged' };
  return statuses;
}

function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query' | 'header', example: unknown): unknown[] {
  if (!schema) return [];
  const object = jsonSchemaOf(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  const examples = (example ?? {}) as Record<string, unknown>;
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: location,
      required: location === 'path' || (object.required ?? []).includes(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: propertySchema,
      ...(name in examples ? { example: examples[name] } : {}),
    };
  });
}

function responsesOf(route: RouteDefinition['spec']): Record<string, unknown> {
  const all = { ...serverStatuses(route), ...route.responses };
  return Object.fromEntries(
    Object.entries(all).map(([status, response]) => {
      const isError = Number(status) >= 400 && !response.schema;
      const schema = response.schema ? jsonSchemaOf(response.schema, 'output') : isError ? ERROR_REF : undefined;
      const content =
        schema === undefined
          ? undefined
          : {
              [response.contentType ?? 'application/json']: {
                schema,
                ...(response.example === undefined ? {} : { example: response.example }),
              },
            };
      return [status, { description: response.description, ...(content ? { content } : {}) }];
    }),
  );
}

/** The OpenAPI 3.1 document of these routes, generated from the very schemas that validate their requests. */
export function openApiDocument(routes: readonly RouteDefinition[], info: { title: string; version: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { spec } of routes) {
    const path = openApiPath(spec.path);
    const method = spec.method === 'del' ? 'delete' : spec.method;
    const examples = spec.examples ?? {};
    const parameters = [
      ...parametersOf(spec.params, 'path', examples.params),
      ...parametersOf(spec.query, 'query', examples.query),
      ...parametersOf(spec.headers, 'header', examples.headers),
    ];
    const bodyType = spec.bodyType === 'csv' ? 'text/csv' : 'application/json';
    (paths[path] ??= {})[method] = {
      operationId: `${method} ${path}`,
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      tags: [...spec.tags],
      ...(spec.auth === 'none' ? { security: [] } : { security: [{ apiKey: [] }, { bearer: [] }], 'x-roles': [...spec.auth] }),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(spec.body
        ? {
            requestBody: {
              required: true,
              content: {
                [bodyType]: {
                  schema: jsonSchemaOf(spec.body, 'input'),
                  ...(examples.body === undefined ? {} : { example: examples.body }),
                },
              },
            },
          }
        : {}),
      responses: responsesOf(spec),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      ...info,
      description:
        'Admin and agent API of the callback scheduling bot, and the Bot Framework endpoint. Generated from the zod schemas that validate each request. Errors share one body: `{ code, message, field?, line?, issues? }`.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    components: {
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'an API key (npm run keys -- create --role admin|agent)' },
        bearer: { type: 'http', scheme: 'bearer', description: 'the same API key as `Authorization: Bearer <key>`' },
      },
      schemas: { Error: jsonSchemaOf(apiErrorSchema, 'output') },
    },
    paths,
  };
}
