// The migration module (src/db/migrations.ts) against real databases: always an
// in-memory PGlite, and a fresh database on the PostgreSQL server too when
// TEST_DATABASE=postgres. Each run works on a temporary copy of prisma/ so it can add
// migrations without touching the committed ones.
import { createHash, randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client';
import {
  applyMigrations,
  createMigration,
  DEFAULT_MIGRATIONS_DIR,
  DEFAULT_SCHEMA_PATH,
  migrationStatus,
  SNAPSHOT_FILE,
} from '../../src/db/migrations';

const SERVER_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SLOW = 120_000; // PGlite takes a few seconds to start

/** A throw-away copy of prisma/schema.prisma and prisma/migrations. */
async function copyOfPrismaFolder(): Promise<{ root: string; schemaPath: string; migrationsDir: string }> {
  const root = await mkdtemp(path.join(tmpdir(), 'mg-migrations-'));
  const schemaPath = path.join(root, 'schema.prisma');
  const migrationsDir = path.join(root, 'migrations');
  await cp(DEFAULT_SCHEMA_PATH, schemaPath);
  await cp(DEFAULT_MIGRATIONS_DIR, migrationsDir, { recursive: true });
  return { root, schemaPath, migrationsDir };
}

/** Adds a nullable column to the Item model ("items" table). */
async function addColumnToItem(schemaPath: string): Promise<void> {
  const schema = await readFile(schemaPath, 'utf8');
  const changed = schema.replace(/^model Item \{\n/m, (head) => `${head}  testNote String? @map("test_note")\n`);
  expect(changed).not.toBe(schema);
  await writeFile(schemaPath, changed);
}

/** Table names the schema declares: each model's @@map, or its name. */
async function tablesOfSchema(): Promise<string[]> {
  const schema = await readFile(DEFAULT_SCHEMA_PATH, 'utf8');
  return [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)]
    .map(([, model, body]) => /@@map\("([^"]+)"\)/.exec(body ?? '')?.[1] ?? model ?? '')
    .sort();
}

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

interface Target {
  kind: string;
  /** A new, empty database and how to get rid of it. */
  open(): Promise<{ db: Database; drop(): Promise<void> }>;
}

const pgliteTarget: Target = {
  kind: 'pglite',
  async open() {
    const db = await openDatabase({}); // in memory
    return { db, drop: () => db.close() };
  },
};

const postgresTarget: Target = {
  kind: 'postgres',
  async open() {
    const name = `mg_migrations_${randomBytes(6).toString('hex')}`;
    await onServer(`CREATE DATABASE ${name}`);
    const url = new URL(SERVER_URL);
    url.pathname = `/${name}`;
    const db = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
    return {
      db,
      async drop() {
        await db.close();
        await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    };
  },
};

const targets = process.env.TEST_DATABASE === 'postgres' ? [pgliteTarget, postgresTarget] : [pgliteTarget];

describe.each(targets)('migrations on $kind', (target) => {
  let db: Database;
  let drop: () => Promise<void>;
  let files: Awaited<ReturnType<typeof copyOfPrismaFolder>>;
  let committed: string[];

  beforeAll(async () => {
    files = await copyOfPrismaFolder();
    committed = (await readdir(files.migrationsDir, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    ({ db, drop } = await target.open());
  }, SLOW);

  afterAll(async () => {
    await drop?.();
    if (files) await rm(files.root, { recursive: true, force: true });
  }, SLOW);

  it('reports every migration pending on an empty database', async () => {
    const status = await migrationStatus(db, files.migrationsDir);
    expect(committed.length).toBeGreaterThan(0);
    expect(status).toMatchObject({ local: committed, applied: [], pending: committed, diverged: false, upToDate: false });
  });

  it('applies to an empty database: every table, and each migration recorded like prisma migrate deploy', async () => {
    expect(await applyMigrations(db, files.migrationsDir)).toEqual({ applied: committed });

    const tables = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`,
    );
    expect(tables.map((row) => row.table_name).filter((name) => name !== '_prisma_migrations')).toEqual(await tablesOfSchema());

    const recorded = await db.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name`,
    );
    expect(recorded.map((row) => row.migration_name)).toEqual(committed);
    for (const row of recorded) {
      const sql = await readFile(path.join(files.migrationsDir, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).not.toBeNull();
    }
    // The client generated from the same schema can use the tables.
    expect(await db.prisma.account.count()).toBe(0);
  });

  it('applying twice is a no-op', async () => {
    expect(await applyMigrations(db, files.migrationsDir)).toEqual({ applied: [] });
    const status = await migrationStatus(db, files.migrationsDir);
    expect(status).toMatchObject({ applied: committed, pending: [], upToDate: true, diverged: false });
  });

  it('reports a new migration as pending, then applies it', async () => {
    await addColumnToItem(files.schemaPath);
    const created = await createMigration('add item test note', files);
    if (!created.created) throw new Error(created.reason);

    const status = await migrationStatus(db, files.migrationsDir);
    expect(status).toMatchObject({ pending: [created.name], diverged: false, upToDate: false });

    expect(await applyMigrations(db, files.migrationsDir)).toEqual({ applied: [created.name] });
    const columns = await db.query<{ data_type: string }>(
      `SELECT data_type FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'items' AND column_name = 'test_note'`,
    );
    expect(columns).toEqual([{ data_type: 'text' }]);
    expect((await migrationStatus(db, files.migrationsDir)).upToDate).toBe(true);
  });

  it('reports an edited or missing migration as diverged', async () => {
    const [first] = committed;
    const sqlPath = path.join(files.migrationsDir, first ?? '', 'migration.sql');
    await writeFile(sqlPath, `${await readFile(sqlPath, 'utf8')}\n-- edited after it was applied\n`);
    expect(await migrationStatus(db, files.migrationsDir)).toMatchObject({ edited: [first], diverged: true });

    await rm(path.dirname(sqlPath), { recursive: true });
    expect(await migrationStatus(db, files.migrationsDir)).toMatchObject({
      missing: [first],
      diverged: true,
      upToDate: false,
    });
  });
});

describe('createMigration (no database)', () => {
  const temporary: string[] = [];
  async function copy() {
    const files = await copyOfPrismaFolder();
    temporary.push(files.root);
    return files;
  }
  afterAll(async () => {
    await Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('finds the committed migrations in line with prisma/schema.prisma', async () => {
    const files = await copy();
    const result = await createMigration('unexpected', files);
    // If this fails, schema.prisma changed without `npm run cli -- migrate create <name>`.
    expect(result).toEqual({ created: false, reason: expect.stringContaining('no changes') });
    expect(await readdir(files.migrationsDir)).toEqual(await readdir(DEFAULT_MIGRATIONS_DIR));
  });

  it('writes the ALTER for a changed model, and nothing once the snapshot has caught up', async () => {
    const files = await copy();
    const before = await readdir(files.migrationsDir);
    await addColumnToItem(files.schemaPath);

    const created = await createMigration('Add item test note', files);
    if (!created.created) throw new Error(created.reason);
    expect(created.name).toMatch(/^\d{14}_add_item_test_note$/);
    expect(await readdir(files.migrationsDir)).toEqual([...before, created.name].sort());
    const sql = await readFile(path.join(created.directory, 'migration.sql'), 'utf8');
    expect(sql).toBe(created.sql);
    expect(sql).toMatch(/ALTER TABLE "items" ADD COLUMN\s+"test_note" TEXT;/);
    expect(sql).not.toContain('CREATE TABLE');
    expect(await readFile(path.join(files.migrationsDir, SNAPSHOT_FILE), 'utf8')).toBe(await readFile(files.schemaPath, 'utf8'));

    const again = await createMigration('nothing', files);
    expect(again.created).toBe(false);
    expect(await readdir(files.migrationsDir)).toEqual([...before, created.name].sort());
  });

  it('starts from an empty database when there are no migrations yet', async () => {
    const files = await copy();
    await rm(files.migrationsDir, { recursive: true });

    const created = await createMigration('init', files);
    if (!created.created) throw new Error(created.reason);
    expect(created.sql).toContain('CREATE TABLE "accounts"');
    expect(await readFile(path.join(files.migrationsDir, 'migration_lock.toml'), 'utf8')).toContain('provider = "postgresql"');
    expect((await readdir(files.migrationsDir)).sort()).toEqual([created.name, 'migration_lock.toml', SNAPSHOT_FILE].sort());
  });

  it('refuses to guess when migrations exist but the snapshot is missing', async () => {
    const files = await copy();
    await rm(path.join(files.migrationsDir, SNAPSHOT_FILE));
    await expect(createMigration('anything', files)).rejects.toThrow(/is missing/);
  });
});
