// Puts the route declarations on the gateway's Hono app. Hono matches methods and paths
// (and answers HEAD from GET); hono/etag gives ETag and 304. What remains is the REST
// layer's own: a refused credential or spent budget answers first, the body is read,
// parameters become variables, the operation runs once (an every-record route: once per
// 100 records), errors become the profile's error body, old paths and legacy keys are
// told their sunset, and a known path with another method answers 405 with Allow.
import type { GraphQLError } from 'graphql';
import type { YogaServerInstance } from 'graphql-yoga';
import type { Hono, Context as HonoContext, MiddlewareHandler } from 'hono';
import { etag } from 'hono/etag';
import { legacyKey } from '../accounts/authenticate';
import type { Context } from '../graphql/context';
import { rateLimitHeaders } from '../graphql/errors';
import type { BudgetState } from '../limits/budgets';
import { getSchema } from '../graphql/schema';
import { strongETag } from '../server/etag';
import type { ServerContext } from '../server/server-context';
import { errorBody, profileOfPath, restError, type Profile, type RestError } from './envelopes';
import { RestFailure, badParameter, errorHeaders, isScopeRefusal, toRestError } from './errors';
import { checkStoredOperations, runOperation } from './execute';
import { parseListQuery, type PageWindow } from './lists';
import { parameterWithNul, readBody } from './params';
import { isExternalRoute, isOperationRoute, type OperationRoute, type RestInput, type RestReply, type Route } from './route';

export const LEGACY_SUNSET = 'Wed, 30 Jun 2027 00:00:00 GMT';

/** Records an every-record route asks for per execution. */
const RECORDS_PER_EXECUTION = 100;

export interface RestMount {
  yoga: YogaServerInstance<ServerContext, Context>;
  /** The request's context as the HTTP layer built it (id, address, admission). */
  serverContext(c: HonoContext): ServerContext;
}

// Answers are built with Yoga's fetch API (@whatwg-node's Response), as GraphQL's are: the
// HTTP server writes such an answer's text at once, where a global Response's body is a
// stream it must pump (docs/benchmarks.md, "ninth pass").
function errorResponse(mount: RestMount, profile: Profile, error: RestError, requestId: string, pathname: string): Response {
  const body = JSON.stringify(errorBody(profile, error, requestId, pathname));
  const headers = { 'content-type': 'application/json', ...errorHeaders(error) };
  return new mount.yoga.fetchAPI.Response(body, { status: error.status, headers });
}

function toResponse(mount: RestMount, route: Route, reply: RestReply): Response {
  const headers = new Headers(reply.headers);
  if (reply.body !== undefined) headers.set('content-type', 'application/json; charset=utf-8');
  const payload = reply.raw ?? (reply.body === undefined ? null : JSON.stringify(reply.body));
  if (route.etag && payload !== null) headers.set('etag', strongETag(payload));
  return new mount.yoga.fetchAPI.Response(payload, { status: reply.status ?? 200, headers });
}

/** The first error of the operation in the route's words (scope refusals keep their own). */
function operationError(route: OperationRoute, errors: readonly GraphQLError[]): RestError {
  const error = toRestError(errors);
  const message = isScopeRefusal(errors[0]!) ? undefined : route.messages?.[error.code];
  return message ? { ...error, message } : error;
}

async function answer(route: Route, c: HonoContext, mount: RestMount, context: ServerContext): Promise<Response> {
  const request = c.req.raw;
  const params = c.req.param() as Record<string, string>;
  if (isExternalRoute(route)) throw new Error(`${route.path} is answered outside the REST layer`);
  const url = new URL(request.url);
  if (!isOperationRoute(route)) {
    const withNul = parameterWithNul(url, params, {});
    if (withNul) throw badParameter(withNul, 'must not contain NUL characters');
    return toResponse(mount, route, await route.serve({ params }));
  }
  // Admission may have read the body already (a legacy key can travel in it): use that one.
  const body = context.body ? unwrapBody(context.body) : await readBody(request);
  const withNul = parameterWithNul(url, params, body);
  if (withNul) throw badParameter(withNul, 'must not contain NUL characters');
  const input: RestInput = {
    url,
    params,
    body,
    list: route.list ? parseListQuery(url, route.list) : (undefined as never),
    window: { first: route.everyRecord ? RECORDS_PER_EXECUTION : null, after: null, last: null, before: null, offset: 0 },
  };
  const variables = route.variables?.(input) ?? {};
  const run = async (window: PageWindow) => {
    const result = await runOperation(mount.yoga, request, context, route.operation, { ...variables, ...(route.everyRecord && window) });
    if (result.errors.length || !result.data) throw new RestFailure(operationError(route, result.errors));
    return result.data;
  };
  const data = await run(input.window);
  if (route.everyRecord) {
    // The first answer collects every page's edges; each page is one more execution.
    const collected = route.everyRecord(data);
    for (let page = collected; page.pageInfo.hasNextPage; ) {
      input.window = { ...input.window, offset: input.window.offset! + RECORDS_PER_EXECUTION };
      page = route.everyRecord(await run(input.window));
      collected.edges = [...(collected.edges ?? []), ...(page.edges ?? [])];
    }
  }
  return toResponse(mount, route, route.reply(data, input));
}

function handler(route: Route, mount: RestMount) {
  return async (c: HonoContext) => {
    const context = { ...mount.serverContext(c), allowLegacyKey: true, classRateLimit: {} as { state?: BudgetState } };
    context.labels.operation = `${route.method} ${route.path}`;
    const reportClass = (response: Response) => {
      // A route whose operation spent a per-class budget reports that budget (002_…), not the account's.
      const state = context.classRateLimit.state;
      if (state && !response.headers.has('x-ratelimit-limit')) {
        for (const [name, value] of Object.entries(rateLimitHeaders(state))) response.headers.set(name, value);
      }
      return response;
    };
    try {
      // A refused credential or an exhausted budget answers before anything else.
      if (context.refusal) throw new RestFailure(toRestError([context.refusal as GraphQLError]));
      // A body admission could not parse (it looked for a key in it) says so, rather than "authentication required".
      if (context.body && 'failure' in context.body) throw context.body.failure;
      // Every route that is not public acts for an account (the GraphQL viewer is null without one).
      if (!route.public && !context.viewer) throw new RestFailure(restError('UNAUTHENTICATED', 'Authentication required'));
      return reportClass(await answer(route, c, mount, context));
    } catch (failure) {
      if (!(failure instanceof RestFailure)) throw failure;
      return reportClass(errorResponse(mount, route.profile, failure.error, context.requestId, c.req.path));
    }
  };
}

function unwrapBody(body: NonNullable<ServerContext['body']>): Record<string, unknown> {
  if ('value' in body) return body.value;
  throw body.failure;
}

/** Old paths, and any request that sent a legacy api key (header, query or body), are told the key's end date (304s too). */
const sunset = (route: Route, mount: RestMount) => async (c: HonoContext, next: () => Promise<void>) => {
  await next();
  if (!route.deprecated && legacyKey(c.req.raw) === null && !mount.serverContext(c).legacyKey) return;
  c.res.headers.set('deprecation', 'true');
  c.res.headers.set('sunset', LEGACY_SUNSET);
  c.res.headers.append('link', '</api/docs>; rel="deprecation"; type="text/html"');
};

/** Answers depend on the credential (own items, drafts): caches must ask every time. */
const privateETag = etag();
async function withETag(c: HonoContext, next: () => Promise<void>) {
  await privateETag(c, next);
  if (c.res.headers.has('etag')) {
    c.res.headers.set('cache-control', 'private, no-cache');
    c.res.headers.set('vary', 'Authorization, X-API-Key');
  }
}

// biome-ignore lint/suspicious/noExplicitAny: mounted on the server's app, whatever its env type
export function mountRest(app: Hono<any>, table: readonly Route[], mount: RestMount): void {
  // The signed download path is the HTTP layer's own (src/downloads/http.ts): documented only.
  const routes = table.filter((declared) => !isExternalRoute(declared));
  checkStoredOperations(
    getSchema(),
    routes.filter(isOperationRoute).map((candidate) => candidate.operation),
  );
  for (const declared of routes) {
    const chain: MiddlewareHandler[] = [sunset(declared, mount), ...(declared.etag ? [withETag] : []), handler(declared, mount)];
    app.on(declared.method, declared.path, ...(chain as [MiddlewareHandler]));
  }
  // A known path with another method: 405 naming the ones it has.
  for (const path of new Set(routes.map((declared) => declared.path))) {
    const same = routes.filter((declared) => declared.path === path);
    const allowed = same.map((declared) => declared.method).join(', ');
    app.all(path, (c) => {
      const error = { ...restError('BAD_USER_INPUT', `Method not allowed; use ${allowed}`), status: 405 };
      const response = errorResponse(mount, same[0]!.profile, error, mount.serverContext(c).requestId, c.req.path);
      response.headers.set('allow', allowed);
      return response;
    });
  }
  // Any other path under /api: the refusal (bad credential, spent budget), else 404, in the path's profile.
  app.all('/api/*', (c) => {
    const context = mount.serverContext(c);
    const error = context.refusal ? toRestError([context.refusal as GraphQLError]) : restError('NOT_FOUND', 'Not Found');
    return errorResponse(mount, profileOfPath(c.req.path), error, context.requestId, c.req.path);
  });
}
