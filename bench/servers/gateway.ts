// The gateway as the benchmark runs it: the same steps as src/server/main.ts (config from
// the environment, openDatabase, createGateway, createServerAdapter on node:http), with
// two bench-only additions that leave the request path untouched:
//   - BENCH_COUNT_STATEMENTS=1 opens the database with `onQuery`, so /__bench/statements
//     can tell how many SQL statements the requests since the last call sent (the parent
//     starts a separate, counting process for that; timed runs use one without it);
//   - /__bench/* control routes, answered before the request reaches the gateway.
// Started by bench/run.ts as a child process (so its RSS can be sampled and `--cpu-prof`
// profiles only the gateway); tells its port over IPC. Migrating and seeding are not done
// here: the dataset is prepared by bench/dataset.ts.
import { createServer, type IncomingMessage } from 'node:http';
import { createServerAdapter } from '@whatwg-node/server';
import { loadConfig } from '../../src/config';
import { resolveAppSecret } from '../../src/config/app-secret';
import { openDatabase } from '../../src/db/client';
import { LocalFileStore } from '../../src/downloads/file-store';
import { startFeeSettlement } from '../../src/ledger/platform-fees';
import { createGateway } from '../../src/server/app';
import { createLogger } from '../../src/server/logger';
import { handleBenchRequest, reportReady, stopOn } from './control';

const counting = process.env.BENCH_COUNT_STATEMENTS === '1';
const statements: string[] = [];

let config = loadConfig();
config = { ...config, APP_SECRET: await resolveAppSecret(config) };
const logger = createLogger(config);
const db = await openDatabase({
  databaseUrl: config.DATABASE_URL,
  dataDir: config.DATA_DIR,
  poolSize: config.DATABASE_POOL_SIZE,
  preparedStatements: config.DATABASE_PREPARED_STATEMENTS,
  onQuery: counting ? (sql) => statements.push(sql) : undefined,
});
const gateway = createGateway({ config, db, logger, fileStore: new LocalFileStore(config.FILES_DIR) });
// The write path (bench/purchases.ts) settles fees as src/server/main.ts does; the read
// targets do not, so a settler's poll never lands in a statement count.
const fees =
  process.env.BENCH_SETTLE_FEES === '1'
    ? startFeeSettlement({ prisma: db.prisma, intervalMs: config.PLATFORM_FEE_SETTLE_INTERVAL_MS, logger })
    : undefined;
const adapter = createServerAdapter<{ req: IncomingMessage }>((request, context) =>
  gateway.fetch(request, { remoteAddress: context.req.socket.remoteAddress ?? 'unknown' }),
);

const server = createServer((req, res) => {
  if (req.url?.startsWith('/__bench/')) {
    void handleBenchRequest(new URL(req.url, 'http://gateway'), res, {
      statements: () => ({ count: statements.length, statements: statements.splice(0) }),
    });
    return;
  }
  void adapter(req, res);
});
server.keepAliveTimeout = 65_000; // as src/server/main.ts

await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
stopOn(server, async () => {
  await fees?.stop();
  await gateway.close();
  await db.close();
});
reportReady(server);
