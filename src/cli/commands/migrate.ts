// Migration commands, the offline counterpart of `prisma migrate deploy|status|dev --create-only`
// (see src/db/migrations.ts for why the Prisma CLI is not used).
import { openDatabase, type Database } from '../../db/client';
import { applyMigrations, createMigration, migrationStatus, type MigrationStatus } from '../../db/migrations';
import type { Config } from '../../config';
import type { Command, CommandContext } from '../command';

/** Opens the database the server would use (DATABASE_URL, else the embedded one in DATA_DIR). */
async function withDatabase<T>(config: Config, run: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 });
  try {
    return await run(db);
  } finally {
    await db.close();
  }
}

/** Which database, without the password. */
function describeDatabase(config: Config): string {
  if (!config.DATABASE_URL) return `the embedded database in ${config.DATA_DIR}`;
  const url = new URL(config.DATABASE_URL);
  return `PostgreSQL database ${url.pathname.slice(1) || '(default)'} on ${url.host || url.searchParams.get('host')}`;
}

async function apply(_args: string[], context: CommandContext): Promise<number> {
  context.info(`Applying migrations to ${describeDatabase(context.config)}…`);
  const { applied } = await withDatabase(context.config, (db) => applyMigrations(db));
  if (applied.length === 0) context.info('No pending migrations: the database is up to date.');
  for (const name of applied) context.info(`Applied ${name}`);
  return 0;
}

function formatStatus(status: MigrationStatus): string[] {
  const lines = [`${status.local.length} migration(s) in the folder, ${status.applied.length} applied.`];
  const list = (title: string, names: string[]) => {
    if (names.length) lines.push(`${title}:`, ...names.map((name) => `  ${name}`));
  };
  list('Pending (run `migrate apply`)', status.pending);
  list('Edited after being applied (restore the applied version)', status.edited);
  list('Applied but missing from the folder', status.missing);
  list('Failed (fix the database by hand, then mark it resolved)', status.failed);
  if (status.upToDate) lines.push('The database is up to date.');
  else if (status.diverged) lines.push('The migration history has diverged; applying will not fix it.');
  return lines;
}

async function status(_args: string[], context: CommandContext): Promise<number> {
  context.info(`Checking ${describeDatabase(context.config)}…`);
  const report = await withDatabase(context.config, (db) => migrationStatus(db));
  context.out(formatStatus(report).join('\n'));
  return report.upToDate ? 0 : 1;
}

async function create(args: string[], context: CommandContext): Promise<number> {
  const name = args.join(' ').trim();
  if (!name) {
    context.info('Usage: migrate create <name>   e.g. migrate create add item slug');
    return 2;
  }
  const result = await createMigration(name);
  if (!result.created) {
    context.info(`No migration created: ${result.reason}`);
    return 0;
  }
  context.info(`Created ${result.name}. Review migration.sql, then commit the folder and schema.prisma.snapshot.`);
  context.out(result.directory);
  return 0;
}

export const migrateCommands: Command[] = [
  {
    name: 'migrate apply',
    usage: 'migrate apply',
    summary: 'Apply pending migrations (like prisma migrate deploy)',
    run: apply,
  },
  {
    name: 'migrate deploy',
    usage: 'migrate deploy',
    summary: 'Same as migrate apply',
    run: apply,
  },
  {
    name: 'migrate status',
    usage: 'migrate status',
    summary: 'List applied and pending migrations; exit 1 unless up to date',
    run: status,
  },
  {
    name: 'migrate create',
    usage: 'migrate create <name>',
    summary: 'Write a migration for the changes to prisma/schema.prisma (no database needed)',
    run: create,
  },
];
