// Statement counts of a purchases page: the page, its items, their authors and categories
// are loaded by a constant number of SQL statements, the same for 10 rows as for 100 (the
// items' loader reads their authors and categories in its one statement).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../../src/generated/gql';
import { tokenFor } from '../support/accounts';
import { insertPurchases } from '../support/purchases';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { rowByRowLoads, tablesOf } from '../support/statements';

let t: TestGateway;
let token: string;

const PurchasesPage = graphql(`
  query PurchasesPageForCount($first: Int!) {
    viewer {
      purchases(first: $first) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges {
          node {
            code
            purchasedAt
            price { cents }
            item { name price { regular { cents } } author { username } category { name } }
          }
        }
      }
    }
  }
`);

beforeAll(async () => {
  t = await startTestGateway();
  // A buyer with 120 purchases of many different items (authors, categories), inserted
  // directly: this file measures reads only.
  const buyer = await t.db.prisma.account.findFirstOrThrow({ where: { role: 'BUYER', username: { not: 'johndoe' } }, orderBy: { id: 'desc' } });
  const items = await t.db.prisma.item.findMany({ where: { status: 'PUBLISHED' }, orderBy: { id: 'asc' }, take: 120 });
  const base = Date.parse('2026-02-01T00:00:00Z');
  // Groups of three share an instant: ties on purchasedAt, as in real carts.
  await insertPurchases(t, buyer.id, items, (index) => new Date(base + Math.floor(index / 3) * 60_000));
  token = await tokenFor(t, buyer.username, ['purchase:list']);
  // The token's first use records lastUsedAt in the background: let that write happen
  // before anything is measured.
  await t.graphql(PurchasesPage, { first: 1 }, { token });
  for (let i = 0; i < 100; i++) {
    const record = await t.db.prisma.personalAccessToken.findFirst({ where: { lastUsedAt: { not: null } }, orderBy: { id: 'desc' } });
    if (record) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
});
afterAll(() => t.close());

async function statementsFor(first: number) {
  t.statements.length = 0;
  const { data, errors } = await t.graphql(PurchasesPage, { first }, { token });
  const statements = [...t.statements];
  expect(errors).toBeUndefined();
  const edges = data!.viewer!.purchases.edges;
  for (const { node } of edges) {
    expect(node.item!.author.username).toMatch(/\w/);
    expect(node.item!.category.name).toMatch(/\w/);
  }
  return { rows: edges.length, statements };
}

const SalesPage = graphql(`
  query SalesPageForCount($first: Int!) {
    viewer {
      sales(first: $first) {
        totalCount
        edges { node { code authorEarnings { cents } buyer { username } item { name category { name } } } }
      }
    }
  }
`);

describe('purchases page statement counts', () => {
  it('is the same small number for a page of 10 as for a page of 100', async () => {
    const small = await statementsFor(10);
    const large = await statementsFor(100);
    expect(small.rows).toBe(10);
    expect(large.rows).toBe(100);
    // Printed for the record (the report quotes them).
    console.log(`purchases page: ${large.statements.length} statements\n${large.statements.join('\n---\n')}`);
    // The token, the page and its total, then the items with their authors and categories.
    const expected = ['items', 'personal_access_tokens', 'purchases', 'purchases'];
    expect(tablesOf(small.statements)).toEqual(expected);
    expect(tablesOf(large.statements)).toEqual(expected);
    // Nothing is loaded row by row: no statement looks up one item, account or category by id.
    expect(rowByRowLoads(large.statements)).toEqual([]);
  });

  it('holds for an author’s sales page too (buyers and items loaded with the page)', async () => {
    // The author with the most sales.
    const [top] = await t.db.prisma.purchase.groupBy({
      by: ['authorId'],
      _count: { _all: true },
      orderBy: { _count: { authorId: 'desc' } },
      take: 1,
    });
    const author = await t.db.prisma.account.findUniqueOrThrow({ where: { id: top!.authorId } });
    const salesToken = await tokenFor(t, author.username, ['sales:read']);
    await t.graphql(SalesPage, { first: 1 }, { token: salesToken });
    await new Promise((resolve) => setTimeout(resolve, 100)); // the token's lastUsedAt write
    const measure = async (first: number) => {
      t.statements.length = 0;
      const { data, errors } = await t.graphql(SalesPage, { first }, { token: salesToken });
      expect(errors).toBeUndefined();
      return { rows: data!.viewer!.sales.edges.length, statements: tablesOf(t.statements) };
    };
    const small = await measure(5);
    const large = await measure(100);
    expect(large.rows).toBeGreaterThan(small.rows);
    // The buyers' loader, and the items' with their categories.
    const expected = ['accounts', 'items', 'personal_access_tokens', 'purchases', 'purchases'];
    expect(small.statements).toEqual(expected);
    expect(large.statements).toEqual(expected);
  });
});
