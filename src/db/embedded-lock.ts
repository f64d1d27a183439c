// The embedded database has one writer. PGlite keeps PostgreSQL's files in DATA_DIR and
// takes no lock across processes: a second process on the same folder (a CLI command
// while the server runs) silently diverges from the first, and writes made by one are
// lost to the other. So every process that opens the folder takes a lock on it first
// (proper-lockfile: a lock directory whose timestamp the holder refreshes; a holder that
// died leaves a stale lock that the next process takes over), and refuses to open it when
// another process holds it.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';

const LOCK_NAME = 'gateway.lock';

export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string) {
    super(
      `The embedded database in ${dataDir} is in use by another process (a running gateway?). ` +
        'It has one writer: stop that process first, or run against a PostgreSQL server (DATABASE_URL).',
    );
    this.name = 'DataDirLockedError';
  }
}

export class NoDatabaseError extends Error {
  constructor(readonly dataDir: string) {
    super(
      `There is no database in ${path.resolve(dataDir)}. Start the gateway once (npm start) to create and seed it, ` +
        'create an empty one with `npm run cli -- migrate apply --create`, or set DATA_DIR to the folder of an existing one.',
    );
    this.name = 'NoDatabaseError';
  }
}

/** Whether a folder holds a PGlite (PostgreSQL) database. */
export function hasDatabase(dataDir: string): boolean {
  return existsSync(path.join(dataDir, 'PG_VERSION'));
}

/** Takes the folder's lock; resolves to its release. Throws DataDirLockedError when held. */
export async function lockDataDir(dataDir: string, onCompromised?: (error: Error) => void): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  try {
    return await lockfile.lock(dataDir, {
      lockfilePath: path.join(dataDir, LOCK_NAME),
      stale: 10_000,
      update: 5_000,
      retries: 0,
      realpath: false,
      onCompromised: onCompromised ?? (() => undefined),
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'ELOCKED') throw new DataDirLockedError(dataDir);
    throw error;
  }
}
