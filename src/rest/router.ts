// A small router for the REST compatibility layer: each route names its method, path
// pattern and profile (response shape), and a handler that runs GraphQL operations and
// shapes the result. Everything route-independent lives here: parsing parameters and
// bodies, mapping GraphQL errors to HTTP, envelopes, deprecation headers.
import type { GraphQLError } from 'graphql';
import type { YogaServerInstance } from 'graphql-yoga';
import { legacyKey } from '../accounts/authenticate';
import type { Context } from '../graphql/context';
import { ERROR_STATUS, type ErrorCode } from '../graphql/errors';
import type { ServerContext } from '../server/app';
import { errorBody, restError, type Profile, type RestError } from './envelopes';
import { runOperation } from './execute';

export interface RestRequest {
  request: Request;
  url: URL;
  params: Record<string, string>;
  /** JSON or form body (empty object when there is none). */
  body: Record<string, unknown>;
  serverContext: ServerContext;
  run<Data, Variables>(
    document: import('@graphql-typed-document-node/core').TypedDocumentNode<Data, Variables>,
    variables: Variables,
  ): Promise<Data>;
}

export interface RestReply {
  status?: number;
  /** Already in the profile's envelope; undefined for 204. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** e.g. "/api/v1/purchases/:code" */
  path: string;
  profile: Profile;
  summary: string;
  /** The scopes the route needs, for the docs (the GraphQL fields enforce them). */
  scopes?: string[];
  /** Old paths: every response carries Deprecation and Sunset headers. */
  deprecated?: boolean;
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

/** The first error decides the HTTP answer; internal errors never show their text. */
export function toRestError(errors: readonly GraphQLError[]): RestError {
  const error = errors[0]!;
  const code = (error.extensions?.code as ErrorCode | undefined) ?? 'BAD_USER_INPUT';
  if (!(code in ERROR_STATUS)) return restError('BAD_USER_INPUT', error.message);
  const field = error.extensions?.field as string | undefined;
  const reason = error.extensions?.reason as string | undefined;
  return restError(code, code === 'INTERNAL_SERVER_ERROR' ? 'Internal Server Error' : error.message, {
    ...(field && reason && { details: { field, reason } }),
    ...(typeof error.extensions?.retryAfter === 'number' && { retryAfter: error.extensions.retryAfter }),
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

  /** The response, or null when no route has this path. */
  async handle(request: Request, serverContext: ServerContext): Promise<Response | null> {
    const url = new URL(request.url);
    const matching = this.compiled.filter((route) => route.regex.test(url.pathname));
    if (matching.length === 0) return null;
    const route = matching.find((candidate) => candidate.method === request.method);
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
        headers: error.retryAfter !== undefined ? { 'retry-after': String(error.retryAfter) } : {},
      });
    }
    const values = route.regex.exec(url.pathname)!.slice(1);
    const params = Object.fromEntries(route.names.map((name, index) => [name, decodeURIComponent(values[index]!)]));
    try {
      const body = await readBody(request);
      const reply = await route.handle({
        request,
        url,
        params,
        body,
        serverContext,
        run: async (document, variables) => {
          const result = await runOperation(this.yoga, request, serverContext, document, variables);
          if (result.errors.length) throw new OperationFailure(result.errors);
          return result.data!;
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
        headers: error.retryAfter !== undefined ? { 'retry-after': String(error.retryAfter) } : {},
      });
    }
  }

  private reply(route: Route, request: Request, reply: RestReply): Response {
    const headers = new Headers(reply.headers);
    if (reply.body !== undefined) headers.set('content-type', 'application/json; charset=utf-8');
    // Old paths, and any request that sent a legacy api key, are told the key's end date.
    if (route.deprecated || legacyKey(request) !== null) {
      headers.set('deprecation', 'true');
      headers.set('sunset', LEGACY_SUNSET);
      headers.append('link', '</api/docs>; rel="deprecation"; type="text/html"');
    }
    return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
      status: reply.status ?? 200,
      headers,
    });
  }
}
