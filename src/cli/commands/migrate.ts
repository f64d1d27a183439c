// Migration commands, the offline counterpart of `prisma migrate deploy|status|dev --create-only`
// (see src/db/migrations.ts for why the Prisma CLI is not used).
import { applyMigrations, createMigration, migrationStatus, type MigrationStatus } from '../../db/migrations';
import type { Command, CommandContext } from '../command';
import { describeDatabase, withDatabase } from '../database';

async function apply(args: string[], context: CommandContext): Promise<number> {
  const unknown = args.filter((arg) => arg !== '--create');
  if (unknown.length) {
    context.info(`Unknown argument: ${unknown.join(' ')}\nUsage: npm run cli -- migrate apply [--create]`);
    return 2;
  }
  context.info(`Applying migrations to ${describeDatabase(context.config)}…`);
  // An embedded database that does not exist is only created when asked to (--create).
  const { applied } = await withDatabase(context.config, (db) => applyMigrations(db), { create: args.includes('--create') });
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
    usage: 'migrate apply [--create]',
    summary: 'Apply pending migrations (like prisma migrate deploy); --create makes a new embedded database in DATA_DIR',
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
