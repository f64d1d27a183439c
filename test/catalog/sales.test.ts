// Sales in the catalog: Item.salesCount (public, the purchases not refunded, kept on the
// item's row by the purchase's transaction), the BEST_SELLING order with its paging, and
// Item.revenue / Item.earnings for the item's author only. Every expectation is computed
// here from the purchases, never from the counter it checks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../../src/generated/gql';
import { accountId, tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { checkLedgerInvariants, itemGlobalId, setBalance } from '../purchases/support';

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(() => t.close());

const BestSelling = graphql(`
  query BestSelling($first: Int, $after: String, $last: Int, $before: String, $filter: CatalogFilter) {
    items(first: $first, after: $after, last: $last, before: $before, filter: $filter, sort: BEST_SELLING) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { databaseId name salesCount } }
    }
  }
`);

const AuthorItems = graphql(`
  query AuthorItemsWithSales($author: String!, $first: Int) {
    items(first: $first, filter: { author: $author }, sort: BEST_SELLING) {
      edges { node { databaseId name salesCount revenue { cents currency } earnings { cents amount } } }
    }
  }
`);

/** Per item id, what its purchases that were not refunded add up to: read from the purchases themselves. */
async function salesByItem() {
  const groups = await t.db.prisma.purchase.groupBy({
    by: ['itemId'],
    where: { refundState: { not: 'REFUNDED' } },
    _count: { _all: true },
    _sum: { pricePaidCents: true, authorEarningsCents: true },
  });
  return new Map(
    groups.map((group) => [
      group.itemId,
      { count: group._count._all, gross: group._sum.pricePaidCents ?? 0, earnings: group._sum.authorEarningsCents ?? 0 },
    ]),
  );
}

/** The listed items in BEST_SELLING order, computed from the purchases: most sales first, then the higher id. */
async function expectedBestSelling(): Promise<Array<{ databaseId: number; salesCount: number }>> {
  const sales = await salesByItem();
  const listed = await t.db.prisma.item.findMany({ where: { status: 'PUBLISHED' }, select: { id: true } });
  return listed
    .map((item) => ({ databaseId: item.id, salesCount: sales.get(item.id)?.count ?? 0 }))
    .sort((a, b) => b.salesCount - a.salesCount || b.databaseId - a.databaseId);
}

async function bestSellingPage(first: number, after: string | null) {
  const { data, errors } = await t.graphql(BestSelling, { first, after });
  expect(errors).toBeUndefined();
  return data!.items;
}

async function walkForward(first: number) {
  const seen: Array<{ databaseId: number; salesCount: number }> = [];
  let after: string | null = null;
  let pages = 0;
  do {
    const page = await bestSellingPage(first, after);
    seen.push(...page.edges.map(({ node }) => ({ databaseId: node.databaseId, salesCount: node.salesCount })));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    pages += 1;
  } while (after);
  return { seen, pages };
}

describe('Item.salesCount', () => {
  it('is, for every listed item, the number of its purchases that were not refunded', async () => {
    const expected = await expectedBestSelling();
    const { seen } = await walkForward(100);
    const counted = new Map(seen.map((item) => [item.databaseId, item.salesCount]));
    expect(counted.size).toBe(expected.length);
    for (const item of expected) expect(counted.get(item.databaseId), `item ${item.databaseId}`).toBe(item.salesCount);
    // The demo data has best sellers, unsold items, and refunds that are not counted.
    expect(expected[0]!.salesCount).toBeGreaterThan(1);
    expect(expected.at(-1)!.salesCount).toBe(0);
    const refunded = await t.db.prisma.purchase.findFirstOrThrow({ where: { refundState: 'REFUNDED' }, select: { itemId: true } });
    const all = await t.db.prisma.purchase.count({ where: { itemId: refunded.itemId } });
    const item = await t.db.prisma.item.findUniqueOrThrow({ where: { id: refunded.itemId } });
    expect(item.salesCount).toBeLessThan(all);
  });

  it('is public: anonymous callers read it', async () => {
    const { data, errors } = await t.graphql(BestSelling, { first: 3 });
    expect(errors).toBeUndefined();
    expect(data!.items.edges).toHaveLength(3);
  });

  it('counts a purchase in the purchase’s transaction: once, not for a replay, not for a refused purchase', async () => {
    const johndoe = await accountId(t, 'johndoe');
    const token = await tokenFor(t, 'johndoe', ['purchase:create']);
    const owned = await t.db.prisma.purchase.findMany({ where: { buyerId: johndoe }, select: { itemId: true } });
    const item = await t.db.prisma.item.findFirstOrThrow({
      where: { status: 'PUBLISHED', authorId: { not: johndoe }, id: { notIn: owned.map((p) => p.itemId) }, regularPriceCents: { gt: 0 } },
      orderBy: { id: 'asc' },
    });
    const count = async () => (await t.db.prisma.item.findUniqueOrThrow({ where: { id: item.id } })).salesCount;
    const before = await count();
    const updatedAt = (await t.db.prisma.item.findUniqueOrThrow({ where: { id: item.id } })).updatedAt;
    const buy = (idempotencyKey: string) =>
      t.graphql(
        `mutation($itemId: ID!, $key: String) { purchaseItem(input: { itemId: $itemId, license: REGULAR, idempotencyKey: $key }) { replayed } }`,
        { itemId: itemGlobalId(item.id), key: idempotencyKey },
        { token },
      );

    // Refused (the balance is a cent short): nothing is counted, as nothing is charged.
    await setBalance(t, johndoe, item.regularPriceCents - 1);
    const refused = await buy('sales-count-refused');
    expect(refused.errors?.[0]?.extensions?.code).toBe('INSUFFICIENT_FUNDS');
    expect(await count()).toBe(before);

    await setBalance(t, johndoe, item.regularPriceCents * 3);
    const first = await buy('sales-count-1');
    expect(first.errors).toBeUndefined();
    expect(await count()).toBe(before + 1);
    // A retry with the same key replays the purchase: no second sale.
    const replay = await buy('sales-count-1');
    expect((replay.data as { purchaseItem: { replayed: boolean } }).purchaseItem.replayed).toBe(true);
    expect(await count()).toBe(before + 1);
    // The count agrees with the purchases, and is no edit of the item (updatedAt stays).
    expect((await salesByItem()).get(item.id)?.count).toBe(before + 1);
    expect((await t.db.prisma.item.findUniqueOrThrow({ where: { id: item.id } })).updatedAt).toEqual(updatedAt);
    await checkLedgerInvariants(t);
  });
});

describe('sort: BEST_SELLING', () => {
  it('orders by sales, most first, ties by the higher id; cursors page through it without repeats or gaps', async () => {
    const expected = await expectedBestSelling();
    // Ties on the sales count are common: the id decides.
    expect(new Set(expected.map((item) => item.salesCount)).size).toBeLessThan(expected.length / 4);
    const { seen, pages } = await walkForward(37);
    expect(pages).toBe(Math.ceil(expected.length / 37));
    expect(seen).toEqual(expected);
  });

  it('pages backwards too (last/before), in the same order', async () => {
    const expected = await expectedBestSelling();
    const tail = await t.graphql(BestSelling, { last: 25 });
    expect(tail.errors).toBeUndefined();
    expect(tail.data!.items.edges.map(({ node }) => node.databaseId)).toEqual(expected.slice(-25).map((item) => item.databaseId));
    const before = await t.graphql(BestSelling, { last: 25, before: tail.data!.items.pageInfo.startCursor });
    expect(before.data!.items.edges.map(({ node }) => node.databaseId)).toEqual(expected.slice(-50, -25).map((item) => item.databaseId));
    expect(before.data!.items.pageInfo.hasPreviousPage).toBe(true);
  });

  it('combines with the catalog filters', async () => {
    const author = 'codecraft';
    const authorId = await accountId(t, author);
    const mine = new Set(
      (await t.db.prisma.item.findMany({ where: { authorId, status: 'PUBLISHED' }, select: { id: true } })).map((item) => item.id),
    );
    const expected = (await expectedBestSelling()).filter((item) => mine.has(item.databaseId));
    const { data, errors } = await t.graphql(BestSelling, { first: 100, filter: { author } });
    expect(errors).toBeUndefined();
    expect(data!.items.totalCount).toBe(expected.length);
    expect(data!.items.edges.map(({ node }) => ({ databaseId: node.databaseId, salesCount: node.salesCount }))).toEqual(expected);
  });
});

describe('Item.revenue and Item.earnings', () => {
  it('give the item’s author what its sales not refunded brought: gross and the author’s share', async () => {
    for (const author of ['pixelforge', 'soundwave']) {
      const token = await tokenFor(t, author, ['sales:read']);
      const sales = await salesByItem();
      const { data, errors } = await t.graphql(AuthorItems, { author, first: 100 }, { token });
      expect(errors).toBeUndefined();
      const edges = data!.items.edges;
      expect(edges.length).toBeGreaterThan(10);
      let gross = 0;
      for (const { node } of edges) {
        const expected = sales.get(node.databaseId) ?? { count: 0, gross: 0, earnings: 0 };
        expect(node.revenue, node.name).toEqual({ cents: expected.gross, currency: 'USD' });
        expect(node.earnings, node.name).toEqual({ cents: expected.earnings, amount: (expected.earnings / 100).toFixed(2) });
        expect(node.salesCount).toBe(expected.count);
        gross += expected.gross;
      }
      expect(gross).toBeGreaterThan(0);
      // Over the author's listed items, revenue is what salesSummary counts for them.
      const listed = edges.map(({ node }) => node.databaseId);
      const totals = await t.db.prisma.purchase.aggregate({
        where: { itemId: { in: listed }, refundState: { not: 'REFUNDED' } },
        _sum: { pricePaidCents: true },
      });
      expect(gross).toBe(totals._sum.pricePaidCents);
    }
  });

  it('are refused to anyone else: null with an error at each, the item and its salesCount stand', async () => {
    const cases = [
      { who: 'another author', token: await tokenFor(t, 'codecraft', ['sales:read']), code: 'FORBIDDEN' },
      { who: 'the author without sales:read', token: await tokenFor(t, 'pixelforge', ['items:read']), code: 'FORBIDDEN' },
      { who: 'an anonymous caller', token: undefined, code: 'UNAUTHENTICATED' },
    ];
    for (const { who, token, code } of cases) {
      const answer = await t.graphql(AuthorItems, { author: 'pixelforge', first: 3 }, { token });
      expect(answer.status, who).toBe(200);
      const edges = answer.data!.items.edges;
      expect(edges, who).toHaveLength(3);
      for (const { node } of edges) {
        expect(node.name, who).toMatch(/\w/);
        expect(node.salesCount, who).toBeGreaterThanOrEqual(0);
        expect(node.revenue, who).toBeNull();
        expect(node.earnings, who).toBeNull();
      }
      const paths = (answer.errors ?? []).map((error) => error.path!.join('.')).sort();
      expect(paths, who).toEqual([0, 1, 2].flatMap((index) => [`items.edges.${index}.node.earnings`, `items.edges.${index}.node.revenue`]).sort());
      for (const error of answer.errors!) expect(error.extensions?.code, who).toBe(code);
    }
    const scoped = await t.graphql(AuthorItems, { author: 'pixelforge', first: 1 }, { token: await tokenFor(t, 'pixelforge', ['items:read']) });
    expect(scoped.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScopes: ['sales:read'] });
  });

  it('on a page of mixed authors, are answered for the viewer’s items only', async () => {
    const token = await tokenFor(t, 'framelight', ['sales:read']);
    const framelight = await accountId(t, 'framelight');
    const { data, errors } = await t.graphql(
      `{ items(first: 100, sort: BEST_SELLING) { edges { node { databaseId author { username } revenue { cents } } } } }`,
      {},
      { token },
    );
    const edges = (
      data as { items: { edges: Array<{ node: { databaseId: number; author: { username: string }; revenue: { cents: number } | null } }> } }
    ).items.edges;
    const sales = await salesByItem();
    const own = edges.filter(({ node }) => node.author.username === 'framelight');
    expect(own.length).toBeGreaterThan(0);
    for (const { node } of own) expect(node.revenue).toEqual({ cents: sales.get(node.databaseId)?.gross ?? 0 });
    const others = edges.filter(({ node }) => node.author.username !== 'framelight');
    for (const { node } of others) expect(node.revenue).toBeNull();
    expect(errors).toHaveLength(others.length);
    expect(await t.db.prisma.item.count({ where: { id: { in: own.map(({ node }) => node.databaseId) }, authorId: framelight } })).toBe(own.length);
  });
});
