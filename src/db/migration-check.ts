// Whether every committed migration has been applied: the cheap check readiness runs
// (two small reads), without the schema engine that `migrate status` needs. A database
// whose migrations are pending answers queries wrongly or not at all, so an instance on it
// is not ready, however well it answers `select 1`.
import { readdir } from 'node:fs/promises';
import type { Database } from './client';
import { DEFAULT_MIGRATIONS_DIR } from './migration-files';

let committed: Promise<string[]> | undefined;

/** Migration folders in the repository (read once per process). */
function committedMigrations(dir: string): Promise<string[]> {
  committed ??= readdir(dir, { withFileTypes: true }).then((entries) =>
    entries
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort(),
  );
  return committed;
}

/** Committed migrations the database has not finished applying. */
export async function pendingMigrations(db: Database, dir = DEFAULT_MIGRATIONS_DIR): Promise<string[]> {
  const local = await committedMigrations(dir);
  const [table] = await db.query<{ present: boolean }>(`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present`);
  if (!table?.present) return local;
  const rows = await db.query<{ migration_name: string }>(
    'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
  );
  const applied = new Set(rows.map((row) => row.migration_name));
  return local.filter((name) => !applied.has(name));
}
