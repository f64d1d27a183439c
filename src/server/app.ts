// The gateway as a fetch handler: one function from Request to Response that routes to
// health checks, GraphQL (Yoga) and, in later layers, REST and downloads. Tests call
// `gateway.fetch` in process; src/server/main.ts puts it on a port.
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import { authenticateRequest } from '../accounts/authenticate';
import { LoginThrottle } from '../accounts/login-throttle';
import type { Config } from '../config';
import type { Database } from '../db/client';
import { LocalFileStore, type FileStore } from '../downloads/file-store';
import type { Context, Services } from '../graphql/context';
import { useCorrelationIds } from '../graphql/error-plugin';
import { usePageSizeLimit } from '../graphql/page-size-plugin';
import { getSchema } from '../graphql/schema';
import { MemoryStore, type KeyValueStore } from '../shared/kv-store';
import { graphiqlOptions, renderGraphiQL } from './graphiql';
import { healthResponse, readinessResponse } from './health';
import { requestIdFor } from './request-id';

export interface GatewayOptions {
  config: Config;
  db: Database;
  logger: Logger;
  fileStore?: FileStore;
  /** Shared state; defaults to this process's memory (one instance). */
  store?: KeyValueStore;
  now?: () => Date;
}

export interface ServerContext {
  requestId: string;
  clientAddress: string;
}

export interface Gateway {
  services: Services;
  yoga: YogaServerInstance<ServerContext, Context>;
  /** Handles one HTTP request. */
  fetch(request: Request, serverContext?: Partial<ServerContext>): Promise<Response>;
  close(): Promise<void>;
}

export function createGateway(options: GatewayOptions): Gateway {
  const now = options.now ?? (() => new Date());
  const store = options.store ?? new MemoryStore();
  const services: Services = {
    config: options.config,
    db: options.db,
    logger: options.logger,
    fileStore: options.fileStore ?? new LocalFileStore(options.config.FILES_DIR),
    now,
    store,
    loginThrottle: new LoginThrottle(store, now),
  };

  const yoga = createYoga<ServerContext, Context>({
    schema: getSchema(),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: options.config.GRAPHIQL ? graphiqlOptions : false,
    renderGraphiQL,
    logging: {
      debug: (...args) => options.logger.debug(args.map(String).join(' ')),
      info: (...args) => options.logger.info(args.map(String).join(' ')),
      warn: (...args) => options.logger.warn(args.map(String).join(' ')),
      error: (...args) => options.logger.error({ err: args[0] }, 'graphql error'),
    },
    maskedErrors: { isDev: options.config.NODE_ENV === 'development' },
    plugins: [useCorrelationIds(), usePageSizeLimit()],
    context: async ({ request, requestId, clientAddress }) => ({
      requestId,
      clientAddress,
      services,
      viewer: await authenticateRequest(request, services),
    }),
  });

  async function route(request: Request, serverContext: ServerContext): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname === '/healthz') return healthResponse();
    if (pathname === '/readyz') return readinessResponse(services);
    if (pathname === '/graphql') return yoga.handleRequest(request, serverContext);
    return Response.json(
      { status: 'error', code: 404, msg: 'Not Found', correlation_id: serverContext.requestId },
      { status: 404 },
    );
  }

  return {
    services,
    yoga,
    async fetch(request, partial = {}) {
      const started = performance.now();
      const requestId = partial.requestId ?? requestIdFor(request);
      const serverContext = { requestId, clientAddress: partial.clientAddress ?? '127.0.0.1' };
      let response: Response;
      try {
        response = await route(request, serverContext);
      } catch (error) {
        options.logger.error({ err: error, requestId }, 'unhandled error');
        response = Response.json(
          { status: 'error', code: 500, msg: 'Internal Server Error', correlation_id: requestId },
          { status: 500 },
        );
      }
      response.headers.set('X-Request-ID', requestId);
      response.headers.set('X-Correlation-ID', requestId);
      options.logger.info(
        {
          requestId,
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
    },
  };
}
