// Parity: for the same token, the REST paths and GraphQL return the same records, in the
// same order (REST runs the same schema; this catches a mapping or paging mistake).
import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../../src/accounts/scopes';
import { tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';

let t: TestGateway;
let john: string;
let author: string;

const SCOPES: Scope[] = ['user:account', 'items:read', 'purchase:list', 'sales:read', 'statements:read', 'user:collections'];

beforeAll(async () => {
  t = await startTestGateway();
  john = await tokenFor(t, 'johndoe', SCOPES, { name: 'parity' });
  author = await tokenFor(t, 'pixelforge', SCOPES, { name: 'parity' });
});
afterAll(() => t.close());

async function rest(path: string, token?: string) {
  const response = await t.request(path, { token });
  expect(response.status, path).toBe(200);
  return response.json();
}

/** Every record of a v1 list, page by page. */
async function allPages(path: string, token: string | undefined, perPage: number) {
  const records: Array<Record<string, unknown>> = [];
  const join = path.includes('?') ? '&' : '?';
  for (let page = 1; ; page++) {
    const body = await rest(`${path}${join}per_page=${perPage}&page=${page}`, token);
    records.push(...body.data);
    if (page >= body.meta.total_pages) return { records, total: body.meta.total as number };
  }
}

/** Every record of a v1 list, following nextCursor. */
async function allCursors(path: string, token: string | undefined, perPage: number) {
  const records: Array<Record<string, unknown>> = [];
  const join = path.includes('?') ? '&' : '?';
  let cursor = '';
  for (;;) {
    const body = await rest(`${path}${join}per_page=${perPage}&cursor=${encodeURIComponent(cursor)}`, token);
    records.push(...body.data);
    if (!body.pagination.hasMore) {
      expect(body.pagination.nextCursor).toBeUndefined();
      return { records, total: body.pagination.total as number };
    }
    cursor = body.pagination.nextCursor;
  }
}

/** Every node of a GraphQL connection, 100 at a time. */
async function graphqlAll<Node>(
  query: string,
  pick: (data: never) => { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ node: Node }> },
  token?: string,
  variables: Record<string, unknown> = {},
) {
  const nodes: Node[] = [];
  let after: string | null = null;
  for (;;) {
    const { data, errors } = await t.graphql(query, { ...variables, after } as never, { token });
    expect(errors).toBeUndefined();
    const connection = pick(data as never);
    nodes.push(...connection.edges.map((edge) => edge.node));
    if (!connection.pageInfo.hasNextPage) return { nodes, total: connection.totalCount };
    after = connection.pageInfo.endCursor;
  }
}

const PAGE = 'totalCount pageInfo { hasNextPage endCursor }';

describe('parity of REST and GraphQL', () => {
  it('account details', async () => {
    const body = await rest('/api/v1/account/details', john);
    const { data } = await t.graphql<{ viewer: { username: string; email: string; balance: { amount: string } } }>(
      '{ viewer { username email balance { amount } } }',
      undefined,
      { token: john },
    );
    expect(body.data).toMatchObject({ username: data!.viewer.username, email: data!.viewer.email, balance: Number(data!.viewer.balance.amount) });
  });

  it('purchases: same codes, order and values; pages, cursors and the reverse sort agree', async () => {
    const graph = await graphqlAll<{ code: string; purchasedAt: string; price: { amount: string }; item: { databaseId: number } }>(
      `query ($after: String) { viewer { purchases(first: 100, after: $after) { ${PAGE} edges { node { code purchasedAt price { amount } item { databaseId } } } } } }`,
      (data: { viewer: { purchases: never } }) => data.viewer.purchases,
      john,
    );
    const pages = await allPages('/api/v1/purchases', john, 5);
    expect(pages.total).toBe(graph.total);
    expect(pages.records.map((p) => p.purchase_code)).toEqual(graph.nodes.map((n) => n.code));
    pages.records.forEach((record, index) => {
      const node = graph.nodes[index]!;
      expect(record.price).toBe(Number(node.price.amount));
      expect(Date.parse(record.date as string)).toBe(Date.parse(node.purchasedAt));
      expect((record.item as { id: number }).id).toBe(node.item.databaseId);
    });
    const cursors = await allCursors('/api/v1/purchases', john, 5);
    expect(cursors.records).toEqual(pages.records);
    const oldestFirst = await allPages('/api/v1/purchases?sort=date', john, 5);
    expect(oldestFirst.records).toEqual([...pages.records].reverse());
    const user = await rest('/api/user/purchases', john);
    expect(user.data.map((p: { product_id: number }) => p.product_id)).toEqual(graph.nodes.map((n) => n.item.databaseId));
  });

  it('catalog items: same ids for each sort, filters and search; pages and cursors agree', async () => {
    const cases: Array<{ rest: string; sort: string; filter: Record<string, unknown>; reverse?: boolean }> = [
      { rest: '/api/v1/catalog/items', sort: 'NEWEST', filter: {} },
      { rest: '/api/v1/catalog/items?sort=price&filter[type]=theme', sort: 'PRICE_ASC', filter: { type: 'THEME' } },
      { rest: '/api/v1/catalog/items?sort=-name&filter[category]=audio', sort: 'NAME', filter: { category: 'audio' }, reverse: true },
      { rest: '/api/v1/catalog/items?sort=downloads&filter[max_price]=30', sort: 'POPULAR', filter: { maxPrice: '30' }, reverse: true },
      {
        rest: '/api/v1/catalog/items?search=wordpress&filter[author]=pixelforge',
        sort: 'NEWEST',
        filter: { text: 'wordpress', author: 'pixelforge' },
      },
      { rest: '/api/v1/catalog/items?filter[tags]=responsive,clean&sort=-price', sort: 'PRICE_DESC', filter: { tags: ['responsive', 'clean'] } },
    ];
    for (const c of cases) {
      const graph = await graphqlAll<{ databaseId: number }>(
        `query ($after: String, $sort: CatalogSort, $filter: CatalogFilter) { items(first: 100, after: $after, sort: $sort, filter: $filter) { ${PAGE} edges { node { databaseId } } } }`,
        (data: { items: never }) => data.items,
        undefined,
        { sort: c.sort, filter: c.filter },
      );
      const expected = graph.nodes.map((node) => node.databaseId);
      if (c.reverse) expected.reverse();
      expect(expected.length, c.rest).toBeGreaterThan(0);
      const pages = await allPages(c.rest, undefined, 30);
      expect(pages.total, c.rest).toBe(graph.total);
      expect(
        pages.records.map((item) => item.id),
        c.rest,
      ).toEqual(expected);
      const cursors = await allCursors(c.rest, undefined, 45);
      expect(
        cursors.records.map((item) => item.id),
        c.rest,
      ).toEqual(expected);
    }
  });

  it('products: the catalog, newest first', async () => {
    const graph = await graphqlAll<{ databaseId: number; slug: string }>(
      `query ($after: String) { items(first: 100, after: $after) { ${PAGE} edges { node { databaseId slug } } } }`,
      (data: { items: never }) => data.items,
    );
    const products: number[] = [];
    for (let offset = 0; offset < graph.total; offset += 100) {
      products.push(...(await rest(`/api/products?limit=100&offset=${offset}`)).data.map((p: { id: number }) => p.id));
    }
    expect(products).toEqual(graph.nodes.map((node) => node.databaseId));
  });

  it("an author's own items: /api/v1/items and /api/items/all", async () => {
    const graph = await graphqlAll<{ databaseId: number; status: string }>(
      `query ($after: String) { viewer { items(first: 100, after: $after) { ${PAGE} edges { node { databaseId status } } } } }`,
      (data: { viewer: { items: never } }) => data.viewer.items,
      author,
    );
    expect(graph.nodes.some((node) => node.status === 'DRAFT')).toBe(true);
    const pages = await allPages('/api/v1/items', author, 7);
    expect(pages.records.map((item) => item.id)).toEqual(graph.nodes.map((node) => node.databaseId));
    expect(pages.records.map((item) => item.status)).toEqual(graph.nodes.map((node) => node.status.toLowerCase()));
    const drafts = await allPages('/api/v1/items?filter[status]=draft', author, 100);
    expect(drafts.records.map((item) => item.id)).toEqual(graph.nodes.filter((n) => n.status === 'DRAFT').map((n) => n.databaseId));
    const legacy = await rest('/api/items/all', author);
    expect(legacy.items.map((item: { id: number }) => item.id)).toEqual(graph.nodes.map((node) => node.databaseId));
  });

  it('favorites', async () => {
    const graph = await graphqlAll<{ databaseId: number }>(
      `query ($after: String) { viewer { favorites(first: 100, after: $after) { ${PAGE} edges { node { databaseId } } } } }`,
      (data: { viewer: { favorites: never } }) => data.viewer.favorites,
      john,
    );
    expect(graph.nodes.length).toBeGreaterThan(0);
    const pages = await allPages('/api/v1/favorites', john, 2);
    expect(pages.records.map((f) => f.item_id)).toEqual(graph.nodes.map((node) => node.databaseId));
    const oldestFirst = await allPages('/api/v1/favorites?sort=favorited_at', john, 2);
    expect(oldestFirst.records).toEqual([...pages.records].reverse());
  });

  it('statements and sales', async () => {
    const lines = await graphqlAll<{ id: string; amount: { amount: string } }>(
      `query ($after: String) { viewer { statement(first: 100, after: $after) { ${PAGE} edges { node { id amount { amount } } } } } }`,
      (data: { viewer: { statement: never } }) => data.viewer.statement,
      john,
    );
    const statement = await allPages('/api/v1/statements', john, 10);
    expect(statement.records.map((line) => line.id)).toEqual(lines.nodes.map((node) => Number(decodeGlobalID(node.id).id)));
    expect(statement.records.map((line) => line.amount)).toEqual(lines.nodes.map((node) => Number(node.amount.amount)));

    const sales = await graphqlAll<{ code: string }>(
      `query ($after: String) { viewer { sales(first: 100, after: $after) { ${PAGE} edges { node { code } } } } }`,
      (data: { viewer: { sales: never } }) => data.viewer.sales,
      author,
    );
    const restSales = await allCursors('/api/v1/sales', author, 100);
    expect(restSales.total).toBe(sales.total);
    expect(restSales.records.map((sale) => sale.purchase_code)).toEqual(sales.nodes.map((node) => node.code));
  });
});
