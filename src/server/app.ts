// The gateway as a fetch handler: one function from Request to Response. Tests call
// `gateway.fetch` in process; src/server/main.ts puts it on a port. It reads as the list
// of what every request goes through (a Hono app of middleware and routes):
//   request context (id, client address, logs, metrics, failures) → security headers →
//   CORS (preflights answered here, never charged) → admission (credential + one charge,
//   src/server/admission.ts) → body limit → the route: health, metrics, downloads,
//   GraphiQL's static page, the API docs, GraphQL (Yoga) or REST.
import { Hono, type Context as HonoContext, type MiddlewareHandler } from 'hono';
import { etag } from 'hono/etag';
import type { YogaServerInstance } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { LoginThrottle } from '../accounts/login-throttle';
import type { Config } from '../config';
import type { Database } from '../db/client';
import { LocalFileStore, type FileStore } from '../downloads/file-store';
import { handleDownloadRequest } from '../downloads/http';
import type { Context, Services } from '../graphql/context';
import { rateLimitHeaders } from '../graphql/errors';
import { Budgets, type BudgetState } from '../limits/budgets';
import { RateLimits } from '../limits/rate-limits';
import { errorBody, profileOfPath, restError } from '../rest/envelopes';
import { mountRest } from '../rest/mount';
import { readBody } from '../rest/params';
import { restRoutes } from '../rest/routes';
import { RedisBreaker } from '../shared/redis-breaker';
import { admit, mayUpload, readsBodyForLegacyKey, type Admission, type ReadBody } from './admission';
import { clientAddress, trustProxyFunction } from './client-address';
import { corsMiddleware } from './cors';
import { withStrongETag } from './etag';
import { failureHandling } from './failures';
import { graphiqlResponse, wantsGraphiQL } from './graphiql';
import { bodyLimit } from './body-limit';
import { createGraphQLServer } from './graphql-server';
import { healthResponse, readinessResponse, type Readiness } from './health';
import { Metrics, type Surface } from './metrics';
import { runInRequestContext } from './request-context';
import { requestIdFor } from './request-id';
import type { ServerContext } from './server-context';

export interface GatewayOptions {
  config: Config;
  db: Database;
  logger: Logger;
  fileStore?: FileStore;
  /** Shared state for several instances; without it, state lives in this process. */
  redis?: Redis;
  now?: () => Date;
}

/** What the HTTP server knows of a request beyond the Request itself. */
export interface Connection {
  /** The socket's peer address (a proxy's, behind a load balancer). */
  remoteAddress?: string;
  requestId?: string;
}

export interface Gateway {
  services: Services;
  yoga: YogaServerInstance<ServerContext, Context>;
  metrics: Metrics;
  /** Handles one HTTP request. */
  fetch(request: Request, connection?: Connection): Promise<Response>;
  /** Shutting down: readiness answers 503 and every answer closes its connection. */
  drain(): void;
  close(): Promise<void>;
}

type Env = {
  Bindings: Connection;
  Variables: { requestId: string; clientAddress: string; admission?: Admission; labels: ServerContext['labels'] };
};

const isApiPath = (path: string) => path === '/graphql' || path.startsWith('/api/');

function surfaceOf(path: string): Surface {
  if (path === '/graphql') return 'graphql';
  if (path.startsWith('/api/')) return 'rest';
  if (path.startsWith('/downloads/')) return 'download';
  if (path === '/healthz' || path === '/readyz' || path === '/metrics') return 'health';
  return 'other';
}

/** An error answer in the shape of the surface the path belongs to (GraphQL or a REST profile). */
function surfaceError(path: string, status: number, code: 'PAYLOAD_TOO_LARGE' | 'NOT_FOUND', message: string, requestId: string): Response {
  if (path === '/graphql') {
    return Response.json({ errors: [{ message, extensions: { code, correlationId: requestId } }] }, { status });
  }
  return Response.json(errorBody(profileOfPath(path), { ...restError(code, message), status }, requestId, path), { status });
}

/** X-RateLimit-* of the account budget, unless a per-class budget already answered with its own. */
function withRateLimitHeaders(response: Response, state: BudgetState): void {
  if (response.headers.has('x-ratelimit-limit')) return;
  for (const [name, value] of Object.entries(rateLimitHeaders(state))) response.headers.set(name, value);
}

export function createGateway(options: GatewayOptions): Gateway {
  const { config, logger } = options;
  const now = options.now ?? (() => new Date());
  let services: Services | undefined;
  const metrics = new Metrics(() => services);
  const failures = failureHandling(logger, (dependency) => metrics.outage(dependency));
  const breaker = options.redis
    ? new RedisBreaker(logger, 'rate limits and login throttles', { timeoutMs: config.REDIS_TIMEOUT_MS, resetMs: config.REDIS_BREAKER_RESET_MS })
    : undefined;
  const budgets = new Budgets({
    now,
    redis: options.redis && breaker && { client: options.redis, breaker, prefix: config.REDIS_KEY_PREFIX },
    onLimited: (budget) => metrics.refused(budget),
  });
  services = {
    config,
    db: options.db,
    logger,
    fileStore: options.fileStore ?? new LocalFileStore(config.FILES_DIR),
    now,
    loginThrottle: new LoginThrottle(budgets, config),
    rateLimits: new RateLimits(budgets, config),
    redisBreaker: breaker,
  };
  const shared = services;
  const readiness: Readiness = { draining: false, migrated: false };
  const yoga = createGraphQLServer(shared, failures);
  const trust = trustProxyFunction(config.TRUST_PROXY);
  // Not strict: /api/v1/purchases/ is /api/v1/purchases, as it always was.
  const app = new Hono<Env>({ strict: false });

  // The request's context: its id on every log line, its metrics, and the answer to any
  // failure nothing else answered.
  app.use(async (c, next) => {
    const started = performance.now();
    const requestId = c.env?.requestId ?? requestIdFor(c.req.raw);
    c.set('requestId', requestId);
    c.set('clientAddress', clientAddress(c.env?.remoteAddress ?? '127.0.0.1', c.req.header('x-forwarded-for') ?? null, trust));
    c.set('labels', {});
    await runInRequestContext({ requestId }, async () => {
      await next();
      const headers = c.res.headers;
      headers.set('X-Request-ID', requestId);
      headers.set('X-Correlation-ID', requestId);
      headers.set('X-Content-Type-Options', 'nosniff');
      // API answers carry credentials or private data unless a route says otherwise.
      if (isApiPath(c.req.path) && !headers.has('cache-control')) headers.set('Cache-Control', 'no-store');
      if (readiness.draining) headers.set('Connection', 'close');
      const seconds = (performance.now() - started) / 1000;
      const surface = surfaceOf(c.req.path);
      // REST labels are route templates (a bounded set); GraphQL's come from clients.
      const operation = surface === 'rest' ? (c.get('labels').operation ?? 'unknown') : metrics.operationLabel(c.get('labels').operation);
      metrics.observeRequest(surface, operation, c.res.status, seconds);
      logger.info({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(seconds * 10_000) / 10 }, 'request');
    });
  });

  const corsPolicy = corsMiddleware<Env>(config.CORS_ORIGINS);

  // What runs no operation passes no admission: GraphiQL's page and the API's docs are static.
  const isStatic = (c: HonoContext<Env>) =>
    c.req.path === '/graphql'
      ? config.GRAPHIQL && wantsGraphiQL(c.req.raw)
      : c.req.path === '/api/openapi.json' || c.req.path.startsWith('/api/docs');
  // Bodies are bounded before they are read; authors who publish files may send larger ones.
  const bodyLimitOf = (maxSize: number) =>
    bodyLimit<Env>(maxSize, (c) =>
      surfaceError(c.req.path, 413, 'PAYLOAD_TOO_LARGE', `Request body larger than ${maxSize} bytes`, c.get('requestId')),
    );
  const defaultBodyLimit = bodyLimitOf(config.REQUEST_BODY_LIMIT_BYTES);
  const authorBodyLimit = bodyLimitOf(Math.max(config.REQUEST_BODY_LIMIT_BYTES, config.REQUEST_BODY_LIMIT_AUTHOR_BYTES));
  // A body admission already read (within the default limit) is not read again.
  const limitBody: MiddlewareHandler<Env> = (c, next) =>
    c.get('admission')?.body ? next() : (mayUpload(c.get('admission')?.viewer) ? authorBodyLimit : defaultBodyLimit)(c, next);

  const admission: MiddlewareHandler<Env> = async (c, next) => {
    if (isStatic(c)) return next();
    const allowLegacyKey = c.req.path !== '/graphql';
    // A legacy POST may carry its api_key in the body (001_…): read it once, within the
    // default limit (a legacy key never uploads), before the credential is resolved.
    let body: ReadBody | undefined;
    let tooLarge: Response | undefined;
    if (allowLegacyKey && readsBodyForLegacyKey(c.req.raw, c.req.path)) {
      const refused = await defaultBodyLimit(c, async () => {
        body = await readBody(c.req.raw).then(
          (value) => ({ value }),
          (failure: unknown) => ({ failure }),
        );
      });
      if (refused instanceof Response) tooLarge = refused;
    }
    const admitted = await admit(c.req.raw, shared, { clientAddress: c.get('clientAddress'), allowLegacyKey, body });
    c.set('admission', admitted);
    if (tooLarge) {
      withRateLimitHeaders(tooLarge, admitted.rateLimit);
      return tooLarge;
    }
    await next();
    withRateLimitHeaders(c.res, admitted.rateLimit);
  };

  for (const path of ['/graphql', '/api/*']) app.use(path, corsPolicy, admission, limitBody);

  app.get('/healthz', () => healthResponse());
  app.get('/readyz', () => readinessResponse(shared, readiness));
  app.get('/metrics', async (c) => {
    if (!config.METRICS) return c.notFound();
    if (config.METRICS_TOKEN && c.req.header('authorization') !== `Bearer ${config.METRICS_TOKEN}`) {
      return Response.json({ status: 'error', code: 401, msg: 'Metrics need the METRICS_TOKEN bearer token' }, { status: 401 });
    }
    return new Response(await metrics.registry.metrics(), { headers: { 'content-type': metrics.registry.contentType } });
  });
  app.all('/downloads/*', (c) => handleDownloadRequest(c.req.raw, shared, c.get('requestId')));

  const serverContext = (c: HonoContext<Env>): ServerContext => ({
    requestId: c.get('requestId'),
    clientAddress: c.get('clientAddress'),
    labels: c.get('labels'),
    ...c.get('admission'),
  });

  // A trusted document fetched with GET is cacheable: shared caches may keep an anonymous
  // answer for a minute; a caller's own answer is revalidated every time (ETag/304). The
  // ETag is made from the answer where Yoga hands it over (src/server/etag.ts says why).
  const fetchesTrustedDocument = (c: HonoContext<Env>) =>
    (c.req.method === 'GET' || c.req.method === 'HEAD') && new URL(c.req.url).searchParams.has('documentId');
  const trustedETag = etag();
  app.get('/graphql', async (c, next) => {
    if (!fetchesTrustedDocument(c)) return next();
    await trustedETag(c, next);
    if (c.res.status !== 200 && c.res.status !== 304) return;
    c.res.headers.set('Cache-Control', c.req.header('authorization') ? 'private, no-cache' : 'public, max-age=60');
    c.res.headers.append('Vary', 'Authorization');
  });
  app.all('/graphql', async (c) => {
    if (isStatic(c)) return graphiqlResponse(c.req.raw);
    const answer = await yoga.handleRequest(c.req.raw, serverContext(c));
    return answer.ok && fetchesTrustedDocument(c) ? withStrongETag(answer, yoga.fetchAPI.Response) : answer;
  });

  mountRest(app, restRoutes, { yoga, serverContext });

  app.notFound((c) => surfaceError(c.req.path, 404, 'NOT_FOUND', 'Not Found', c.get('requestId')));
  app.onError((error, c) => failures.respond(c.req.path, error, c.get('requestId')));

  return {
    services: shared,
    yoga,
    metrics,
    fetch: async (request, connection = {}) => app.fetch(request, connection),
    drain() {
      readiness.draining = true;
    },
    async close() {
      await yoga.dispose();
      breaker?.close();
    },
  };
}
