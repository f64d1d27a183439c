// Statement counts of catalog reads: a page of items with author and category is loaded
// in a constant number of SQL statements, whatever its size.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { tablesOf } from '../support/statements';

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
    // The page, then one statement for its authors and one for its categories.
    expect(tablesOf(small.statements)).toEqual(['accounts', 'categories', 'items']);
    expect(tablesOf(large.statements)).toEqual(['accounts', 'categories', 'items']);
  });
});
