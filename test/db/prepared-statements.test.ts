// Statements sent to a PostgreSQL server are prepared once per connection and reused
// (src/db/statement-names.ts), up to a bound; the setting 0 turns it off. Runs against the
// local server whatever TEST_DATABASE says (PGlite has no pooled connections to name for).
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client';
import { statementNamer } from '../../src/db/statement-names';
import { SERVER_URL } from '../support/databases';

let db: Database | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

/** Statements prepared on the pool's one connection, by our namer. */
async function preparedOnConnection(database: Database): Promise<string[]> {
  const rows = await database.prisma.$queryRawUnsafe<Array<{ statement: string }>>(
    "SELECT statement FROM pg_prepared_statements WHERE name LIKE 'mpg\\_%' ORDER BY prepare_time",
  );
  return rows.map((row) => row.statement);
}

describe('prepared statements on a PostgreSQL server', () => {
  it('prepares a statement once and reuses it on the connection', async () => {
    db = await openDatabase({ databaseUrl: SERVER_URL, poolSize: 1, preparedStatements: 500 });
    for (let i = 0; i < 3; i++) expect(await db.prisma.$queryRawUnsafe('SELECT $1::int + 1 AS answer', i)).toEqual([{ answer: i + 1 }]);
    const prepared = await preparedOnConnection(db);
    expect(prepared.filter((sql) => sql === 'SELECT $1::int + 1 AS answer')).toHaveLength(1);
  });

  it('prepares the plain statements of the hot paths (db.query) the same way', async () => {
    db = await openDatabase({ databaseUrl: SERVER_URL, poolSize: 1, preparedStatements: 500 });
    for (let i = 0; i < 3; i++) expect(await db.query('SELECT $1::int + 2 AS answer', [i])).toEqual([{ answer: i + 2 }]);
    const prepared = await preparedOnConnection(db);
    expect(prepared.filter((sql) => sql === 'SELECT $1::int + 2 AS answer')).toHaveLength(1);
  });

  it('prepares nothing when turned off', async () => {
    db = await openDatabase({ databaseUrl: SERVER_URL, poolSize: 1, preparedStatements: 0 });
    await db.prisma.$queryRawUnsafe('SELECT 2 AS two');
    await db.query('SELECT 3 AS three', []);
    expect(await preparedOnConnection(db)).toEqual([]);
  });
});

describe('statementNamer', () => {
  it('gives one text one stable name, and names no more than its bound', () => {
    const name = statementNamer(2)!;
    const first = name({ sql: 'SELECT 1' });
    expect(first).toMatch(/^mpg_[0-9a-f]{24}$/);
    expect(name({ sql: 'SELECT 1' })).toBe(first);
    expect(name({ sql: 'SELECT 2' })).not.toBe(first);
    // The bound is reached: a third text goes unnamed (pg then parses and plans it each time).
    expect(name({ sql: 'SELECT 3' })).toBeUndefined();
    expect(name({ sql: 'SELECT 1' })).toBe(first);
    expect(statementNamer(0)).toBeUndefined();
  });
});
