// Query protection refuses abusive operations before anything executes: no resolver
// runs and no SQL is sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway';

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(() => t.close());

async function refusedBeforeExecution(query: string, variables?: Record<string, unknown>) {
  t.statements.length = 0;
  const response = await t.graphql<unknown, Record<string, unknown>>(query, variables);
  expect(response.data ?? null).toBeNull();
  expect(response.errors?.length).toBeGreaterThan(0);
  expect(t.statements).toEqual([]);
  return response;
}

describe('query protection', () => {
  it('refuses a query deeper than the limit (12)', async () => {
    // item → category → parent → parent … : each hop adds depth.
    const deep = `{ item(slug: "x") { category { ${'parent { '.repeat(12)}name${' }'.repeat(12)} } } }`;
    const { errors } = await refusedBeforeExecution(deep);
    expect(errors![0]!.message).toMatch(/depth/i);
  });

  it('accepts the deepest realistic Relay query', async () => {
    const relay = '{ items(first: 1) { edges { node { versions(first: 1) { edges { node { item { author { username } } } } } } } } }';
    const { errors } = await t.graphql(relay);
    expect(errors).toBeUndefined();
  });

  it('refuses an alias bomb', async () => {
    const aliases = Array.from({ length: 50 }, (_, i) => `a${i}: categories { slug }`).join(' ');
    const { errors } = await refusedBeforeExecution(`{ ${aliases} }`);
    expect(errors![0]!.message).toMatch(/alias/i);
  });

  it('refuses an operation whose pages multiply past the cost limit, counting variables', async () => {
    const costly = `query Costly($n: Int) { items(first: $n) { edges { node { versions(first: $n) { edges { node { item { author { username } category { name } } } } } } } } }`;
    const { status, errors } = await refusedBeforeExecution(costly, { n: 100 });
    expect(status).toBe(400);
    expect(errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query' });
    expect(errors![0]!.message).toMatch(/costs \d+/);
    // The same operation with small pages runs.
    const small = await t.graphql(costly, { n: 3 });
    expect(small.errors).toBeUndefined();
  });

  it('refuses too many tokens', async () => {
    const fields = Array.from({ length: 2100 }, () => 'slug').join(' ');
    const { errors } = await refusedBeforeExecution(`{ categories { ${fields} } }`);
    expect(errors![0]!.message).toMatch(/token/i);
  });

  it('does not suggest field names outside development', async () => {
    const { errors } = await t.graphql('{ itemz { id } }');
    expect(errors![0]!.message).not.toMatch(/Did you mean/);
  });
});
