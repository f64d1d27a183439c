// `npm start`: validates configuration, takes the port, opens the database (migrating and
// seeding the embedded one on first start), and serves the gateway until SIGINT/SIGTERM.
//
// The port is taken first, so a busy one is one clear line before any work is done;
// until the gateway is ready the server answers 503 (liveness 200). Shutdown
// (docs/operations.md): readiness turns 503 and every answer closes its connection; after
// SHUTDOWN_DRAIN_MS (load balancers move away) the listener closes and idle connections
// with it; in-flight requests get SHUTDOWN_GRACE_MS; then whatever is left is cut and the
// process exits, whatever the database does.
import { createServer, type IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { createServerAdapter } from '@whatwg-node/server';
import { ConfigError, loadConfig, type Config } from '../config';
import { checkAppSecret, resolveAppSecret } from '../config/app-secret';
import { databaseOptionsFrom, openDatabase, type Database } from '../db/client';
import { lockDataDir } from '../db/embedded-lock';
import { applyMigrations } from '../db/migrations';
import { seedIfEmpty } from '../db/seed';
import { LocalFileStore } from '../downloads/file-store';
import { startFeeSettlement } from '../ledger/platform-fees';
import { startWebhookWorker } from '../webhooks';
import { connectRedis } from '../shared/redis';
import { createGateway, type Gateway } from './app';
import { createLogger } from './logger';

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function configuration(): Config {
  try {
    const config = loadConfig();
    checkAppSecret(config);
    return config;
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message, 2);
    throw error;
  }
}

/** Answers while the gateway is not ready yet: alive, not ready. */
function starting(request: Request): Response {
  const { pathname } = new URL(request.url);
  if (pathname === '/healthz') return Response.json({ status: 'ok' });
  return Response.json({ status: 'starting' }, { status: 503, headers: { 'retry-after': '1' } });
}

async function main() {
  const loaded = configuration();
  const logger = createLogger(loaded);
  let gateway: Gateway | undefined;
  const adapter = createServerAdapter<{ req: IncomingMessage }>((request, context) =>
    gateway ? gateway.fetch(request, { remoteAddress: context.req.socket.remoteAddress ?? 'unknown' }) : starting(request),
  );
  const server = createServer(adapter);
  server.keepAliveTimeout = 65_000; // longer than common load balancer idle timeouts

  await new Promise<void>((resolve) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const where = `Port ${loaded.PORT} on ${loaded.HOST}`;
      if (error.code === 'EADDRINUSE') fail(`${where} is already in use (another gateway?): set PORT to a free one.`);
      if (error.code === 'EACCES') fail(`${where} needs privileges this process lacks: set PORT above 1023.`);
      fail(`Cannot listen on ${loaded.HOST}:${loaded.PORT}: ${error.message}`);
    });
    server.listen(loaded.PORT, loaded.HOST, resolve);
  });
  // Only now that the port is ours: the embedded database keeps its generated secret in DATA_DIR.
  const config: Config = { ...loaded, APP_SECRET: await resolveAppSecret(loaded) };

  const embedded = !config.DATABASE_URL;
  let releaseLock: (() => Promise<void>) | undefined;
  if (embedded && !config.DATA_DIR.startsWith('memory://')) {
    releaseLock = await lockDataDir(config.DATA_DIR, (error) => logger.error({ err: error }, 'lost the lock on DATA_DIR')).catch((error: Error) =>
      fail(error.message),
    );
  }
  const db: Database = await openDatabase({
    ...databaseOptionsFrom(config),
    onConnectionError: (error) => logger.warn({ err: error }, 'a pooled database connection failed; it will be replaced'),
  });
  const fileStore = new LocalFileStore(config.FILES_DIR);

  if (config.AUTO_MIGRATE ?? embedded) {
    const { applied } = await applyMigrations(db);
    if (applied.length) logger.info({ applied }, 'applied migrations');
  }
  if (config.SEED_DEMO_DATA ?? embedded) {
    const seeded = await seedIfEmpty(db, {
      password: config.DEMO_PASSWORD,
      fileStore,
      platformFeePercent: config.PLATFORM_FEE_PERCENT,
    });
    if (seeded) logger.info('seeded demo data (every demo account uses DEMO_PASSWORD)');
  }

  const redis = config.REDIS_URL ? connectRedis(config.REDIS_URL, logger, { timeoutMs: config.REDIS_TIMEOUT_MS }) : undefined;
  const ready = createGateway({ config, db, logger, fileStore, redis });
  gateway = ready;
  // Every process sends webhooks: deliveries are claimed with FOR UPDATE SKIP LOCKED, so
  // several instances never send one twice (src/webhooks/worker.ts).
  const webhooks = startWebhookWorker({
    prisma: db.prisma,
    appSecret: config.APP_SECRET!,
    logger,
    allowPrivateTargets: config.WEBHOOKS_ALLOW_PRIVATE_TARGETS,
  });
  // Purchases leave the platform's fee pending; every instance credits them (one at a time,
  // under the platform row's lock), so no purchase waits on that row.
  const fees = startFeeSettlement({ prisma: db.prisma, intervalMs: config.PLATFORM_FEE_SETTLE_INTERVAL_MS, logger });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  logger.info({ port, database: db.kind }, `marketplace gateway listening on http://localhost:${port}/graphql`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: not ready any more, finishing in-flight requests');
    ready.drain();
    await sleep(config.SHUTDOWN_DRAIN_MS);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const grace = sleep(config.SHUTDOWN_GRACE_MS, 'timeout' as const);
    if ((await Promise.race([closed, grace])) === 'timeout') {
      logger.warn('grace period over: closing remaining connections');
      server.closeAllConnections();
    }
    // Closing what is left may hang on a stalled database: it gets a moment, not forever.
    await Promise.race([Promise.all([webhooks.stop(), fees.stop()]), sleep(2000)]);
    await Promise.race([Promise.all([ready.close(), db.close()]), sleep(2000)]);
    redis?.disconnect();
    await releaseLock?.().catch(() => undefined);
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

await main();
