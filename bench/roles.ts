// The bench servers' environments, and what run.ts asks of a running server: its
// statement counts, and (for the gateway) its CPU profile file.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChildServer } from './child';
import { CACHE_DIR, type DatasetInfo } from './dataset';
import type { BenchOptions } from './options';
import type { StatementCount } from './report';
import { send, VerificationError, type Target } from './targets';

/**
 * The gateway's environment: production mode, quiet logs, rate limits out of the way.
 * The budgets are still charged on every request (one counter increment); they are just
 * never exhausted.
 */
export function gatewayEnv(info: DatasetInfo, options: BenchOptions, dataDir: string | undefined): Record<string, string> {
  const huge = '1000000000';
  return {
    RATE_LIMIT_WINDOW_SECONDS: String(options.rateWindow),
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: '0',
    // Empty means unset (loadConfig): never inherit a DATABASE_URL on the PGlite run.
    DATABASE_URL: info.kind === 'postgres' ? info.databaseUrl! : '',
    DATA_DIR: dataDir ?? '',
    DATABASE_POOL_SIZE: String(options.poolSize),
    AUTO_MIGRATE: 'false',
    SEED_DEMO_DATA: 'false',
    APP_SECRET: 'bench-app-secret-0123456789abcdef0123456789abcdef',
    FILES_DIR: path.join(CACHE_DIR, 'files'),
    RATE_LIMIT_ANONYMOUS: huge,
    RATE_LIMIT_FREE: huge,
    RATE_LIMIT_PRO: huge,
    RATE_LIMIT_ENTERPRISE: huge,
    RATE_LIMIT_DOWNLOADS: huge,
    RATE_LIMIT_VERIFICATION: huge,
    RATE_LIMIT_VERSION_CHECKS: huge,
    BENCH_COUNT_STATEMENTS: '0',
  };
}

export function floorEnv(info: DatasetInfo, options: BenchOptions, dataDir: string | undefined): Record<string, string> {
  return {
    BENCH_DB: info.kind,
    DATABASE_URL: info.kind === 'postgres' ? info.databaseUrl! : '',
    DATA_DIR: dataDir ?? '',
    DATABASE_POOL_SIZE: String(options.poolSize),
    FLOOR_STATEMENT: options.floorStatement,
  };
}

/** A peer's environment (PostgreSQL only): the same database and pool size as the gateway's, production mode. */
export function peerEnv(info: DatasetInfo, options: BenchOptions, extra: Record<string, string>): Record<string, string> {
  return {
    DATABASE_URL: info.databaseUrl!,
    DATABASE_POOL_SIZE: String(options.poolSize),
    NODE_ENV: 'production',
    GRAPHILE_ENV: 'production', // also silences grafast's start-up advice
    ...extra,
  };
}

async function statementsOf(server: ChildServer): Promise<{ count: number; statements: string[] }> {
  return (await (await fetch(`${server.url}/__bench/statements`)).json()) as { count: number; statements: string[] };
}

/** Statements one request sends, after a warm-up request (whose one-off bookkeeping writes are not counted). */
export async function countStatements(server: ChildServer, target: Target, pageSizes: number[]): Promise<StatementCount> {
  const counts: Record<number, number> = {};
  let statements: string[] = [];
  for (const page of pageSizes) {
    await send(server.url, target.request(page));
    await sleep(200); // let fire-and-forget writes (token last-used time) land before counting
    await statementsOf(server);
    const answer = await send(server.url, target.request(page));
    if (answer.status !== 200) throw new VerificationError(`${target.name}: HTTP ${answer.status} while counting statements`);
    await sleep(50);
    const counted = await statementsOf(server);
    counts[page] = counted.count;
    statements = counted.statements;
  }
  return { target: target.name, counts, statements };
}

/**
 * The main thread's profile. --cpu-prof writes one file per thread,
 * CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile, and tsx's module hooks run in a
 * loader thread of their own on Node 20: thread 0 is the one that serves requests.
 */
export async function findProfile(dir: string, pid: number): Promise<string | undefined> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((file) => file.endsWith('.cpuprofile'));
  const main = files.find((file) => file.includes(`.${pid}.0.`));
  return main ? path.join(dir, main) : undefined;
}
