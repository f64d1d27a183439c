// Opens the one database the gateway talks to: PostgreSQL through a pg pool when a
// URL is given, otherwise PostgreSQL-in-WebAssembly (PGlite) in-process. Both get the
// same Prisma client, schema and migrations.
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client';
import { DEFAULT_PREPARED_STATEMENTS, statementNamer } from './statement-names';

export type DatabaseKind = 'pglite' | 'postgres';

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
  /** Called with every SQL statement Prisma sends (statement-count tests, debugging). */
  onQuery?: (sql: string) => void;
}

export interface Database {
  kind: DatabaseKind;
  prisma: PrismaClient;
  /** The adapter factory, for the schema engine (migrations). */
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** Runs raw SQL outside Prisma (health checks, benchmark floors). */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Parses a postgres URL into a pool config: the adapter spreads it to build shadow pools. */
export function poolConfigFromUrl(databaseUrl: string, max = 10): pg.PoolConfig {
  const url = new URL(databaseUrl);
  const config: pg.PoolConfig = {
    host: decodeURIComponent(url.hostname) || undefined,
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username) || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: decodeURIComponent(url.pathname.replace(/^\//, '')) || undefined,
    max,
  };
  const host = url.searchParams.get('host');
  if (host) config.host = host; // unix socket folder
  const sslmode = url.searchParams.get('sslmode');
  if (sslmode && sslmode !== 'disable') config.ssl = { rejectUnauthorized: sslmode === 'verify-full' };
  return config;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const log = options.onQuery
    ? ([{ emit: 'event', level: 'query' }] as const)
    : undefined;

  if (options.databaseUrl) {
    const poolConfig = poolConfigFromUrl(options.databaseUrl, options.poolSize ?? 10);
    const pool = new pg.Pool(poolConfig);
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
      // The schema engine needs a factory that owns a config (for shadow databases).
      adapterFactory: new PrismaPg(poolConfig),
      async query(sql, params) {
        const result = await pool.query(sql, params as unknown[]);
        return result.rows;
      },
      async ping() {
        await pool.query('select 1');
      },
      async close() {
        await prisma.$disconnect();
        await pool.end().catch(() => undefined);
      },
    };
  }

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
