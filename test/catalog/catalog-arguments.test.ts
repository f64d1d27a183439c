// Issue 16's argument gaps in the catalog: `items(sort: null)` is the default order (cursors
// included), and `item`'s refusals name the argument at fault.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway';

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(() => t.close());

interface Page {
  items: { pageInfo: { endCursor: string | null }; edges: Array<{ node: { slug: string } }> };
}

const PAGE = `
  query CatalogSortNullable($sort: CatalogSort, $after: String) {
    items(first: 7, sort: $sort, after: $after) { pageInfo { endCursor } edges { node { slug } } }
  }
`;
const DEFAULT_PAGE = `
  query CatalogSortOmitted($after: String) {
    items(first: 7, after: $after) { pageInfo { endCursor } edges { node { slug } } }
  }
`;

const slugs = (page: Page) => page.items.edges.map(({ node }) => node.slug);

describe('items(sort: null)', () => {
  it('is the default order (NEWEST), on the first page and after its cursor', async () => {
    const newest = await t.graphql<Page, { sort: string | null; after?: string | null }>(PAGE, { sort: 'NEWEST' });
    const omitted = await t.graphql<Page, { after?: string | null }>(DEFAULT_PAGE, {});
    const asNull = await t.graphql<Page, { sort: string | null; after?: string | null }>(PAGE, { sort: null });
    expect(asNull.errors).toBeUndefined();
    expect(slugs(asNull.data!)).toEqual(slugs(newest.data!));
    expect(slugs(omitted.data!)).toEqual(slugs(newest.data!));
    const published = await t.db.prisma.item.findMany({
      where: { status: 'PUBLISHED' },
      orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
      take: 14,
      select: { slug: true },
    });
    expect(slugs(asNull.data!)).toEqual(published.slice(0, 7).map((item) => item.slug));
    // The next page after a null-sort cursor continues the same order.
    const next = await t.graphql<Page, { sort: string | null; after?: string | null }>(PAGE, {
      sort: null,
      after: asNull.data!.items.pageInfo.endCursor,
    });
    expect(next.errors).toBeUndefined();
    expect(slugs(next.data!)).toEqual(published.slice(7, 14).map((item) => item.slug));
  });

  it('an inline null too', async () => {
    const inline = await t.graphql<Page>(
      'query CatalogSortInlineNull { items(first: 7, sort: null) { pageInfo { endCursor } edges { node { slug } } } }',
    );
    const newest = await t.graphql<Page, { sort: string | null }>(PAGE, { sort: 'NEWEST' });
    expect(slugs(inline.data!)).toEqual(slugs(newest.data!));
  });
});

describe('Query.item refusals', () => {
  const LOOKUP = `
    query CatalogItemArguments($id: ID, $databaseId: Int, $slug: String) {
      item(id: $id, databaseId: $databaseId, slug: $slug) { slug }
    }
  `;
  type Lookup = { id?: string | null; databaseId?: number | null; slug?: string | null };

  it('name the argument at fault in extensions.field and the message', async () => {
    const item = await t.db.prisma.item.findFirstOrThrow({ where: { status: 'PUBLISHED' }, orderBy: { id: 'asc' } });
    const globalId = Buffer.from(`Item:${item.id}`).toString('base64');
    const cases: Array<[Lookup, string]> = [
      [{}, 'id'],
      [{ databaseId: item.id, slug: item.slug }, 'slug'],
      [{ id: globalId, slug: item.slug }, 'slug'],
      [{ id: globalId, databaseId: item.id }, 'databaseId'],
      [{ id: globalId, databaseId: item.id, slug: item.slug }, 'databaseId'],
    ];
    for (const [variables, field] of cases) {
      const { data, errors } = await t.graphql<{ item: unknown }, Lookup>(LOOKUP, variables);
      expect(data?.item ?? null, JSON.stringify(variables)).toBeNull();
      expect(errors?.[0]?.extensions, JSON.stringify(variables)).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(errors?.[0]?.message).toBe(`Invalid ${field}: give exactly one of id, databaseId or slug`);
    }
    // One argument alone is served, whichever it is.
    const bySlug = await t.graphql<{ item: { slug: string } }, Lookup>(LOOKUP, { slug: item.slug });
    expect(bySlug.data!.item.slug).toBe(item.slug);
    const byId = await t.graphql<{ item: { slug: string } }, Lookup>(LOOKUP, { id: globalId });
    expect(byId.data!.item.slug).toBe(item.slug);
  });
});
