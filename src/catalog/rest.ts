// The public catalog over REST (000_… v1, no credential needed): GET /api/v1/catalog/items
// (search, filters, sorts: a v1 list) and GET /api/v1/catalog/categories.
import { z } from 'zod';
import { graphql } from '../generated/gql';
import type { CatalogFilter, CatalogSort, RestCategoryFragment } from '../generated/gql/graphql';
import { v1Data, v1List } from '../rest/envelopes';
import { badParameter } from '../rest/errors';
import { enumFilter, listReply, ofNode, textFilter, type FilterOption, type ListSpec } from '../rest/lists';
import { Id, named } from '../rest/registry';
import { route } from '../rest/route';
import { ITEM_TYPES, V1Item, v1Item } from '../rest/shapes';
import { parseAmount } from '../shared/money';

const CatalogQuery = graphql(`
  query RestCatalog($first: Int, $after: String, $last: Int, $before: String, $offset: Int, $filter: CatalogFilter, $sort: CatalogSort) {
    items(first: $first, after: $after, last: $last, before: $before, offset: $offset, filter: $filter, sort: $sort) {
      totalCount
      pageInfo { ...RestPageInfo }
      edges { node { ...RestItem } }
    }
  }
`);

graphql(`
  fragment RestCategory on Category { databaseId name slug subCategories { databaseId name slug } }
`);

const CategoriesQuery = graphql(`
  query RestCategories {
    categories { ...RestCategory }
  }
`);

const CategoryRef = z.strictObject({ id: Id, name: z.string(), slug: z.string() });
const Category = named(
  'Category',
  z.strictObject({ id: Id, name: z.string(), slug: z.string(), sub_categories: z.array(CategoryRef) }),
  'A top-level category with its sub-categories.',
  { id: 1, name: 'Themes', slug: 'themes', sub_categories: [{ id: 6, name: 'WordPress', slug: 'wordpress-themes' }] },
);

const category = (c: RestCategoryFragment): z.infer<typeof Category> => ({
  id: c.databaseId,
  name: c.name,
  slug: c.slug,
  sub_categories: c.subCategories.map((sub) => ({ id: sub.databaseId, name: sub.name, slug: sub.slug })),
});

function priceFilter(name: string, description: string): FilterOption {
  return {
    name,
    description,
    schema: z.string(),
    parse(raw) {
      const cents = parseAmount(raw);
      if (cents === null || cents < 0) throw badParameter(`filter[${name}]`, 'must be an amount such as 19.99');
      return raw;
    },
  };
}

const catalogList: ListSpec = {
  sorts: [
    { key: '-published_at', graphql: 'NEWEST' },
    { key: 'published_at', graphql: 'OLDEST' },
    { key: 'price', graphql: 'PRICE_ASC' },
    { key: '-price', graphql: 'PRICE_DESC' },
    { key: 'name', graphql: 'NAME' },
    { key: '-name', graphql: 'NAME', backward: true },
    { key: '-downloads', graphql: 'POPULAR' },
    { key: 'downloads', graphql: 'POPULAR', backward: true },
  ],
  filters: [
    textFilter('category', 'Category slug, e.g. themes.'),
    textFilter('sub_category', 'Sub-category slug, e.g. wordpress-themes.'),
    enumFilter('type', 'Only items of this type.', ITEM_TYPES),
    textFilter('tags', 'Items carrying every one of these tags (comma-separated).'),
    priceFilter('min_price', 'Lowest regular price, e.g. 10 or 9.99.'),
    priceFilter('max_price', 'Highest regular price.'),
    textFilter('author', "The author's username."),
  ],
  search: 'Words in the name or description, or a tag.',
};

/** The list filters as the GraphQL CatalogFilter. */
function catalogFilter(filters: Record<string, unknown>, search: string | null): CatalogFilter {
  const value = filters as Record<string, string | undefined>;
  if (value.min_price && value.max_price && parseAmount(value.min_price)! > parseAmount(value.max_price)!) {
    throw badParameter('filter[min_price]', 'must not be greater than filter[max_price]');
  }
  const tags = value.tags
    ?.split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
  return {
    ...(search && { text: search }),
    ...(value.category && { category: value.category }),
    ...(value.sub_category && { subCategory: value.sub_category }),
    ...(value.type && { type: value.type as CatalogFilter['type'] }),
    ...(tags?.length && { tags }),
    ...(value.min_price && { minPrice: value.min_price }),
    ...(value.max_price && { maxPrice: value.max_price }),
    ...(value.author && { author: value.author }),
  };
}

export const catalogRoutes = [
  route({
    method: 'GET',
    path: '/api/v1/catalog/items',
    profile: 'v1',
    summary: 'Search and list the public catalog',
    public: true,
    etag: true,
    list: catalogList,
    operation: CatalogQuery,
    variables: ({ list }) => ({ ...list.window, filter: catalogFilter(list.filters, list.search), sort: list.sort.graphql as CatalogSort }),
    reply: (data, { list }) => listReply(list, data.items, ofNode(v1Item)),
    docs: {
      description: 'Published items only. Newest published first by default.',
      response: { description: 'A page of items', schema: v1List('CatalogItemList', V1Item) },
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/catalog/categories',
    profile: 'v1',
    summary: 'The categories of the catalog',
    public: true,
    etag: true,
    operation: CategoriesQuery,
    reply: (data) => ({ body: { status: 'success', data: data.categories.map(category) } }),
    docs: {
      description: 'Every top-level category with its sub-categories, in display order (a short list: not paged).',
      response: { description: 'The categories', schema: v1Data('CategoryList', z.array(Category)) },
    },
  }),
];
