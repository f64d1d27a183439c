// Which operations read an item's wide columns (src/graphql/wide-columns.ts): every way a
// document can reach an Item field counts, and a wrong "no" would leave a field without
// its column. Rows that lack them fail loudly rather than answer blanks.
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSchema } from '../../src/graphql/schema';
import { CARD_FIELDS, documentReads } from '../../src/graphql/wide-columns';
import { NEWEST_PURCHASE_FIRST } from '../../src/purchases/schema';
import { tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';

const wants = (query: string) => documentReads(getSchema(), parse(query)).has('Item');

describe('documentReads', () => {
  it.each([
    [
      'a card: name, price and relations',
      '{ items(first: 5) { edges { node { name slug price { regular { amount } } author { username } category { name } } } } }',
      false,
    ],
    ['ids and counts only', '{ items(first: 5) { totalCount edges { node { id databaseId salesCount } } } }', false],
    ['a description', '{ items(first: 5) { edges { node { description } } } }', true],
    ['media, however deep', '{ items(first: 5) { edges { node { media { thumbnail } } } } }', true],
    ['createdAt through a purchase', '{ viewer { purchases(first: 5) { edges { node { item { createdAt } } } } } }', true],
    ['tags in a named fragment', 'query { item(slug: "x") { ...F } } fragment F on Item { tags }', true],
    ['options in an inline fragment on a node', '{ node(id: "x") { ... on Item { options } } }', true],
    ['a description of something else (a webhook)', '{ viewer { webhooks { description } } }', false],
  ])('%s', (_name, query, expected) => {
    expect(wants(query)).toBe(expected);
  });

  it.each([
    ["an author's name", '{ items(first: 5) { edges { node { author { username } } } } }', false],
    ["the viewer's own lists", '{ viewer { purchases(first: 5) { totalCount } favorites(first: 5) { totalCount } } }', false],
    ["an author's profile", '{ items(first: 5) { edges { node { author { profile { heading } } } } } }', true],
    ["the viewer's balance", '{ viewer { balance { amount } } }', true],
    ['a full name in a fragment', '{ viewer { ...A } } fragment A on Account { fullName }', true],
  ])('accounts: %s', (_name, query, expected) => {
    expect(documentReads(getSchema(), parse(query)).has('Account')).toBe(expected);
  });

  it.each([
    [
      'codes and items (request 1)',
      '{ viewer { purchases(first: 5) { edges { node { code purchasedAt item { name } buyer { username } } } } } }',
      false,
    ],
    ['a price', '{ viewer { purchases(first: 5) { edges { node { code price { amount } } } } } }', true],
    ['a refund state in a fragment', '{ viewer { purchases(first: 5) { edges { node { ...P } } } } } fragment P on Purchase { refundState }', true],
    ['the license through a node', '{ node(id: "x") { ... on Purchase { licenseType } } }', true],
  ])('purchases: %s', (_name, query, expected) => {
    expect(documentReads(getSchema(), parse(query)).has('Purchase')).toBe(expected);
  });

  it('is worked out once per document', () => {
    const document = parse('{ items(first: 1) { edges { node { description } } } }');
    expect(documentReads(getSchema(), document)).toBe(documentReads(getSchema(), document));
  });
});

describe('card and full rows over the API', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t.close());

  it('answers every field the card claims from card rows alone', async () => {
    // Every field of CARD_FIELDS.Item, so a wide field listed there by mistake fails here.
    const selection = {
      __typename: '__typename',
      id: 'id',
      databaseId: 'databaseId',
      name: 'name',
      slug: 'slug',
      type: 'type',
      status: 'status',
      category: 'category { name }',
      subCategory: 'subCategory { name }',
      author: 'author { username }',
      price: 'price { regular { amount } extended { amount } }',
      currency: 'currency',
      supportMonths: 'supportMonths',
      publishedAt: 'publishedAt',
      downloadCount: 'downloadCount',
      salesCount: 'salesCount',
      latestVersion: 'latestVersion',
      versions: 'versions(first: 1) { totalCount }',
      revenue: 'revenue { amount }',
      earnings: 'earnings { amount }',
    };
    expect(new Set(Object.keys(selection))).toEqual(CARD_FIELDS.Item);
    const query = `{ items(first: 20) { edges { node { ${Object.values(selection).join(' ')} } } } }`;
    expect(documentReads(getSchema(), parse(query)).has('Item')).toBe(false);
    t.statements.length = 0;
    const answer = await t.graphql<{ items: { edges: Array<{ node: { name: string } }> } }>(query);
    // revenue and earnings are the author's: refused for an anonymous caller, nothing else.
    expect((answer.errors ?? []).filter((error) => !['revenue', 'earnings'].includes(String(error.path?.at(-1))))).toEqual([]);
    expect(answer.data!.items.edges.length).toBe(20);
    expect(t.statements.find((sql) => sql.includes('FROM "public"."items"'))).not.toContain('"description"');
  });

  it("answers a buyer's purchases from card rows, and the same purchases with every column", async () => {
    const buyer = await t.db.prisma.account.findFirstOrThrow({ where: { purchases: { some: {} } }, orderBy: { id: 'asc' } });
    const token = await tokenFor(t, buyer.username, ['purchase:list']);
    // Every field of CARD_FIELDS.Purchase, so a wide field listed there by mistake fails here.
    const selection = {
      __typename: '__typename',
      id: 'id',
      code: 'code',
      item: 'item { name }',
      buyer: 'buyer { username }',
      purchasedAt: 'purchasedAt',
    };
    expect(new Set(Object.keys(selection))).toEqual(CARD_FIELDS.Purchase);
    type Page = { viewer: { purchases: { edges: Array<{ node: Record<string, unknown> }> } } };
    const cardQuery = `{ viewer { purchases(first: 20) { edges { node { ${Object.values(selection).join(' ')} } } } } }`;
    t.statements.length = 0;
    const card = await t.graphql<Page>(cardQuery, {}, { token });
    expect(card.errors).toBeUndefined();
    expect(t.statements.find((sql) => sql.includes('FROM "public"."purchases"'))).not.toContain('"price_paid_cents"');
    const full = await t.graphql<Page>(
      '{ viewer { purchases(first: 20) { edges { node { code licenseType price { cents } supportedUntil downloaded refundState } } } } }',
      {},
      { token },
    );
    expect(full.errors).toBeUndefined();
    const rows = await t.db.prisma.purchase.findMany({ where: { buyerId: buyer.id }, orderBy: NEWEST_PURCHASE_FIRST, take: 20 });
    expect(card.data!.viewer.purchases.edges.map(({ node }) => [node.code, node.purchasedAt])).toEqual(
      rows.map((row) => [row.code, row.purchasedAt.toISOString()]),
    );
    expect(full.data!.viewer.purchases.edges.map(({ node }) => node)).toEqual(
      rows.map((row) => ({
        code: row.code,
        licenseType: row.licenseType,
        price: { cents: row.pricePaidCents },
        supportedUntil: row.supportedUntil?.toISOString() ?? null,
        downloaded: row.downloaded,
        refundState: row.refundState,
      })),
    );
  });

  it('answers the same items whether an operation reads the wide columns or not', async () => {
    type Page = { items: { edges: Array<{ node: Record<string, unknown> }> } };
    const card = await t.graphql<Page>('{ items(first: 20, sort: NAME) { edges { node { databaseId name slug latestVersion } } } }');
    const full = await t.graphql<Page>(
      '{ items(first: 20, sort: NAME) { edges { node { databaseId name slug latestVersion description tags options demoUrl createdAt updatedAt media { thumbnail screenshots } } } } }',
    );
    expect(card.errors).toBeUndefined();
    expect(full.errors).toBeUndefined();
    const rows = await t.db.prisma.item.findMany({ where: { status: 'PUBLISHED' }, orderBy: [{ name: 'asc' }, { id: 'asc' }], take: 20 });
    expect(full.data!.items.edges.map(({ node }) => [node.databaseId, node.description, node.tags, node.createdAt])).toEqual(
      rows.map((row) => [row.id, row.description, row.tags, row.createdAt.toISOString()]),
    );
    expect(card.data!.items.edges.map(({ node }) => node.databaseId)).toEqual(rows.map((row) => row.id));
  });
});
