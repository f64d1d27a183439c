// Where test databases come from. Global setup builds one migrated and seeded template;
// each test file then gets its own copy: a PGlite loaded from the template's dump, or a
// PostgreSQL database created from the template database.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client';

export const SERVER_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function testDatabaseKind(): 'pglite' | 'postgres' {
  return process.env.TEST_DATABASE === 'postgres' ? 'postgres' : 'pglite';
}

export function databaseUrl(name: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs one statement on the server's maintenance database. */
export async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function waitForNoConnections(database: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    for (let attempt = 0; attempt < 200; attempt++) {
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [database]);
      if (rows[0]!.n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  db: Database;
  /** The PostgreSQL server database's URL (absent on PGlite). */
  url?: string;
  /** The SQL statements Prisma sent, in order (reset it before what you measure). */
  statements: string[];
  close(): Promise<void>;
}

/** A fresh copy of the seeded template database. */
export async function openTestDatabase(): Promise<TestDatabase> {
  const statements: string[] = [];
  const onQuery = (sql: string) => statements.push(sql);
  if (testDatabaseKind() === 'postgres') {
    const name = `mg_test_${randomBytes(6).toString('hex')}`;
    await onServer(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
    const db = await openDatabase({ databaseUrl: databaseUrl(name), poolSize: 10, onQuery });
    return {
      db,
      url: databaseUrl(name),
      statements,
      async close() {
        await db.close();
        // pg's pool reports "ended" before its sockets are gone; dropping the database
        // under live connections makes them fail loudly (57P01). Wait for them to leave.
        await waitForNoConnections(name);
        await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    };
  }
  const dump = await readFile(inject('pgliteTemplateDump'));
  const pglite = await PGlite.create({ loadDataDir: new Blob([dump]) });
  const db = await openDatabase({ pglite, onQuery });
  return { db, statements, close: () => db.close() };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplateDump: string;
    postgresTemplate: string;
    filesDir: string;
    demoPassword: string;
  }
}

/**
 * A seeded database on the PostgreSQL server whatever TEST_DATABASE says: for what only a
 * server over a network can show (connections cut, stalled, refused). A copy of the
 * template when the suite runs on the server, else migrated and seeded here.
 */
export async function openServerTestDatabase(): Promise<TestDatabase & { url: string }> {
  if (testDatabaseKind() === 'postgres') {
    const copy = await openTestDatabase();
    return { ...copy, url: copy.url! };
  }
  const name = `mg_server_${randomBytes(6).toString('hex')}`;
  await onServer(`CREATE DATABASE ${name}`);
  const url = databaseUrl(name);
  const statements: string[] = [];
  const db = await openDatabase({ databaseUrl: url, poolSize: 10, onQuery: (sql) => statements.push(sql) });
  const { applyMigrations } = await import('../../src/db/migrations');
  const { seedDemoData } = await import('../../src/db/seed');
  const { LocalFileStore } = await import('../../src/downloads/file-store');
  await applyMigrations(db);
  await seedDemoData(db.prisma, { password: inject('demoPassword'), fileStore: new LocalFileStore(inject('filesDir')) });
  return {
    db,
    url,
    statements,
    async close() {
      await db.close();
      await waitForNoConnections(name);
      await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
