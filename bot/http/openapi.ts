import { z } from 'zod';
import { apiErrorSchema, directLineErrorSchema } from './errors';
import { openApiPath, type ResponseDoc, type RouteDefinition } from './route';

type JsonSchema = Record<string, unknown>;

const COMPONENTS = '#/components/schemas/';

/**
 * zod → JSON Schema 2020-12, the dialect OpenAPI 3.1 speaks; a request is described by what it accepts. A schema
 * with a meta `id` comes out of zod as `$ref: '#/$defs/Id'` beside its own `$defs`; inside an OpenAPI document
 * such a reference points at the document's root, where there is no `$defs`. So every definition moves into
 * `components.schemas` (shared by all operations) and every reference is rewritten to point there.
 */
function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output', components: Record<string, JsonSchema>): JsonSchema {
  const { $schema: _dialect, $defs, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
  const renamed = new Map<string, string>();
  for (const [name, definition] of Object.entries($defs ?? {})) {
    const taken = components[name] !== undefined && JSON.stringify(components[name]) !== JSON.stringify(definition);
    // The same id read as a request (defaults optional) and as a response (defaults present) can differ.
    renamed.set(name, taken ? `${name}_${io}` : name);
  }
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => {
        if (key === '$ref' && typeof inner === 'string' && inner.startsWith('#/$defs/')) {
          const name = inner.slice('#/$defs/'.length);
          return [key, `${COMPONENTS}${renamed.get(name) ?? name}`];
        }
        return [key, rewrite(inner)];
      }),
    );
  };
  for (const [name, definition] of Object.entries($defs ?? {})) components[renamed.get(name)!] = rewrite(definition) as JsonSchema;
  return rewrite(rest) as JsonSchema;
}

const ERROR_REF = { $ref: `${COMPONENTS}Error` };
const DIRECTLINE_ERROR_REF = { $ref: `${COMPONENTS}DirectLineError` };

/**
 * The public guards refuse any body with a key starting with "$" (a MongoDB operator smuggled in), at any
 * depth: said on every object, and every value of any type, that a request body may hold.
 */
const NO_OPERATOR_KEYS = { pattern: '^(?!\\$)' };
/** A value the schema leaves open (extra fields, an untyped member): any JSON, with that rule at every depth. */
const ANY_JSON = 'AnyJson';
const ANY_JSON_REF = { $ref: `${COMPONENTS}${ANY_JSON}` };
const ANY_JSON_SCHEMA = {
  description: 'any JSON value whose object keys, at any depth, do not start with "$"',
  propertyNames: NO_OPERATOR_KEYS,
  additionalProperties: ANY_JSON_REF,
  items: ANY_JSON_REF,
};
function withoutOperatorKeys(schema: unknown): unknown {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return schema;
  const node = { ...(schema as JsonSchema) };
  for (const key of ['properties', 'patternProperties']) {
    const members = node[key] as JsonSchema | undefined;
    if (members) node[key] = Object.fromEntries(Object.entries(members).map(([name, inner]) => [name, withoutOperatorKeys(inner)]));
  }
  for (const key of ['items', 'additionalProperties', 'not']) node[key] = withoutOperatorKeys(node[key]);
  for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems']) {
    if (Array.isArray(node[key])) node[key] = (node[key] as unknown[]).map(withoutOperatorKeys);
  }
  for (const key of Object.keys(node)) if (node[key] === undefined) delete node[key];
  const type = node.type;
  const mayBeObject = type === undefined || type === 'object' || (Array.isArray(type) && type.includes('object'));
  const mayBeArray = type === undefined || type === 'array' || (Array.isArray(type) && type.includes('array'));
  if (node.$ref !== undefined) return node;
  if (mayBeObject && node.additionalProperties !== false) {
    node.propertyNames = NO_OPERATOR_KEYS;
    node.additionalProperties ??= ANY_JSON_REF;
  }
  if (mayBeArray && node.items === undefined && node.prefixItems === undefined) node.items = ANY_JSON_REF;
  return node;
}

/** Statuses the server itself answers for a route of this kind, besides those the route lists. */
function serverStatuses(route: RouteDefinition['spec'], rateLimited: boolean): Record<number, ResponseDoc> {
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
  if (rateLimited) statuses[429] = { description: 'too many requests from this address or person; `Retry-After` says when to try again' };
  statuses[500] = { description: 'a fault on our side, logged' };
  return statuses;
}

function parametersOf(
  schema: z.ZodType | undefined,
  location: 'path' | 'query' | 'header',
  example: unknown,
  components: Record<string, JsonSchema>,
): unknown[] {
  if (!schema) return [];
  const object = jsonSchemaOf(schema, 'input', components) as { properties?: Record<string, JsonSchema>; required?: string[] };
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

function responsesOf(
  route: RouteDefinition['spec'],
  rateLimited: boolean,
  components: Record<string, JsonSchema>,
): Record<string, unknown> {
  const all = { ...serverStatuses(route, rateLimited), ...route.responses };
  return Object.fromEntries(
    Object.entries(all).map(([status, response]) => {
      const isError = Number(status) >= 400 && !response.schema;
      const errorRef = route.errorBody === 'directline' ? DIRECTLINE_ERROR_REF : ERROR_REF;
      const schema = response.schema ? jsonSchemaOf(response.schema, 'output', components) : isError ? errorRef : undefined;
      const content =
        schema === undefined
          ? undefined
          : {
              [response.contentType ?? 'application/json']: {
                schema,
                ...(response.example === undefined ? {} : { example: response.example }),
              },
            };
      const links = response.links ? { links: response.links } : {};
      return [status, { description: response.description, ...(content ? { content } : {}), ...links }];
    }),
  );
}

/**
 * The OpenAPI 3.1 document of these routes, generated from the very schemas that validate their requests.
 * `rateLimited` says which paths the public guards count (their 429 is documented there).
 */
export function openApiDocument(
  routes: readonly RouteDefinition[],
  info: { title: string; version: string },
  rateLimited: (path: string) => boolean = () => false,
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const components: Record<string, JsonSchema> = {};
  // apiErrorSchema carries the id "Error": generating it files it as components.schemas.Error, which ERROR_REF names.
  jsonSchemaOf(apiErrorSchema, 'output', components);
  jsonSchemaOf(directLineErrorSchema, 'output', components);
  components[ANY_JSON] = ANY_JSON_SCHEMA;
  for (const { spec } of routes) {
    const path = openApiPath(spec.path);
    const method = spec.method === 'del' ? 'delete' : spec.method;
    const examples = spec.examples ?? {};
    const parameters = [
      ...parametersOf(spec.params, 'path', examples.params, components),
      ...parametersOf(spec.query, 'query', examples.query, components),
      ...parametersOf(spec.headers, 'header', examples.headers, components),
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
              required: spec.bodyRequired !== false,
              content: {
                [bodyType]: {
                  schema: withoutOperatorKeys(jsonSchemaOf(spec.body, 'input', components)),
                  ...(examples.body === undefined ? {} : { example: examples.body }),
                },
              },
            },
          }
        : {}),
      responses: responsesOf(spec, rateLimited(spec.path), components),
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
      schemas: components,
    },
    paths,
  };
}
