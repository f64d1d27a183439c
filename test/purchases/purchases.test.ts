// A buyer's purchases over GraphQL: the newest-first connection (paging through ties),
// one purchase by code, who may read what (buyer, author, anyone else), scope refusals,
// and code verification that cannot be used to probe codes.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOHNDOE_PURCHASE_COUNT } from '../../src/db/seed';
import { graphql } from '../../src/generated/gql';
import { accountId, tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';

let t: TestGateway;
let johndoe: number;
/** Reads purchases only. */
let johnToken: string;
/** Another buyer who owns purchases too. */
let otherBuyer: { id: number; username: string; token: string };

beforeAll(async () => {
  t = await startTestGateway();
  johndoe = await accountId(t, 'johndoe');
  johnToken = await tokenFor(t, 'johndoe', ['purchase:list']);
  const other = await t.db.prisma.account.findFirstOrThrow({
    where: { role: 'BUYER', username: { not: 'johndoe' }, purchases: { some: {} } },
    orderBy: { id: 'asc' },
  });
  otherBuyer = { id: other.id, username: other.username, token: await tokenFor(t, other.username, ['purchase:list', 'statements:read']) };
});
afterAll(() => t.close());

const MyPurchases = graphql(`
  query MyPurchases($first: Int, $after: String, $last: Int, $before: String) {
    viewer {
      purchases(first: $first, after: $after, last: $last, before: $before) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges {
          cursor
          node {
            id
            code
            licenseType
            price { cents amount currency }
            purchasedAt
            supportedUntil
            downloaded
            refundState
            item { name }
            buyer { username }
          }
        }
      }
    }
  }
`);

const PurchaseByCode = graphql(`
  query PurchaseByCode($code: String!) {
    viewer { purchase(code: $code) { code licenseType item { name } buyer { username } } }
  }
`);

const VerifyPurchase = graphql(`
  query VerifyPurchase($code: String!) {
    verifyPurchase(code: $code) {
      code
      licenseType
      supportedUntil
      downloaded
      purchasedAt
      price { cents }
      authorEarnings { cents }
      platformFee { cents }
      item { name author { username } }
      buyer { username }
    }
  }
`);

const NodeAccountPurchases = graphql(`
  query NodeAccountPurchases($id: ID!) {
    node(id: $id) { ... on Account { username purchases(first: 5) { totalCount edges { node { code } } } } }
  }
`);

const NodePurchase = graphql(`
  query NodePurchase($id: ID!) {
    node(id: $id) { ... on Purchase { code } }
  }
`);

async function purchasesPage(variables: { first?: number; after?: string | null; last?: number; before?: string | null }) {
  const { data, errors } = await t.graphql(MyPurchases, variables, { token: johnToken });
  expect(errors).toBeUndefined();
  return data!.viewer!.purchases;
}

/** johndoe's purchases as the database orders them: newest first, id breaking ties. */
async function johnsCodesInOrder() {
  const rows = await t.db.prisma.purchase.findMany({
    where: { buyerId: johndoe },
    orderBy: [{ purchasedAt: 'desc' }, { id: 'desc' }],
    select: { code: true, purchasedAt: true },
  });
  return rows;
}

describe('viewer.purchases', () => {
  it('lists the viewer’s purchases newest first with their details', async () => {
    const { data, errors } = await t.graphql(MyPurchases, { first: 50 }, { token: johnToken });
    expect(errors).toBeUndefined();
    const connection = data!.viewer!.purchases;
    expect(connection.totalCount).toBe(JOHNDOE_PURCHASE_COUNT);
    expect(connection.edges).toHaveLength(JOHNDOE_PURCHASE_COUNT);
    expect(connection.edges.map((edge) => edge.node.code)).toEqual((await johnsCodesInOrder()).map((row) => row.code));
    for (const { node } of connection.edges) {
      expect(node.buyer.username).toBe('johndoe');
      expect(node.price.currency).toBe('USD');
      expect(node.price.amount).toBe((node.price.cents / 100).toFixed(2));
      expect(node.item!.name).toMatch(/\w/);
      expect(['REGULAR', 'EXTENDED']).toContain(node.licenseType);
      expect(node.refundState).toBe('NONE');
    }
    const dates = connection.edges.map((edge) => Date.parse(edge.node.purchasedAt));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
  });

  it('pages forward and backward through purchases bought at the same instant without repeats or gaps', async () => {
    const expected = (await johnsCodesInOrder()).map((row) => row.code);
    // The seed puts several of johndoe's purchases in one cart (same purchasedAt).
    const instants = (await johnsCodesInOrder()).map((row) => row.purchasedAt.getTime());
    expect(new Set(instants).size).toBeLessThan(instants.length);

    for (const size of [1, 2, 5]) {
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const page = await purchasesPage({ first: size, after });
        seen.push(...page.edges.map((edge) => edge.node.code));
        expect(page.pageInfo.hasPreviousPage || pages === 0).toBe(true);
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor! : null;
        pages += 1;
      } while (after);
      expect(seen).toEqual(expected);
      expect(pages).toBe(Math.ceil(expected.length / size));
    }

    const backwards: string[] = [];
    let before: string | null = null;
    do {
      const page = await purchasesPage({ last: 5, before });
      backwards.unshift(...page.edges.map((edge) => edge.node.code));
      before = page.pageInfo.hasPreviousPage ? page.pageInfo.startCursor! : null;
    } while (before);
    expect(backwards).toEqual(expected);
  });

  it('finds one purchase by its code, forgiving case and blanks; another buyer’s code or garbage is null', async () => {
    const [mine] = await johnsCodesInOrder();
    const found = await t.graphql(PurchaseByCode, { code: ` ${mine!.code.toUpperCase()} ` }, { token: johnToken });
    expect(found.errors).toBeUndefined();
    expect(found.data!.viewer!.purchase).toMatchObject({ code: mine!.code, buyer: { username: 'johndoe' } });

    const theirs = await t.db.prisma.purchase.findFirstOrThrow({ where: { buyerId: otherBuyer.id } });
    const other = await t.graphql(PurchaseByCode, { code: theirs.code }, { token: johnToken });
    expect(other.errors).toBeUndefined();
    expect(other.data!.viewer!.purchase).toBeNull();
    const garbage = await t.graphql(PurchaseByCode, { code: 'not-a-code' }, { token: johnToken });
    expect(garbage.errors).toBeUndefined();
    expect(garbage.data!.viewer!.purchase).toBeNull();
  });
});

describe('query cost', () => {
  // The page the batching requirement is about must pass the default cost limit
  // (src/limits/query-protection.ts). Note for the owner of src/graphql/builder.ts:
  // fieldComplexity returns a plain 1 for `edges`, and @pothos/plugin-complexity then adds
  // its default list multiplier (10) on top of the connection's `first`, so this page costs
  // 7102 rather than about 700; richer rows will hit the limit 10× too early.
  it('accepts a page of 100 purchases with item, author and category under the default limit', async () => {
    const { errors } = await t.graphql(
      `{ viewer { purchases(first: 100) { totalCount edges { node { code purchasedAt price { cents } item { name price { regular { cents } } author { username } category { name } } } } } } }`,
      {},
      { token: johnToken },
    );
    expect(errors).toBeUndefined();
  });
});

describe('a withdrawn item', () => {
  it('does not take the buyer’s purchase list down with it', async () => {
    const [newest] = await t.db.prisma.purchase.findMany({
      where: { buyerId: johndoe },
      orderBy: [{ purchasedAt: 'desc' }, { id: 'desc' }],
      take: 1,
      include: { item: true },
    });
    await t.db.prisma.item.update({ where: { id: newest!.itemId }, data: { status: 'REMOVED' } });
    try {
      const { data, errors } = await t.graphql(MyPurchases, { first: 50 }, { token: johnToken });
      const edges = data!.viewer!.purchases.edges;
      expect(edges).toHaveLength(JOHNDOE_PURCHASE_COUNT);
      expect(edges[0]!.node).toMatchObject({ code: newest!.code, item: null });
      expect(edges.slice(1).every((edge) => edge.node.item !== null)).toBe(true);
      // A withdrawn item is simply not there any more: null, and no error for it.
      expect(errors).toBeUndefined();
    } finally {
      await t.db.prisma.item.update({ where: { id: newest!.itemId }, data: { status: newest!.item.status } });
    }
  });
});

describe('ownership', () => {
  it('shows one buyer nothing of another’s purchases, by any route', async () => {
    // Their own list holds only their purchases.
    const own = await t.graphql(MyPurchases, { first: 20 }, { token: otherBuyer.token });
    expect(own.errors).toBeUndefined();
    expect(own.data!.viewer!.purchases.edges.every((edge) => edge.node.buyer.username === otherBuyer.username)).toBe(true);
    const johnsCodes = new Set((await johnsCodesInOrder()).map((row) => row.code));
    expect(own.data!.viewer!.purchases.edges.some((edge) => johnsCodes.has(edge.node.code))).toBe(false);

    // johndoe's account reached through node(id:): its purchases are refused.
    const viaNode = await t.graphql(NodeAccountPurchases, { id: encodeGlobalID('Account', johndoe) }, { token: otherBuyer.token });
    expect(viaNode.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(viaNode.errors?.[0]?.path).toEqual(['node', 'purchases']);
    expect(JSON.stringify(viaNode.data ?? null)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);

    // One of johndoe's purchases by global id.
    const johnsPurchase = await t.db.prisma.purchase.findFirstOrThrow({ where: { buyerId: johndoe } });
    // It answers exactly as an id that names nothing: null, no error that tells them apart.
    const node = await t.graphql(NodePurchase, { id: encodeGlobalID('Purchase', johnsPurchase.id) }, { token: otherBuyer.token });
    const unknown = await t.graphql(NodePurchase, { id: encodeGlobalID('Purchase', 2_000_000_000) }, { token: otherBuyer.token });
    expect(node.errors).toBeUndefined();
    expect(node.data).toEqual({ node: null });
    expect(unknown).toEqual({ ...node, headers: unknown.headers });

    // ... and by code.
    const byCode = await t.graphql(PurchaseByCode, { code: johnsPurchase.code }, { token: otherBuyer.token });
    expect(byCode.data!.viewer!.purchase).toBeNull();
  });

  it('lets the buyer read their purchase by global id, but not its earnings and fee', async () => {
    const mine = await t.db.prisma.purchase.findFirstOrThrow({ where: { buyerId: johndoe } });
    const node = await t.graphql(NodePurchase, { id: encodeGlobalID('Purchase', mine.id) }, { token: johnToken });
    expect(node.errors).toBeUndefined();
    expect(node.data!.node).toEqual({ code: mine.code });

    const { data, errors } = await t.graphql(
      `query { viewer { purchases(first: 1) { edges { node { code authorEarnings { cents } } } } } }`,
      {},
      { token: johnToken },
    );
    expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(errors?.[0]?.path).toEqual(['viewer', 'purchases', 'edges', 0, 'node', 'authorEarnings']);
    // Only the refused field is null: the purchase and its code stand.
    expect(data).toEqual({ viewer: { purchases: { edges: [{ node: { code: expect.any(String), authorEarnings: null } }] } } });
  });
});

describe('verifyPurchase', () => {
  /** The raw response body: the probe test compares bytes, not parsed values. */
  async function rawVerify(code: string, token: string) {
    const response = await t.request('/graphql', {
      method: 'POST',
      token,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: `query V($code: String!) { verifyPurchase(code: $code) { code buyer { username } } }`, variables: { code } }),
    });
    return { status: response.status, body: await response.text() };
  }

  it('shows the author of the item the purchase, with its buyer’s username and the earnings', async () => {
    const purchase = await t.db.prisma.purchase.findFirstOrThrow({
      where: { buyerId: johndoe },
      include: { item: { include: { author: true } } },
    });
    const author = purchase.item.author.username;
    const token = await tokenFor(t, author, ['purchase:verify']);
    const { data, errors } = await t.graphql(VerifyPurchase, { code: purchase.code }, { token });
    expect(errors).toBeUndefined();
    expect(data!.verifyPurchase).toEqual({
      code: purchase.code,
      licenseType: purchase.licenseType,
      supportedUntil: purchase.supportedUntil?.toISOString() ?? null,
      downloaded: purchase.downloaded,
      purchasedAt: purchase.purchasedAt.toISOString(),
      price: { cents: purchase.pricePaidCents },
      authorEarnings: { cents: purchase.authorEarningsCents },
      platformFee: { cents: purchase.platformFeeCents },
      item: { name: purchase.item.name, author: { username: author } },
      buyer: { username: 'johndoe' },
    });
    expect(purchase.authorEarningsCents + purchase.platformFeeCents).toBe(purchase.pricePaidCents);
  });

  it('answers another author’s code exactly as an unknown or malformed code', async () => {
    const purchase = await t.db.prisma.purchase.findFirstOrThrow({ where: { buyerId: johndoe }, include: { item: true } });
    const otherAuthor = await t.db.prisma.account.findFirstOrThrow({
      where: { role: 'AUTHOR', id: { not: purchase.item.authorId } },
    });
    const token = await tokenFor(t, otherAuthor.username, ['purchase:verify']);

    const someoneElses = await rawVerify(purchase.code, token);
    const unknown = await rawVerify('0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f', token);
    const malformed = await rawVerify('nope', token);
    expect(someoneElses).toEqual({ status: 200, body: '{"data":{"verifyPurchase":null}}' });
    expect(unknown).toEqual(someoneElses);
    expect(malformed).toEqual(someoneElses);

    // The buyer's own code is not theirs to verify either (they are not the author).
    const buyerToken = await tokenFor(t, 'johndoe', ['purchase:verify']);
    expect(await rawVerify(purchase.code, buyerToken)).toEqual(someoneElses);
  });
});

describe('scope refusals', () => {
  it('names the missing scope in a FORBIDDEN error', async () => {
    const itemsOnly = await tokenFor(t, 'johndoe', ['items:read']);
    const cases: Array<[string, string, string[]]> = [
      ['{ viewer { purchases(first: 1) { totalCount } } }', 'purchase:list', ['viewer', 'purchases']],
      ['{ viewer { purchase(code: "x") { code } } }', 'purchase:list', ['viewer', 'purchase']],
      ['{ viewer { statement(first: 1) { totalCount } } }', 'statements:read', ['viewer', 'statement']],
      ['{ viewer { sales(first: 1) { totalCount } } }', 'sales:read', ['viewer', 'sales']],
      ['{ viewer { salesSummary { count } } }', 'sales:read', ['viewer', 'salesSummary']],
      ['{ verifyPurchase(code: "x") { code } }', 'purchase:verify', ['verifyPurchase']],
    ];
    for (const [query, scope, path] of cases) {
      const { errors } = await t.graphql(query, {}, { token: itemsOnly });
      expect(errors, query).toHaveLength(1);
      expect(errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScopes: [scope] });
      expect(errors![0]!.message).toContain(scope);
      expect(errors![0]!.path).toEqual(path);
    }
    const { errors } = await t.graphql(
      `mutation { purchaseItem(input: { itemId: "${encodeGlobalID('Item', 1)}", license: REGULAR }) { replayed } }`,
      {},
      { token: itemsOnly },
    );
    expect(errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScopes: ['purchase:create'] });
  });

  it('asks anonymous callers to authenticate', async () => {
    const { errors } = await t.graphql('{ verifyPurchase(code: "x") { code } }');
    expect(errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    const mutation = await t.graphql(`mutation { purchaseItem(input: { itemId: "${encodeGlobalID('Item', 1)}", license: REGULAR }) { replayed } }`);
    expect(mutation.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });
});
