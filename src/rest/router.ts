// A small router for the REST compatibility layer: each route names its method, path
// pattern and profile (response shape), and a handler that runs GraphQL operations and
// shapes the result. Everything route-independent lives here: parsing parameters and
// bodies, mapping GraphQL errors to HTTP, envelopes, deprecation headers, ETags.
// The same route table generates the OpenAPI document (src/rest/openapi.ts).
import { createHash } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { GraphQLError } from 'graphql';
import type { YogaServerInstance } from 'graphql-yoga';
import type { z } from 'zod';
import { legacyKey } from '../accounts/authenticate';
import type { Context } from '../graphql/context';
import { ERROR_STATUS, type ErrorCode } from '../graphql/errors';
import type { ServerContext } from '../server/app';
import { errorBody, profileOfPath, restError, type Profile, type RestError } from './envelopes';
import { runOperation, type OperationResult } from './execute';
import { badParameter } from './lists';
import { parameterWithNul } from './params';
import type { ListSpec } from './lists';

export interface RunOptions {
  /**
   * Errors the route can live with (a purchase whose item was withdrawn since): when every
   * error is tolerated and there is data, `run` answers the data with nulls in those places.
   */
  tolerate?: (error: GraphQLError) => boolean;
}

export interface RestRequest {
  request: Request;
  url: URL;
  params: Record<string, string>;
  /** JSON or form body (empty object when there is none). */
  body: Record<string, unknown>;
  serverContext: ServerContext;
  run<Data, Variables>(document: TypedDocumentNode<Data, Variables>, variables: Variables, options?: RunOptions): Promise<Data>;
  /** The operation's data and errors, for routes that decide themselves what an error means. */
  runResult<Data, Variables>(document: TypedDocumentNode<Data, Variables>, variables: Variables): Promise<OperationResult<Data>>;
}

export interface RestReply {
  status?: number;
  /** Already in the profile's envelope; undefined for 204. Sent as JSON. */
  body?: unknown;
  /** A non-JSON body (the docs page and its assets); give its content-type in `headers`. */
  raw?: BodyInit;
  headers?: Record<string, string>;
}

/** A path, query or header parameter, for the OpenAPI document. */
export interface ParameterDoc {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  description: string;
  schema: z.ZodType;
}

/** What the OpenAPI document says about a route beyond method, path and summary. */
export interface RouteDocs {
  /** The group in the OpenAPI document (default: the profile). */
  tag?: 'sessions' | 'docs';
  description?: string;
  /** Path and query parameters (a list's page/sort/filter parameters come from `list`). */
  parameters?: ParameterDoc[];
  body?: { description: string; schema: z.ZodType; required?: boolean; form?: boolean };
  /** The success answer. Without a schema it has no body (204). */
  response: { status?: number; description: string; schema?: z.ZodType; contentType?: string };
  /** The documented errors: HTTP status → when it happens. */
  errors?: Partial<Record<number, string>>;
}

export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** e.g. "/api/v1/purchases/:code" */
  path: string;
  profile: Profile;
  summary: string;
  /** The scopes the route needs, for the docs (the GraphQL fields enforce them). */
  scopes?: string[];
  /** With several scopes: any one of them is enough (default: all of them). */
  anyScope?: boolean;
  /** Public: no credential needed (one may still be sent). */
  public?: boolean;
  /** Old paths: every response carries Deprecation and Sunset headers. */
  deprecated?: boolean;
  /** GET answers carry an ETag and honour If-None-Match with 304. */
  etag?: boolean;
  /** Not an API path (docs assets): left out of the OpenAPI document. */
  internal?: boolean;
  /** Page/sort/filter parameters of a list (src/rest/lists.ts). */
  list?: ListSpec;
  docs?: RouteDocs;
  handle(request: RestRequest): Promise<RestReply>;
}

/** Thrown by handlers for a REST-level failure (bad parameter, not found...). */
export class RestFailure extends Error {
  constructor(readonly error: RestError) {
    super(error.message);
  }
}

/** Thrown by `run` when the GraphQL operation failed. */
class OperationFailure extends Error {
  constructor(readonly errors: readonly GraphQLError[]) {
    super(errors[0]?.message);
  }
}

export const LEGACY_SUNSET = 'Wed, 30 Jun 2027 00:00:00 GMT';

function compile(path: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const pattern = path.replace(/:([a-z_]+)/gi, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { regex: new RegExp(`^${pattern}/?$`), names };
}

/** Retry-After and, for a refusal by a budget, that budget's X-RateLimit-*. */
function errorHeaders(error: RestError): Record<string, string> {
  if (error.headers) return error.headers;
  return error.retryAfter !== undefined ? { 'Retry-After': String(error.retryAfter) } : {};
}

/** The first error decides the HTTP answer; internal errors never show their text. */
export function toRestError(errors: readonly GraphQLError[]): RestError {
  const error = errors[0]!;
  // An error without one of our codes is not the caller's doing (graphql-js refusing a
  // stored operation is our bug): it is answered as ours.
  const code = error.extensions?.code as ErrorCode | undefined;
  if (!code || !(code in ERROR_STATUS)) return restError('INTERNAL_SERVER_ERROR', 'Internal Server Error');
  const field = error.extensions?.field as string | undefined;
  const reason = error.extensions?.reason as string | undefined;
  const headers = (error.extensions?.http as { headers?: Record<string, string> } | undefined)?.headers;
  return restError(code, code === 'INTERNAL_SERVER_ERROR' ? 'Internal Server Error' : error.message, {
    ...(field && reason && { details: { field, reason } }),
    ...(typeof error.extensions?.retryAfter === 'number' && { retryAfter: error.extensions.retryAfter }),
    ...(headers && { headers }),
  });
}

async function readBody(request: Request): Promise<Record<string, unknown>> {
  if (request.method === 'GET' || request.method === 'HEAD') return {};
  const type = request.headers.get('content-type') ?? '';
  const text = await request.text();
  if (!text.trim()) return {};
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new RestFailure(restError('BAD_USER_INPUT', 'Request body must be a JSON object', { details: { field: 'body', reason: 'must be a JSON object' } }));
}

/** A strong validator of the exact bytes sent. */
function entityTag(text: string): string {
  return `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
}

/** If-None-Match against our tag (weak comparison, RFC 9110 §13.1.2). */
function matchesIfNoneMatch(header: string | null, tag: string): boolean {
  if (!header) return false;
  const bare = (value: string) => value.trim().replace(/^W\//, '');
  return header.split(',').some((candidate) => candidate.trim() === '*' || bare(candidate) === bare(tag));
}

export class RestRouter {
  private readonly compiled: Array<Route & { regex: RegExp; names: string[] }>;

  constructor(
    readonly routes: Route[],
    private readonly yoga: YogaServerInstance<ServerContext, Context>,
  ) {
    this.compiled = routes.map((route) => ({ ...route, ...compile(route.path) }));
  }

  /** Whether any route has this path (whatever its method). */
  matches(pathname: string): boolean {
    return this.compiled.some((route) => route.regex.test(pathname));
  }

  /** A path no route has: the refusal (bad credential, spent budget), else 404, in the path's profile. */
  unknownPath(request: Request, serverContext: ServerContext): Response {
    const error = serverContext.refusal
      ? toRestError([serverContext.refusal as GraphQLError])
      : restError('NOT_FOUND', 'Not Found');
    return Response.json(errorBody(profileOfPath(new URL(request.url).pathname), error, serverContext.requestId), {
      status: error.status,
      headers: errorHeaders(error),
    });
  }

  /** The response, or null when no route has this path. */
  async handle(request: Request, serverContext: ServerContext): Promise<Response | null> {
    const url = new URL(request.url);
    const matching = this.compiled.filter((route) => route.regex.test(url.pathname));
    if (matching.length === 0) return null;
    // HEAD is GET without the body.
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const route = matching.find((candidate) => candidate.method === method);
    serverContext.labels.operation = `${route?.method ?? request.method} ${matching[0]!.path}`;
    if (!route) {
      const allowed = matching.map((candidate) => candidate.method).join(', ');
      return this.reply(matching[0]!, request, {
        status: 405,
        headers: { allow: allowed },
        body: errorBody(matching[0]!.profile, { ...restError('BAD_USER_INPUT', `Method not allowed; use ${allowed}`), status: 405 }, serverContext.requestId),
      });
    }
    // A refused credential or an exhausted budget answers before anything else.
    if (serverContext.refusal) {
      const error = toRestError([serverContext.refusal as GraphQLError]);
      return this.reply(route, request, {
        status: error.status,
        body: errorBody(route.profile, error, serverContext.requestId),
        headers: errorHeaders(error),
      });
    }
    const values = route.regex.exec(url.pathname)!.slice(1);
    try {
      const params = Object.fromEntries(route.names.map((name, index) => [name, decodeParam(name, values[index]!)]));
      const body = await readBody(request);
      const withNul = parameterWithNul(url, params, body);
      if (withNul) throw badParameter(withNul, 'must not contain NUL characters');
      const runResult = <Data, Variables>(document: TypedDocumentNode<Data, Variables>, variables: Variables) =>
        runOperation(this.yoga, request, serverContext, document, variables);
      const reply = await route.handle({
        request,
        url,
        params,
        body,
        serverContext,
        runResult,
        run: async (document, variables, options = {}) => {
          const result = await runResult(document, variables);
          const fatal = options.tolerate ? result.errors.filter((error) => !options.tolerate!(error)) : result.errors;
          if (fatal.length || !result.data) throw new OperationFailure(fatal.length ? fatal : result.errors);
          return result.data;
        },
      });
      return this.reply(route, request, reply);
    } catch (failure) {
      const error =
        failure instanceof RestFailure ? failure.error : failure instanceof OperationFailure ? toRestError(failure.errors) : null;
      if (!error) throw failure;
      return this.reply(route, request, {
        status: error.status,
        body: errorBody(route.profile, error, serverContext.requestId),
        headers: errorHeaders(error),
      });
    }
  }

  private reply(route: Route, request: Request, reply: RestReply): Response {
    const headers = new Headers(reply.headers);
    const text = reply.body === undefined ? null : JSON.stringify(reply.body);
    if (text !== null) headers.set('content-type', 'application/json; charset=utf-8');
    // Old paths, and any request that sent a legacy api key, are told the key's end date.
    if (route.deprecated || legacyKey(request) !== null) {
      headers.set('deprecation', 'true');
      headers.set('sunset', LEGACY_SUNSET);
      headers.append('link', '</api/docs>; rel="deprecation"; type="text/html"');
    }
    let status = reply.status ?? 200;
    let payload: BodyInit | null = reply.raw ?? text;
    if (route.etag && status === 200 && text !== null) {
      const tag = entityTag(text);
      headers.set('etag', tag);
      // Answers depend on the credential (own items, drafts): caches must ask every time.
      headers.set('cache-control', 'private, no-cache');
      headers.set('vary', 'Authorization, X-API-Key');
      if (matchesIfNoneMatch(request.headers.get('if-none-match'), tag)) {
        status = 304;
        payload = null;
        headers.delete('content-type');
      }
    }
    if (request.method === 'HEAD') payload = null;
    return new Response(payload, { status, headers });
  }
}

function decodeParam(name: string, value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new RestFailure(restError('BAD_USER_INPUT', `Invalid ${name}`, { details: { field: name, reason: 'is not valid percent-encoding' } }));
  }
}
