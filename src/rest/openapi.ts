// The OpenAPI 3.1 document of the REST layer, generated from the route table: paths and
// methods, parameters (a list's page/sort/filter ones from its ListSpec), bodies, answers
// with their headers, scopes and credentials. Record and envelope schemas are the zod
// schemas the handlers' output is typed against (src/rest/shapes.ts, envelopes.ts), so the
// document describes exactly what is sent.
import { z } from 'zod';
import { ERROR_STATUS, type ErrorCode } from '../graphql/errors';
import { errorBody, hasSymbolicCodes, restError, type Profile } from './envelopes';
import { DEFAULT_PER_PAGE, MAX_OFFSET, MAX_PER_PAGE } from './lists';
import { restSchemas } from './registry';
import { documentedErrors, legacyKeySuffices } from './documented-errors';
import { ERROR_COMPONENT, EXTRA_TAGS, HEADERS, SYMBOLIC_ERROR_COMPONENT, TAGS } from './openapi-texts';
import { isExternalRoute, type ParameterDoc, type Route } from './route';
import { routeScopes } from './scopes';

type Json = Record<string, unknown>;

const ref = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` });

/** A JSON schema for a parameter, or a $ref when the schema is a named component. */
function schemaOf(schema: z.ZodType): Json {
  const id = restSchemas.get(schema)?.id;
  if (id) return ref('schemas', id);
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { unrepresentable: 'any' }) as Json;
  return rest;
}

function componentSchemas(): Record<string, Json> {
  const { schemas } = z.toJSONSchema(restSchemas, { uri: (id) => `#/components/schemas/${id}`, unrepresentable: 'any' }) as {
    schemas: Record<string, Json>;
  };
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _schema, $id: _id, ...rest } = schema;
      return [id, rest];
    }),
  );
}

function parameter(doc: ParameterDoc): Json {
  return {
    name: doc.name,
    in: doc.in,
    required: doc.in === 'path' ? true : Boolean(doc.required),
    description: doc.description,
    schema: schemaOf(doc.schema),
  };
}

function listParameters(route: Route): Json[] {
  const list = route.list;
  if (!list) return [];
  const parameters: Json[] = [
    { name: 'page', in: 'query', description: 'Page number (default 1)', schema: { type: 'integer', minimum: 1 } },
    {
      name: 'per_page',
      in: 'query',
      description: `Records per page (default ${DEFAULT_PER_PAGE}, max ${MAX_PER_PAGE})`,
      schema: { type: 'integer', minimum: 1, maximum: MAX_PER_PAGE },
    },
    {
      name: 'sort',
      in: 'query',
      description: `Order; a leading - sorts descending (default ${list.sorts[0]!.key})`,
      schema: { type: 'string', enum: list.sorts.map((sort) => sort.key) },
    },
    {
      name: 'cursor',
      in: 'query',
      description:
        'Cursor paging instead of pages: send it empty for the first page, then the nextCursor of the previous answer. ' +
        `The answer then has pagination {hasMore, nextCursor, total} instead of meta. Pages reach item ${MAX_OFFSET} at most; cursors have no limit.`,
      schema: { type: 'string' },
    },
  ];
  for (const filter of list.filters ?? []) {
    parameters.push({ name: `filter[${filter.name}]`, in: 'query', description: filter.description, schema: schemaOf(filter.schema) });
  }
  if (list.search) parameters.push({ name: 'search', in: 'query', description: list.search, schema: { type: 'string' } });
  return parameters;
}

/** 001_… lists the api_key among the parameters of each of its paths. */
const API_KEY_PARAMETER: ParameterDoc = {
  name: 'api_key',
  in: 'query',
  description: 'Your legacy API key (or the X-API-Key header)',
  schema: z.string(),
};

/** Whether the request passes admission (credential, account budget): not the docs, nor the signed download path. */
const admitted = (route: Route) => !isExternalRoute(route) && route.docs?.tag !== 'docs';

function security(route: Route): Json[] {
  // A signed link is its own credential.
  if (isExternalRoute(route)) return [{}];
  if (route.public) return [{}, { bearerAuth: [] }, { apiKeyHeader: [] }, { apiKeyQuery: [] }];
  const needed = routeScopes(route);
  const bearer = needed.anyScope ? needed.scopes.map((scope) => ({ bearerAuth: [scope] })) : [{ bearerAuth: needed.scopes }];
  // A legacy key holds the four capabilities of the legacy API: offer it where they suffice.
  const keys = legacyKeySuffices(needed) ? [{ apiKeyQuery: [] }, { apiKeyHeader: [] }] : [];
  return route.profile === 'legacy' ? [...keys, ...bearer] : [...bearer, ...keys];
}

function responseHeaders(route: Route, extra: string[] = []): Json {
  const limits = admitted(route) ? ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'] : [];
  const names = ['X-Request-ID', 'X-Correlation-ID', ...limits, ...extra];
  if (route.deprecated) names.push('Deprecation', 'Sunset');
  return Object.fromEntries(names.map((name) => [name, ref('headers', name)]));
}

function operation(route: Route): Json {
  const docs = route.docs;
  const success = docs?.response ?? { description: 'OK' };
  const status = success.status ?? (success.schema ? 200 : 204);
  const successHeaders = [...(route.etag ? ['ETag'] : []), ...(route.path === '/api/products' ? ['X-Total-Count'] : [])];
  const responses: Record<string, Json> = {
    [String(status)]: {
      description: success.description,
      headers: responseHeaders(route, successHeaders),
      ...(success.schema && {
        content: Object.fromEntries([success.contentType ?? 'application/json'].flat().map((type) => [type, { schema: schemaOf(success.schema!) }])),
      }),
    },
  };
  if (route.etag)
    responses['304'] = { description: 'Not Modified: the If-None-Match tag is still current', headers: responseHeaders(route, ['ETag']) };
  // The route's own errors, and two every admitted path has: a refused credential (a public
  // route too: a credential sent is checked) and the account's rate limit.
  const errors: Partial<Record<number, string>> = {
    ...(!route.internal && admitted(route) && { 401: 'A credential was sent and refused (bad, expired or revoked)' }),
    ...documentedErrors(route),
    ...(admitted(route) && { 429: docs?.errors?.[429] ?? 'Rate limit exceeded: wait Retry-After seconds' }),
  };
  const symbolic = route.profile === 'v1' && hasSymbolicCodes(route.path);
  for (const [code, description] of Object.entries(errors)) {
    if (!description) continue;
    responses[code] = {
      description,
      headers: responseHeaders(route, code === '429' ? ['Retry-After'] : []),
      content: {
        'application/json': {
          schema: ref('schemas', symbolic ? SYMBOLIC_ERROR_COMPONENT : ERROR_COMPONENT[route.profile]),
          example: errorExample(route, Number(code), description),
        },
      },
    };
  }
  const { scopes: needed, anyScope } = routeScopes(route);
  const scopes = needed.length
    ? `\n\nScopes: ${needed.map((scope) => `\`${scope}\``).join(anyScope ? ' or ' : ' and ')}.`
    : route.public
      ? '\n\nNo credential needed.'
      : '';
  return {
    operationId: operationId(route),
    tags: [route.docs?.tag ?? TAGS[route.profile].name],
    summary: route.summary,
    description: `${docs?.description ?? route.summary}${scopes}`,
    ...(route.deprecated && { deprecated: true }),
    security: security(route),
    parameters: [
      ...(route.profile === 'legacy' ? [API_KEY_PARAMETER] : []).map(parameter),
      ...(docs?.parameters ?? []).map(parameter),
      ...listParameters(route),
      ...(route.etag ? [{ name: 'If-None-Match', in: 'header', description: 'An ETag of an earlier answer', schema: { type: 'string' } }] : []),
    ],
    ...(docs?.body && {
      requestBody: {
        description: docs.body.description,
        required: Boolean(docs.body.required),
        content: {
          'application/json': { schema: schemaOf(docs.body.schema) },
          ...(docs.body.form && { 'application/x-www-form-urlencoded': { schema: schemaOf(docs.body.schema) } }),
        },
      },
    }),
    responses,
  };
}

/** What the error of this status looks like in the profile's shape. */
function errorExample(route: Route, status: number, description: string): unknown {
  const profile = route.profile;
  const code = (Object.keys(ERROR_STATUS) as ErrorCode[]).find((candidate) => ERROR_STATUS[candidate] === status) ?? 'BAD_USER_INPUT';
  const error = { ...restError(code, description), status };
  const body = errorBody(profile, error, '2f8b0e2a-9c1d-4e5f-8a7b-6c5d4e3f2a1b', route.path) as Record<string, unknown>;
  if (status === 400 && profile !== 'legacy') {
    const details = { field: 'per_page', reason: 'must be an integer between 1 and 100' };
    return profile === 'v1' ? { ...body, details } : { ...body, error: { ...(body.error as object), details } };
  }
  return body;
}

function operationId(route: Route): string {
  const words = route.path
    .replace(/^\/api\//, '')
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1));
  return `${route.method.toLowerCase()}${words.join('')}`;
}

/** "/api/v1/purchases/:code" → "/api/v1/purchases/{code}" */
export function openApiPath(path: string): string {
  return path.replace(/:([a-z_]+)/gi, '{$1}');
}

export function openApiDocument(routes: readonly Route[], version: string): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    if (route.internal) continue;
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(route) };
  }
  const tags = [...new Set(routes.filter((route) => !route.internal).map((route) => route.docs?.tag ?? route.profile))].map((tag) =>
    tag in EXTRA_TAGS ? EXTRA_TAGS[tag as keyof typeof EXTRA_TAGS] : TAGS[tag as Profile],
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'Marketplace REST API',
      version,
      description:
        'The REST compatibility layer of the marketplace gateway: the documented paths of the marketplace API v1, its legacy API ' +
        'and the products API, each in its documented shape. Every path runs the same GraphQL schema as /graphql (same ' +
        'authentication, scopes, rate limits and errors). Every answer carries X-Request-ID, X-Correlation-ID and X-RateLimit-* headers.',
    },
    servers: [{ url: '/', description: 'This gateway' }],
    tags,
    paths,
    components: {
      schemas: componentSchemas(),
      headers: HEADERS,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'A personal access token (mpg_pat_…) or a session access token from /api/v1/auth/login. Operations list the scopes they need.',
        },
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'A legacy API key (deprecated)' },
        apiKeyQuery: { type: 'apiKey', in: 'query', name: 'api_key', description: 'A legacy API key (deprecated)' },
      },
    },
  };
}
