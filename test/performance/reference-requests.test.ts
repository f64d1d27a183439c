// The three reference requests of the benchmark (bench/sql.ts: the same GraphQL documents,
// the same REST path), counted in SQL statements, never timed: each is loaded by a fixed
// number of statements whatever the page size: the page, then one statement for the items
// (a DataLoader batches a page's items), which reads their authors and categories with
// them (src/db/joined-items.ts), never a row at a time.
// Runs on PGlite and, with TEST_DATABASE=postgres, on the PostgreSQL server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPHQL_CATALOG, GRAPHQL_PURCHASES } from '../../bench/sql';
import { visiblePrefix } from '../../src/accounts/secrets';
import { tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { insertPurchases } from '../support/purchases';
import { rowByRowLoads, tablesOf } from '../support/statements';

let t: TestGateway;
let token: string;
let categorySlug: string;

/** An account's password hash never leaves the database on a read. */
const NEVER_READ = ['password_hash'];

beforeAll(async () => {
  t = await startTestGateway();
  // A buyer with 60 purchases of different items (authors, categories), inserted directly:
  // this file measures reads only.
  const buyer = await t.db.prisma.account.findFirstOrThrow({ where: { role: 'BUYER', username: { not: 'johndoe' } }, orderBy: { id: 'asc' } });
  const items = await t.db.prisma.item.findMany({ where: { status: 'PUBLISHED' }, orderBy: { id: 'desc' }, take: 60 });
  const base = Date.parse('2026-03-01T00:00:00Z');
  await insertPurchases(t, buyer.id, items, (index) => new Date(base + index * 60_000));
  token = await tokenFor(t, buyer.username, ['purchase:list']);
  // The category with the most published items.
  const [top] = await t.db.prisma.item.groupBy({
    by: ['categoryId'],
    where: { status: 'PUBLISHED' },
    _count: { _all: true },
    orderBy: { _count: { categoryId: 'desc' } },
    take: 1,
  });
  categorySlug = (await t.db.prisma.category.findUniqueOrThrow({ where: { id: top!.categoryId } })).slug;
  // A token's first use records lastUsedAt in the background (at most once a minute): let
  // that write land before anything is counted.
  await t.graphql<unknown, { first: number }>(GRAPHQL_PURCHASES, { first: 1 }, { token });
  for (let i = 0; i < 100; i++) {
    if (await t.db.prisma.personalAccessToken.findFirst({ where: { lastUsedAt: { not: null }, prefix: visiblePrefix(token) } })) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
});
afterAll(() => t.close());

/** The statements one call sends, and what it answered. */
async function count<T>(call: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  t.statements.length = 0;
  const result = await call();
  return { result, statements: [...t.statements] };
}

/** The statement that reads rows of items (the page of request 3, the loader of requests 1 and 2). */
const itemsStatement = (statements: string[]) => statements.find((sql) => /FROM "public"\."items"/.test(sql))!;

function expectNoSecretsRead(statements: string[]) {
  for (const column of NEVER_READ)
    expect(
      statements.filter((sql) => sql.includes(column)),
      column,
    ).toEqual([]);
}

describe('reference request 1: a page of purchases through GraphQL', () => {
  const page = (first: number) =>
    count(() => t.graphql<{ viewer: { purchases: { edges: unknown[] } } }, { first: number }>(GRAPHQL_PURCHASES, { first }, { token }));

  it('takes the token, the page, and one statement for the items with their authors and categories, for 5 rows and for 50', async () => {
    const small = await page(5);
    const large = await page(50);
    expect(small.result.errors).toBeUndefined();
    expect(large.result.errors).toBeUndefined();
    expect(small.result.data!.viewer.purchases.edges).toHaveLength(5);
    expect(large.result.data!.viewer.purchases.edges).toHaveLength(50);
    const expected = ['items', 'personal_access_tokens', 'purchases'];
    expect(tablesOf(small.statements)).toEqual(expected);
    expect(tablesOf(large.statements)).toEqual(expected);
    expect(large.statements[0]).toContain('personal_access_tokens');
    expect(itemsStatement(large.statements)).toContain('LEFT JOIN "public"."accounts" AS "a"');
    expect(itemsStatement(large.statements)).toContain('LEFT JOIN "public"."categories" AS "c"');
    expect(rowByRowLoads(large.statements)).toEqual([]);
  });

  it('never reads a password hash', async () => {
    expectNoSecretsRead((await page(50)).statements);
  });

  it("reads the items' and the authors' card columns only: it shows no description, lists, media or profile", async () => {
    const items = itemsStatement((await page(50)).statements);
    expect(items).toContain('"t0"."name"');
    expect(items).toContain('"a"."username"');
    for (const wide of ['"description"', '"options"', '"tags"', '"screenshots"', '"thumbnail_url"', '"created_at"', '"email"', '"profile_heading"'])
      expect(items).not.toContain(wide);
  });
});

describe('reference request 2: the same page through REST', () => {
  const page = (perPage: number) =>
    count(async () => {
      const response = await t.request(`/api/v1/purchases?per_page=${perPage}`, { token });
      return { status: response.status, body: (await response.json()) as { data: unknown[] } };
    });

  it('is one GraphQL execution: the token, the page, its total, and the items with their categories, for 5 rows and for 50', async () => {
    const small = await page(5);
    const large = await page(50);
    expect(small.result.status).toBe(200);
    expect(large.result.status).toBe(200);
    expect(small.result.body.data).toHaveLength(5);
    expect(large.result.body.data).toHaveLength(50);
    const expected = ['items', 'personal_access_tokens', 'purchases', 'purchases'];
    expect(tablesOf(small.statements)).toEqual(expected);
    expect(tablesOf(large.statements)).toEqual(expected);
  });

  it('never reads a password hash', async () => {
    expectNoSecretsRead((await page(50)).statements);
  });

  it('reads every column of the items in the same one statement: its item shape shows description, lists and media', async () => {
    const items = itemsStatement((await page(50)).statements);
    for (const wide of ['"description"', '"options"', '"tags"', '"screenshots"', '"thumbnail_url"']) expect(items).toContain(wide);
  });
});

describe('a deep REST page', () => {
  /** A buyer with 10,100 purchases (one INSERT … SELECT), so page 101 of 100 is full. */
  let deepToken: string;
  beforeAll(async () => {
    const buyer = await t.db.prisma.account.findFirstOrThrow({ where: { role: 'BUYER' }, orderBy: { id: 'desc' } });
    // The items picked once (not a LATERAL per row): on a busy machine the per-row subquery
    // outran the test database's statement timeout.
    await t.db.prisma.$executeRaw`
      WITH picked AS (
        SELECT array_agg(id ORDER BY id) AS ids, array_agg(author_id ORDER BY id) AS authors
        FROM (SELECT id, author_id FROM items WHERE status = 'PUBLISHED' ORDER BY id LIMIT 40) AS i)
      INSERT INTO purchases (code, buyer_id, item_id, author_id, license_type, price_paid_cents, author_earnings_cents, platform_fee_cents, purchased_at)
      SELECT 'deep-' || n, ${buyer.id}, p.ids[1 + n % cardinality(p.ids)], p.authors[1 + n % cardinality(p.ids)], 'REGULAR', 100, 70, 30,
             timestamp '2020-01-01' + n * interval '1 minute'
      FROM generate_series(1, 10100) AS n, picked AS p`;
    deepToken = await tokenFor(t, buyer.username, ['purchase:list'], { name: 'deep pages' });
    await t.request('/api/v1/purchases?per_page=1', { token: deepToken });
  });

  const page = (number: number) =>
    count(async () => {
      const response = await t.request(`/api/v1/purchases?per_page=100&page=${number}&sort=date`, { token: deepToken });
      return { status: response.status, body: (await response.json()) as { data: Array<{ purchase_code: string }>; meta: { total: number } } };
    });

  it('at offset 10,000 is one GraphQL execution: the same statements as page 1, in order, whatever the depth', async () => {
    const first = await page(1);
    const deep = await page(101);
    expect(first.result.status).toBe(200);
    expect(deep.result.status).toBe(200);
    expect(deep.result.body.meta.total).toBeGreaterThanOrEqual(10_100);
    expect(deep.result.body.data).toHaveLength(100);
    // Oldest first (sort=date is the connection read from its end): page 101 holds purchases 10,001 to 10,100.
    expect(first.result.body.data[0]!.purchase_code).toBe('deep-1');
    expect(deep.result.body.data[0]!.purchase_code).toBe('deep-10001');
    // One statement per table: walking to the page would repeat the purchases statement.
    const expected = ['items', 'personal_access_tokens', 'purchases', 'purchases'];
    expect(tablesOf(first.statements)).toEqual(expected);
    expect(tablesOf(deep.statements)).toEqual(expected);
  });
});

describe('reference request 3: a catalog page', () => {
  const page = (first: number) =>
    count(() => t.graphql<{ items: { edges: unknown[] } }, { category: string; first: number }>(GRAPHQL_CATALOG, { category: categorySlug, first }));

  it('takes one statement, the page with its authors and categories, for 5 rows and for a full page', async () => {
    const small = await page(5);
    const large = await page(50);
    expect(small.result.errors).toBeUndefined();
    expect(large.result.errors).toBeUndefined();
    expect(small.result.data!.items.edges).toHaveLength(5);
    expect(large.result.data!.items.edges.length).toBeGreaterThan(5);
    expect(tablesOf(small.statements)).toEqual(['items']);
    expect(tablesOf(large.statements)).toEqual(['items']);
    expect(itemsStatement(large.statements)).toContain('"a"."username"');
    // A card page: the same statement without the wide columns.
    expect(itemsStatement(large.statements)).not.toContain('"description"');
  });

  it('never reads a password hash', async () => {
    expectNoSecretsRead((await page(50)).statements);
  });
});
