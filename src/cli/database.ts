// The database an operator command works on: the one the server would use (DATABASE_URL,
// else the embedded one in DATA_DIR). The embedded database must exist already (only the
// server's first start, or `migrate apply --create`, creates one) and must not be in use by a running server: it has
// one writer (src/db/embedded-lock.ts).
import type { Config } from '../config';
import { databaseOptionsFrom, openDatabase, type Database } from '../db/client';
import { hasDatabase, lockDataDir, NoDatabaseError } from '../db/embedded-lock';

export async function withDatabase<T>(config: Config, work: (db: Database) => Promise<T>, options: { create?: boolean } = {}): Promise<T> {
  const embedded = !config.DATABASE_URL && !config.DATA_DIR.startsWith('memory://');
  if (embedded && !options.create && !hasDatabase(config.DATA_DIR)) throw new NoDatabaseError(config.DATA_DIR);
  const release = embedded ? await lockDataDir(config.DATA_DIR) : undefined;
  try {
    const db = await openDatabase({ ...databaseOptionsFrom(config), poolSize: 2 });
    try {
      return await work(db);
    } finally {
      await db.close();
    }
  } finally {
    await release?.();
  }
}

/** Which database, without the password. */
export function describeDatabase(config: Config): string {
  if (!config.DATABASE_URL) return `the embedded database in ${config.DATA_DIR}`;
  const url = new URL(config.DATABASE_URL);
  return `PostgreSQL database ${url.pathname.slice(1) || '(default)'} on ${url.host || url.searchParams.get('host')}`;
}
