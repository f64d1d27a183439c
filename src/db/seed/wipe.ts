// Empties every data table (for `seed --force`), keeping the schema and the migration
// history: `_prisma_migrations` is what says which migrations this database has.
import type { PrismaClient } from '../../generated/prisma/client';

const MIGRATIONS_TABLE = '_prisma_migrations';

export async function wipeData(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.$queryRawUnsafe<{ tablename: string }[]>(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> $1 ORDER BY tablename`,
    MIGRATIONS_TABLE,
  );
  const tables = rows.map((row) => row.tablename);
  if (tables.length > 0) {
    const list = tables.map((name) => `"${name.replaceAll('"', '""')}"`).join(', ');
    // One statement for all tables, so foreign keys between them never get in the way;
    // RESTART IDENTITY makes the next seed's ids start at 1 again.
    await prisma.$executeRawUnsafe(`TRUNCATE TABLE ${list} RESTART IDENTITY`);
  }
  return tables;
}
