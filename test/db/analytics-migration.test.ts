// The analytics migration on a database that already sells: items.sales_count is backfilled
// from the purchases that were not refunded (the hand-written UPDATE of its migration.sql),
// and the indexes of the analytics queries exist. Always on PGlite; on the PostgreSQL
// server too with TEST_DATABASE=postgres.
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client';
import { applyMigrations, DEFAULT_MIGRATIONS_DIR } from '../../src/db/migrations';
import { databaseUrl, onServer, testDatabaseKind } from '../support/databases';

const MIGRATION = /^\d{14}_analytics$/;
const SLOW = 120_000;

async function open(kind: 'pglite' | 'postgres'): Promise<{ db: Database; drop(): Promise<void> }> {
  if (kind === 'pglite') {
    const db = await openDatabase({});
    return { db, drop: () => db.close() };
  }
  const name = `mg_analytics_${randomBytes(6).toString('hex')}`;
  await onServer(`CREATE DATABASE ${name}`);
  const db = await openDatabase({ databaseUrl: databaseUrl(name), poolSize: 2 });
  return {
    db,
    async drop() {
      await db.close();
      await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

const kinds = testDatabaseKind() === 'postgres' ? (['pglite', 'postgres'] as const) : (['pglite'] as const);

describe.each(kinds)('the analytics migration on %s', (kind) => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  }, SLOW);

  it(
    'backfills every item’s sales count from its purchases that were not refunded, and adds the indexes',
    async () => {
      const committed = (await readdir(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((e) => e.name);
      const analytics = committed.find((name) => MIGRATION.test(name));
      expect(analytics).toBeDefined();

      const root = await mkdtemp(path.join(tmpdir(), 'mg-analytics-'));
      cleanup.push(() => rm(root, { recursive: true, force: true }));
      const dir = path.join(root, 'migrations');
      // The migrations before it, in a folder of their own (it and every later one left out).
      const isLater = (source: string) => {
        const name = path.relative(DEFAULT_MIGRATIONS_DIR, source).split(path.sep)[0]!;
        return /^\d{14}_/.test(name) && name >= analytics!;
      };
      await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true, filter: (source) => !isLater(source) });
      const { db, drop } = await open(kind);
      cleanup.push(drop);
      const applied = await applyMigrations(db, dir);
      expect(applied.applied).toEqual(committed.filter((name) => name < analytics!).sort());

      // A marketplace that sold before the counter existed: in SQL, as the old schema has no sales_count.
      await db.query(`INSERT INTO accounts (username, email, first_name, last_name, password_hash, updated_at)
                      VALUES ('author', 'a@example.com', 'A', 'A', 'x', now()), ('buyer', 'b@example.com', 'B', 'B', 'x', now())`);
      await db.query(`INSERT INTO categories (name, slug) VALUES ('Themes', 'themes')`);
      await db.query(
        `INSERT INTO items (author_id, name, slug, type, category_id, regular_price_cents, extended_price_cents, status, updated_at)
         SELECT (SELECT id FROM accounts WHERE username = 'author'), 'Item ' || n, 'item-' || n, 'THEME', (SELECT id FROM categories), 1000, 5000, 'PUBLISHED', now()
           FROM generate_series(1, 4) AS n`,
      );
      // Item 1: three sales, one refunded, one refund requested; item 2: one refunded sale only; item 3: one sale; item 4: none.
      const sales: Array<[number, string]> = [
        [1, 'NONE'],
        [1, 'REFUNDED'],
        [1, 'REQUESTED'],
        [2, 'REFUNDED'],
        [3, 'NONE'],
      ];
      for (const [index, [item, state]] of sales.entries()) {
        await db.query(
          `INSERT INTO purchases (code, buyer_id, item_id, author_id, license_type, price_paid_cents, author_earnings_cents, platform_fee_cents, refund_state)
           SELECT 'code-${index}', (SELECT id FROM accounts WHERE username = 'buyer'), i.id, i.author_id, 'REGULAR', 1000, 700, 300, '${state}'
             FROM items i WHERE i.slug = 'item-${item}'`,
        );
      }

      await cp(path.join(DEFAULT_MIGRATIONS_DIR, analytics!), path.join(dir, analytics!), { recursive: true });
      expect(await applyMigrations(db, dir)).toEqual({ applied: [analytics] });

      const counts = await db.query<{ slug: string; sales_count: number; expected: number }>(
        `SELECT slug, sales_count,
                (SELECT count(*) FROM purchases p WHERE p.item_id = i.id AND p.refund_state <> 'REFUNDED')::int AS expected
           FROM items i ORDER BY slug`,
      );
      expect(counts.map((row) => [row.slug, Number(row.sales_count)])).toEqual(counts.map((row) => [row.slug, Number(row.expected)]));
      expect(counts.map((row) => Number(row.sales_count))).toEqual([2, 0, 1, 0]);

      const indexes = await db.query<{ indexname: string; indexdef: string }>(
        `SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('items', 'purchases') ORDER BY indexname`,
      );
      const definitions = indexes.map((row) => row.indexdef.replace(/^.* USING btree /, ''));
      expect(definitions).toEqual(
        expect.arrayContaining(['(status, sales_count, id)', '(item_id, refund_state)', '(purchased_at)', '(author_id, purchased_at DESC, id DESC)']),
      );
      // The item_id index is now the prefix of the one with the refund state.
      expect(indexes.map((row) => row.indexname)).not.toContain('purchases_item_id_idx');
    },
    SLOW,
  );
});
