// Opens the one database the gateway talks to: PostgreSQL through a pg pool when a
// URL is given, otherwise PostgreSQL-in-WebAssembly (PGlite) in-process. Both get the
// same Prisma client, schema and migrations.
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import type { Config } from '../config';
import { PrismaClient } from '../generated/prisma/client';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_PREPARED_STATEMENTS, statementNamer } from './statement-names';

const timeoutsOf = (options: DatabaseOptions) => options.timeouts ?? DEFAULT_TIMEOUTS;

export type DatabaseKind = 'pglite' | 'postgres';

/** Bounds on the database's work (PostgreSQL server only; PGlite runs in-process). */
export interface DatabaseTimeouts {
  /** Opening a connection, or waiting for a free one in the pool. */
  connectMs: number;
  /** One statement: the server cancels it past this, and the client stops waiting a little later. */
  statementMs: number;
  /** A transaction left idle (a stalled client): the server ends its session. */
  idleInTransactionMs: number;
}

export const DEFAULT_TIMEOUTS: DatabaseTimeouts = { connectMs: 5000, statementMs: 5000, idleInTransactionMs: 10_000 };

/** What the client waits beyond the server's own statement timeout before it gives up on a silent connection. */
const CLIENT_READ_MARGIN_MS = 1000;

export interface DatabaseOptions {
  /** postgres:// URL; when absent the embedded database is used. */
  databaseUrl?: string;
  /** Folder of the embedded database, or "memory://". */
  dataDir?: string;
  poolSize?: number;
  /** An already-open PGlite (tests load a prepared snapshot into one). */
  pglite?: PGlite;
  /**
   * PostgreSQL server only: how many distinct statements of Prisma's are prepared once per
   * connection and reused (src/db/statement-names.ts). 0 sends every statement unnamed,
   * e.g. behind a pooler that cannot keep prepared statements. Default 500.
   */
  preparedStatements?: number;
  /** Called with every SQL statement sent, by Prisma or by `query` (statement-count tests, debugging). */
  onQuery?: (sql: string) => void;
  timeouts?: DatabaseTimeouts;
  /** Told when a pooled connection fails while idle (the pool replaces it). */
  onConnectionError?: (error: Error) => void;
}

export interface Database {
  kind: DatabaseKind;
  prisma: PrismaClient;
  /** The adapter factory, for the schema engine (migrations). */
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** Runs raw SQL outside Prisma (health checks, benchmark floors). */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  ping(): Promise<void>;
  /** Connections in use and waiting, for metrics (PostgreSQL server only). */
  poolUse?(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

/** The database the configuration names, with its pool size and bounds. */
export function databaseOptionsFrom(
  config: Pick<
    Config,
    | 'DATABASE_URL'
    | 'DATA_DIR'
    | 'DATABASE_POOL_SIZE'
    | 'DATABASE_PREPARED_STATEMENTS'
    | 'DATABASE_CONNECT_TIMEOUT_MS'
    | 'DATABASE_STATEMENT_TIMEOUT_MS'
    | 'DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS'
  >,
): DatabaseOptions {
  return {
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolSize: config.DATABASE_POOL_SIZE,
    preparedStatements: config.DATABASE_PREPARED_STATEMENTS,
    timeouts: {
      connectMs: config.DATABASE_CONNECT_TIMEOUT_MS,
      statementMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
      idleInTransactionMs: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
  };
}

/** Parses a postgres URL into a pool config: the adapter spreads it to build shadow pools. */
export function poolConfigFromUrl(databaseUrl: string, max = 10, timeouts: DatabaseTimeouts = DEFAULT_TIMEOUTS): pg.PoolConfig {
  const url = new URL(databaseUrl);
  const config: pg.PoolConfig = {
    host: decodeURIComponent(url.hostname) || undefined,
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username) || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: decodeURIComponent(url.pathname.replace(/^\//, '')) || undefined,
    max,
    // Nothing waits forever on a database that stopped answering (docs/operations.md).
    connectionTimeoutMillis: timeouts.connectMs,
    statement_timeout: timeouts.statementMs,
    query_timeout: timeouts.statementMs + CLIENT_READ_MARGIN_MS,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
    keepAlive: true,
  };
  const host = url.searchParams.get('host');
  if (host) config.host = host; // unix socket folder
  const sslmode = url.searchParams.get('sslmode');
  if (sslmode && sslmode !== 'disable') config.ssl = { rejectUnauthorized: sslmode === 'verify-full' };
  return config;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const log = options.onQuery ? ([{ emit: 'event', level: 'query' }] as const) : undefined;

  if (options.databaseUrl) {
    const poolConfig = poolConfigFromUrl(options.databaseUrl, options.poolSize ?? 10, options.timeouts);
    const pool = new pg.Pool(poolConfig);
    // From the start: an idle connection that drops (a restart, a cut) must not crash the
    // process with an unhandled 'error' event; the pool opens a new one when needed.
    pool.on('error', (error) => options.onConnectionError?.(error));
    const statementNameGenerator = statementNamer(options.preparedStatements ?? DEFAULT_PREPARED_STATEMENTS);
    // The adapter's type wants a name for every statement; pg sends one without a name
    // (parsed and planned each time) as an unnamed statement, which is what we want past the bound.
    const adapterFactory = new PrismaPg(
      pool,
      statementNameGenerator ? { statementNameGenerator: statementNameGenerator as (query: { sql: string }) => string } : undefined,
    );
    const prisma = new PrismaClient({ adapter: adapterFactory, log: log ? [...log] : undefined });
    if (options.onQuery) {
      const onQuery = options.onQuery;
      prisma.$on('query' as never, (event: { query: string }) => onQuery(event.query));
    }
    return {
      kind: 'postgres',
      prisma,
      // The schema engine needs a factory that owns a config (for shadow databases); a
      // migration may rightly run longer than any request's statement.
      adapterFactory: new PrismaPg({ ...poolConfig, statement_timeout: undefined, query_timeout: undefined }),
      // Named like Prisma's statements (the same bound): the plain statements of the hot
      // paths are parsed and planned once per connection, not on every request.
      async query(sql, params) {
        options.onQuery?.(sql);
        const result = await pool.query({ text: sql, values: params as unknown[], name: statementNameGenerator?.({ sql }) });
        return result.rows;
      },
      async ping() {
        await pool.query('select 1');
      },
      poolUse: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
      async close() {
        await prisma.$disconnect();
        // pool.end() waits for checked-out connections, which a stalled server never returns.
        await Promise.race([pool.end().catch(() => undefined), sleep(timeoutsOf(options).connectMs)]);
      },
    };
  }

  // Imported only here: a PostgreSQL deployment never loads PGlite (≈ 23 MB of RSS).
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([import('@electric-sql/pglite'), import('pglite-prisma-adapter')]);
  const pglite = options.pglite ?? (await PGlite.create(options.dataDir ?? 'memory://'));
  const adapterFactory = new PrismaPGlite(pglite);
  const prisma = new PrismaClient({ adapter: adapterFactory, log: log ? [...log] : undefined });
  if (options.onQuery) {
    const onQuery = options.onQuery;
    prisma.$on('query' as never, (event: { query: string }) => onQuery(event.query));
  }
  return {
    kind: 'pglite',
    prisma,
    adapterFactory,
    async query(sql, params) {
      options.onQuery?.(sql);
      const result = await pglite.query(sql, params as unknown[]);
      return result.rows as never;
    },
    async ping() {
      await pglite.query('select 1');
    },
    async close() {
      await prisma.$disconnect();
      // The adapter's dispose() leaves PGlite open; close it ourselves so its files are flushed.
      if (!pglite.closed) await pglite.close();
    },
  };
}
