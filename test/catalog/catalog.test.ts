// The public catalog over GraphQL: search, filters, sorting, paging and lookups.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../../src/generated/gql';
import { startTestGateway, type TestGateway } from '../support/gateway';

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(() => t.close());

const CatalogPage = graphql(`
  query CatalogPage($first: Int, $after: String, $filter: CatalogFilter, $sort: CatalogSort) {
    items(first: $first, after: $after, filter: $filter, sort: $sort) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          id
          databaseId
          name
          slug
          type
          status
          publishedAt
          downloadCount
          price { regular { cents amount currency } extended { cents } }
          author { username }
          category { name slug }
          subCategory { slug }
          tags
        }
      }
    }
  }
`);

const ItemLookup = graphql(`
  query ItemLookup($id: ID, $databaseId: Int, $slug: String) {
    item(id: $id, databaseId: $databaseId, slug: $slug) {
      id
      name
      slug
      latestVersion
      versions(first: 10) { totalCount edges { node { version changelog releasedAt } } }
    }
  }
`);

const Categories = graphql(`
  query Categories {
    categories { name slug subCategories { name slug parent { slug } } }
  }
`);

describe('catalog search', () => {
  it('lists published items with author and category, newest first', async () => {
    const { data, errors } = await t.graphql(CatalogPage, { first: 20 });
    expect(errors).toBeUndefined();
    const items = data!.items;
    expect(items.totalCount).toBeGreaterThan(100);
    expect(items.edges).toHaveLength(20);
    for (const { node } of items.edges) {
      expect(node.status).toBe('PUBLISHED');
      expect(node.author.username).toMatch(/\w+/);
      expect(node.category.name).toMatch(/\w+/);
      expect(node.price.regular.amount).toBe((node.price.regular.cents / 100).toFixed(2));
    }
    const dates = items.edges.map((edge) => Date.parse(edge.node.publishedAt!));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
  });

  it('pages through the whole listing without repeats or gaps', async () => {
    const all = await t.graphql(CatalogPage, { first: 100, sort: 'PRICE_ASC' });
    const total = all.data!.items.totalCount;
    const seen: number[] = [];
    let after: string | null | undefined;
    do {
      const page = await t.graphql(CatalogPage, { first: 37, after, sort: 'PRICE_ASC' });
      expect(page.errors).toBeUndefined();
      seen.push(...page.data!.items.edges.map((edge) => edge.node.databaseId));
      after = page.data!.items.pageInfo.hasNextPage ? page.data!.items.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('filters by category, type, price range and text', async () => {
    const categories = await t.graphql(Categories);
    const category = categories.data!.categories[0]!;
    const byCategory = await t.graphql(CatalogPage, { first: 100, filter: { category: category.slug } });
    expect(byCategory.data!.items.edges.length).toBeGreaterThan(0);
    expect(byCategory.data!.items.edges.every((edge) => edge.node.category.slug === category.slug)).toBe(true);

    const audio = await t.graphql(CatalogPage, { first: 100, filter: { type: 'AUDIO' } });
    expect(audio.data!.items.edges.length).toBeGreaterThan(0);
    expect(audio.data!.items.edges.every((edge) => edge.node.type === 'AUDIO')).toBe(true);

    const cheap = await t.graphql(CatalogPage, { first: 100, filter: { minPrice: '10.00', maxPrice: '20.00' } });
    for (const { node } of cheap.data!.items.edges) {
      expect(node.price.regular.cents).toBeGreaterThanOrEqual(1000);
      expect(node.price.regular.cents).toBeLessThanOrEqual(2000);
    }

    const someName = byCategory.data!.items.edges[0]!.node.name.split(' ')[0]!;
    const text = await t.graphql(CatalogPage, { first: 100, filter: { text: someName.toUpperCase() } });
    expect(text.data!.items.edges.some((edge) => edge.node.name.includes(someName))).toBe(true);
  });

  it('refuses a malformed price with BAD_USER_INPUT naming the field', async () => {
    const { errors } = await t.graphql(CatalogPage, { first: 5, filter: { minPrice: 'ten' } });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'minPrice' });
    expect(errors?.[0]?.extensions?.correlationId).toEqual(expect.any(String));
  });

  it('caps a page at 100 items', async () => {
    const { status, errors } = await t.graphql(CatalogPage, { first: 101 });
    expect(errors?.[0]?.message).toMatch(/100/);
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(status).toBe(400);
  });
});

describe('item lookup', () => {
  it('finds one item by global id, numeric id and slug, with its versions newest first', async () => {
    const page = await t.graphql(CatalogPage, { first: 1 });
    const first = page.data!.items.edges[0]!.node;
    const byId = await t.graphql(ItemLookup, { id: first.id });
    const byDatabaseId = await t.graphql(ItemLookup, { databaseId: first.databaseId });
    const bySlug = await t.graphql(ItemLookup, { slug: first.slug });
    expect(byId.data!.item).toEqual(bySlug.data!.item);
    expect(byDatabaseId.data!.item).toEqual(bySlug.data!.item);
    const item = bySlug.data!.item!;
    expect(item.versions.totalCount).toBeGreaterThan(0);
    expect(item.versions.edges[0]!.node.version).toBe(item.latestVersion);
  });

  it('answers null for an unknown slug and BAD_USER_INPUT without a key', async () => {
    expect((await t.graphql(ItemLookup, { slug: 'no-such-item' })).data!.item).toBeNull();
    const { errors } = await t.graphql(ItemLookup, {});
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('hides drafts from anonymous callers', async () => {
    const [draft] = await t.db.prisma.item.findMany({ where: { status: 'DRAFT' }, take: 1 });
    expect(draft).toBeDefined();
    const { data } = await t.graphql(ItemLookup, { slug: draft!.slug });
    expect(data!.item).toBeNull();
  });
});

describe('categories', () => {
  it('lists top-level categories with their sub-categories', async () => {
    const { data } = await t.graphql(Categories);
    expect(data!.categories.length).toBeGreaterThanOrEqual(3);
    for (const category of data!.categories) {
      for (const sub of category.subCategories) expect(sub.parent!.slug).toBe(category.slug);
    }
  });
});

describe('versions of hidden items', () => {
  it("are not readable through node(id:) by others, but are by the item's author", async () => {
    const version = await t.db.prisma.itemVersion.findFirstOrThrow({
      where: { item: { status: 'DRAFT' } },
      include: { item: { select: { author: { select: { username: true } } } } },
    });
    const id = Buffer.from(`ItemVersion:${version.id}`).toString('base64');
    const query = `query { node(id: "${id}") { ... on ItemVersion { version changelog } } }`;
    const anonymous = await t.graphql<{ node: unknown }>(query);
    expect(anonymous.data?.node ?? null).toBeNull();
    expect(JSON.stringify(anonymous)).not.toContain(version.changelog.slice(0, 20));
    const { tokenFor } = await import('../support/accounts');
    const author = await tokenFor(t, version.item.author.username, ['items:read']);
    const own = await t.graphql<{ node: { version: string } }>(query, undefined, { token: author });
    expect(own.data!.node.version).toBe(version.version);
  });
});
