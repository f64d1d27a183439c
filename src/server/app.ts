// The gateway as a fetch handler: one function from Request to Response. Tests call
// `gateway.fetch` in process; src/server/main.ts puts it on a port. It reads as the list
// of what every request goes through (a Hono app of middleware and routes):
//   request id and client address → security headers → CORS (preflights answered here,
//   never charged) → body limit → the route: health, downloads, GraphiQL's static page,
//   the API docs, or an API call (/graphql, /api/...), which passes admission
//   (src/server/admission.ts: credential + one charge) before GraphQL or REST runs.
import { Hono, type Context as HonoContext, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { LoginThrottle } from '../accounts/login-throttle';
import type { Config } from '../config';
import type { Database } from '../db/client';
import { LocalFileStore, type FileStore } from '../downloads/file-store';
import { handleDownloadRequest } from '../downloads/http';
import type { Context, Services, Viewer } from '../graphql/context';
import { useCorrelationIds } from '../graphql/error-plugin';
import { rateLimitHeaders } from '../graphql/errors';
import { usePageSizeLimit } from '../graphql/page-size-plugin';
import { getSchema } from '../graphql/schema';
import { Budgets, type BudgetState } from '../limits/budgets';
import { useQueryProtection } from '../limits/query-protection';
import { RateLimits } from '../limits/rate-limits';
import { errorBody, profileOfPath, restError } from '../rest/envelopes';
import { restRoutes } from '../rest/routes';
import { RestRouter } from '../rest/router';
import { RedisBreaker } from '../shared/redis-breaker';
import { admit, mayUpload, type Admission } from './admission';
import { clientAddress, trustProxyFunction } from './client-address';
import { CORS_ALLOWED_HEADERS, CORS_EXPOSED_HEADERS, corsOrigin } from './cors';
import { graphiqlResponse, wantsGraphiQL } from './graphiql';
import { healthResponse, readinessResponse } from './health';
import { requestIdFor } from './request-id';

export interface GatewayOptions {
  config: Config;
  db: Database;
  logger: Logger;
  fileStore?: FileStore;
  /** Shared state for several instances; without it, state lives in this process. */
  redis?: Redis;
  now?: () => Date;
}

export interface ServerContext {
  requestId: string;
  clientAddress: string;
  /** Set by the REST layer: the deprecated api_key / X-API-Key credentials count there. */
  allowLegacyKey?: boolean;
  /** The authenticated caller (null: anonymous), resolved once per HTTP request. */
  viewer?: Viewer | null;
  /** Why the request may not run (bad credential, rate limit); raised when its context is built. */
  refusal?: Error;
  /** The caller's account-wide budget after this request. */
  rateLimit?: BudgetState;
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
  /** Handles one HTTP request. */
  fetch(request: Request, connection?: Connection): Promise<Response>;
  close(): Promise<void>;
}

type Env = { Bindings: Connection; Variables: { requestId: string; clientAddress: string; admission?: Admission } };

const isApiPath = (path: string) => path === '/graphql' || path.startsWith('/api/');

/** An error answer in the shape of the surface the path belongs to (GraphQL or a REST profile). */
function surfaceError(path: string, status: number, code: 'PAYLOAD_TOO_LARGE' | 'NOT_FOUND', message: string, requestId: string): Response {
  if (path === '/graphql') {
    return Response.json({ errors: [{ message, extensions: { code, correlationId: requestId } }] }, { status });
  }
  return Response.json(errorBody(profileOfPath(path), { ...restError(code, message), status }, requestId), { status });
}

/** X-RateLimit-* of the account budget, unless a per-class budget already answered with its own. */
function withRateLimitHeaders(response: Response, state: BudgetState): void {
  if (response.headers.has('x-ratelimit-limit')) return;
  for (const [name, value] of Object.entries(rateLimitHeaders(state))) response.headers.set(name, value);
}

export function createGateway(options: GatewayOptions): Gateway {
  const { config, logger } = options;
  const now = options.now ?? (() => new Date());
  const breaker = options.redis
    ? new RedisBreaker(logger, 'rate limits and login throttles', { timeoutMs: config.REDIS_TIMEOUT_MS, resetMs: config.REDIS_BREAKER_RESET_MS })
    : undefined;
  const budgets = new Budgets({
    now,
    redis: options.redis && breaker && { client: options.redis, breaker, prefix: config.REDIS_KEY_PREFIX },
  });
  const services: Services = {
    config,
    db: options.db,
    logger,
    fileStore: options.fileStore ?? new LocalFileStore(config.FILES_DIR),
    now,
    loginThrottle: new LoginThrottle(budgets, config),
    rateLimits: new RateLimits(budgets, config),
    redisBreaker: breaker,
  };

  const yoga = createYoga<ServerContext, Context>({
    schema: getSchema(),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // GraphiQL's page is served below, outside Yoga: Yoga only ever executes operations.
    graphiql: false,
    // CORS is decided once for every surface, below.
    cors: false,
    logging: {
      debug: (...args) => logger.debug(args.map(String).join(' ')),
      info: (...args) => logger.info(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      error: (...args) => logger.error({ err: args[0] }, 'graphql error'),
    },
    maskedErrors: { isDev: config.NODE_ENV === 'development' },
    plugins: [usePageSizeLimit(), ...useQueryProtection(config), useCorrelationIds()],
    context: ({ requestId, clientAddress: address, viewer, refusal, rateLimit }) => {
      if (refusal) throw refusal;
      return { requestId, clientAddress: address, services, viewer: viewer ?? null, rateLimit: rateLimit ?? null };
    },
  });

  const rest = new RestRouter(restRoutes, yoga);
  const trust = trustProxyFunction(config.TRUST_PROXY);
  const app = new Hono<Env>();

  app.use(async (c, next) => {
    const requestId = c.env?.requestId ?? requestIdFor(c.req.raw);
    c.set('requestId', requestId);
    c.set('clientAddress', clientAddress(c.env?.remoteAddress ?? '127.0.0.1', c.req.header('x-forwarded-for') ?? null, trust));
    await next();
    const headers = c.res.headers;
    headers.set('X-Request-ID', requestId);
    headers.set('X-Correlation-ID', requestId);
    headers.set('X-Content-Type-Options', 'nosniff');
    // API answers carry credentials or private data unless a route says otherwise.
    if (isApiPath(c.req.path) && !headers.has('cache-control')) headers.set('Cache-Control', 'no-store');
  });

  const corsPolicy = cors({
    origin: corsOrigin(config.CORS_ORIGINS),
    credentials: config.CORS_ORIGINS.length > 0 && !config.CORS_ORIGINS.includes('*'),
    allowMethods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
    allowHeaders: CORS_ALLOWED_HEADERS,
    exposeHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
  });

  // What runs no operation passes no admission: GraphiQL's page and the API's docs are static.
  const isStatic = (c: HonoContext<Env>) =>
    c.req.path === '/graphql'
      ? config.GRAPHIQL && wantsGraphiQL(c.req.raw)
      : c.req.path === '/api/openapi.json' || c.req.path.startsWith('/api/docs');
  const admission: MiddlewareHandler<Env> = async (c, next) => {
    if (isStatic(c)) return next();
    const allowLegacyKey = c.req.path !== '/graphql';
    const admitted = await admit(c.req.raw, services, { clientAddress: c.get('clientAddress'), allowLegacyKey });
    c.set('admission', admitted);
    await next();
    withRateLimitHeaders(c.res, admitted.rateLimit);
  };

  // Bodies are bounded before they are read; authors who publish files may send larger ones.
  const bodyLimitOf = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: (c) => surfaceError(c.req.path, 413, 'PAYLOAD_TOO_LARGE', `Request body larger than ${maxSize} bytes`, c.get('requestId')),
    });
  const defaultBodyLimit = bodyLimitOf(config.REQUEST_BODY_LIMIT_BYTES);
  const authorBodyLimit = bodyLimitOf(Math.max(config.REQUEST_BODY_LIMIT_BYTES, config.REQUEST_BODY_LIMIT_AUTHOR_BYTES));
  const limitBody: MiddlewareHandler<Env> = (c, next) =>
    (mayUpload(c.get('admission')?.viewer) ? authorBodyLimit : defaultBodyLimit)(c, next);

  for (const path of ['/graphql', '/api/*']) app.use(path, corsPolicy, admission, limitBody);

  app.get('/healthz', () => healthResponse());
  app.get('/readyz', () => readinessResponse(services));
  app.all('/downloads/*', (c) => handleDownloadRequest(c.req.raw, services, c.get('requestId')));

  const serverContext = (c: HonoContext<Env>): ServerContext => ({
    requestId: c.get('requestId'),
    clientAddress: c.get('clientAddress'),
    ...c.get('admission'),
  });

  app.all('/graphql', (c) => {
    if (isStatic(c)) return graphiqlResponse(c.req.raw);
    return yoga.handleRequest(c.req.raw, serverContext(c));
  });

  app.all('/api/*', async (c) => {
    const context = { ...serverContext(c), allowLegacyKey: true };
    return (await rest.handle(c.req.raw, context)) ?? rest.unknownPath(c.req.raw, context);
  });

  app.notFound((c) => surfaceError(c.req.path, 404, 'NOT_FOUND', 'Not Found', c.get('requestId')));

  app.onError((error, c) => {
    const requestId = c.get('requestId');
    logger.error({ err: error, requestId }, 'unhandled error');
    return Response.json({ status: 'error', code: 500, msg: 'Internal Server Error', correlation_id: requestId }, { status: 500 });
  });

  return {
    services,
    yoga,
    async fetch(request, connection = {}) {
      const started = performance.now();
      const response = await app.fetch(request, connection);
      logger.info(
        {
          requestId: response.headers.get('x-request-id'),
          method: request.method,
          path: new URL(request.url).pathname,
          status: response.status,
          ms: Math.round((performance.now() - started) * 10) / 10,
        },
        'request',
      );
      return response;
    },
    async close() {
      await yoga.dispose();
      breaker?.close();
    },
  };
}
