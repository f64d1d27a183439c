// Statement counts of catalog reads: a page of items with author and category is loaded
// in a constant number of SQL statements, whatever its size; so is its authors' view
// with each item's sales (salesCount from the row, revenue and earnings grouped).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { rowByRowLoads, tablesOf } from '../support/statements';

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(() => t.close());

async function statementsFor(first: number) {
  const query = `{ items(first: ${first}, filter: { category: "themes" }, sort: PRICE_ASC) { edges { node { name author { username } category { name } } } } }`;
  t.statements.length = 0;
  const { data, errors } = await t.graphql<{ items: { edges: unknown[] } }>(query);
  expect(errors).toBeUndefined();
  return { rows: data!.items.edges.length, statements: [...t.statements] };
}

describe('catalog statement counts', () => {
  it('is the same for a page of 5 as for a page of 50', async () => {
    const small = await statementsFor(5);
    const large = await statementsFor(50);
    expect(small.rows).toBe(5);
    expect(large.rows).toBeGreaterThan(5);
    // One statement: the page, its authors and its categories joined.
    expect(tablesOf(small.statements)).toEqual(['items']);
    expect(tablesOf(large.statements)).toEqual(['items']);
  });

  it('is the same for a page of 5 as for a page of 50 with salesCount, revenue and earnings (one grouped statement)', async () => {
    const token = await tokenFor(t, 'codecraft', ['sales:read']);
    const query = (first: number) =>
      `{ items(first: ${first}, filter: { author: "codecraft" }, sort: BEST_SELLING) { edges { node { name salesCount revenue { cents } earnings { cents } author { username } } } } }`;
    // The token's first use records lastUsedAt in the background: let that write happen first.
    await t.graphql(query(1), {}, { token });
    for (let i = 0; i < 100; i++) {
      if (await t.db.prisma.personalAccessToken.findFirst({ where: { lastUsedAt: { not: null } } })) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const measure = async (first: number) => {
      t.statements.length = 0;
      const { data, errors } = await t.graphql<{ items: { edges: Array<{ node: { revenue: { cents: number } | null } }> } }>(
        query(first),
        {},
        { token },
      );
      expect(errors).toBeUndefined();
      for (const { node } of data!.items.edges) expect(node.revenue).not.toBeNull();
      return { rows: data!.items.edges.length, statements: [...t.statements] };
    };
    const small = await measure(5);
    const large = await measure(50);
    expect(small.rows).toBe(5);
    expect(large.rows).toBe(50);
    // The token, the page (salesCount is a column of it, its authors joined), and one statement for every item's sales.
    const expected = ['items', 'personal_access_tokens', 'purchases'];
    expect(tablesOf(small.statements)).toEqual(expected);
    expect(tablesOf(large.statements)).toEqual(expected);
    expect(large.statements.find((sql) => tablesOf([sql])[0] === 'purchases')).toMatch(/GROUP BY/);
    expect(rowByRowLoads(large.statements)).toEqual([]);
  });
});
