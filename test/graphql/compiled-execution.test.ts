// Compiled execution (graphql-jit, GRAPHQL_JIT) answers exactly what graphql-js's
// interpreter answers: the same pages, the same partial results and refusals, the same
// errors for bad variables. Two gateways on one database, one of each kind.
import { isInputObjectType, isNonNullType } from 'graphql';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config';
import { LocalFileStore } from '../../src/downloads/file-store';
import { getSchema } from '../../src/graphql/schema';
import { createGateway, type Gateway } from '../../src/server/app';
import { tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';

let t: TestGateway;
let interpreted: Gateway;
let token: string;

beforeAll(async () => {
  t = await startTestGateway({ GRAPHQL_JIT: 'true' });
  // The same configuration, interpreted.
  const config = { ...t.gateway.services.config, GRAPHQL_JIT: false };
  interpreted = createGateway({ config, db: t.db, logger: pino({ level: 'silent' }), fileStore: new LocalFileStore(config.FILES_DIR) });
  token = await tokenFor(t, 'johndoe', ['purchase:list']);
}, 120_000);

afterAll(async () => {
  await interpreted?.close();
  await t?.close();
});

async function answer(gateway: Gateway, body: unknown, bearer?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const response = await gateway.fetch(new Request('http://gateway.test/graphql', { method: 'POST', headers, body: JSON.stringify(body) }), {});
  // Correlation ids differ per request; everything else must not.
  const text = (await response.text()).replace(/"correlationId":"[^"]+"/g, '"correlationId":"…"');
  return { status: response.status, body: JSON.parse(text) as unknown };
}

const CASES: Array<{ name: string; body: unknown; withToken?: boolean }> = [
  {
    name: 'a purchases page with items, authors and categories',
    withToken: true,
    body: {
      query: `query CompiledPurchases($first: Int!) { viewer { username purchases(first: $first) { totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node { code purchasedAt licenseType item { name slug price { regular { amount currency } } author { username } category { name parent { name } } } } } } } }`,
      variables: { first: 5 },
    },
  },
  {
    name: 'a catalog page with a filter and a sort',
    body: {
      query: `query CompiledCatalog($category: String, $sort: CatalogSort) { items(first: 10, filter: { category: $category }, sort: $sort) {
        edges { node { databaseId name salesCount author { username email } category { slug } } } } }`,
      variables: { category: 'themes', sort: 'BEST_SELLING' },
    },
  },
  {
    name: 'partial results: a refused field beside a public one',
    withToken: true,
    body: { query: 'query CompiledPartial { items(first: 2) { edges { node { name } } } viewer { username email favorites { totalCount } } }' },
  },
  {
    name: 'a variable that cannot be coerced, deep in an input',
    withToken: true,
    body: {
      query: 'query CompiledBadVariable($filter: ItemFilter) { items(first: 2, filter: $filter) { totalCount } }',
      variables: { filter: { category: 'themes', minPrice: 'cheap' } },
    },
  },
  {
    name: 'a page size over the limit',
    body: { query: 'query CompiledTooBig { items(first: 1000) { totalCount } }' },
  },
];

describe('compiled execution', () => {
  it('is what the gateway runs by default', () => {
    expect(testConfig({}).GRAPHQL_JIT).toBe(true);
  });

  for (const { name, body, withToken } of CASES) {
    it(`answers like the interpreter: ${name}`, async () => {
      const compiled = await answer(t.gateway, body, withToken ? token : undefined);
      const plain = await answer(interpreted, body, withToken ? token : undefined);
      expect(compiled).toEqual(plain);
      // Not an empty agreement: each case answers something.
      expect(JSON.stringify(compiled.body).length).toBeGreaterThan(40);
    });
  }

  // graphql-jit refuses a variable that omits a required input field with a default
  // (graphql-js fills the default in). The schema must not rely on such a field.
  it('uses no required input field with a default, which graphql-jit would refuse when omitted', () => {
    const offending = Object.values(getSchema().getTypeMap())
      .filter(isInputObjectType)
      .flatMap((type) => Object.values(type.getFields()).map((field) => ({ name: `${type.name}.${field.name}`, field })))
      .filter(({ field }) => isNonNullType(field.type) && field.defaultValue !== undefined)
      .map(({ name }) => name);
    expect(offending).toEqual([]);
  });
});
