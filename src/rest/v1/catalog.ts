// The public catalog (000_…, no credential needed): GET /api/v1/catalog/items and
// GET /api/v1/catalog/categories; and GET /api/v1/stats/summary (stats:read).
import { z } from 'zod';
import { graphql } from '../../generated/gql';
import type { CatalogFilter, CatalogSort, RestItemFragment } from '../../generated/gql/graphql';
import { parseAmount } from '../../shared/money';
import { v1Data, v1List } from '../envelopes';
import {
  badParameter,
  connectionPage,
  enumFilter,
  textFilter,
  v1List as listBody,
  parseListQuery,
  type FetchPage,
  type FilterOption,
  type ListSpec,
} from '../lists';
import type { RestRequest, Route } from '../router';
import { Category, Stats, V1Item, category, stats, v1Item } from '../shapes';
import { ITEM_TYPES } from './items';

export const CatalogQuery = graphql(`
  query RestCatalog(
    $first: Int
    $after: String
    $last: Int
    $before: String
    $withNodes: Boolean!
    $filter: CatalogFilter
    $sort: CatalogSort
  ) {
    items(first: $first, after: $after, last: $last, before: $before, filter: $filter, sort: $sort) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges @include(if: $withNodes) { node { ...RestItem } }
    }
  }
`);

const CategoriesQuery = graphql(`
  query RestCategories {
    categories { ...RestCategory }
  }
`);

const StatsQuery = graphql(`
  query RestStatsSummary {
    stats { ...RestStats }
  }
`);

export function catalogFetcher(
  run: RestRequest['run'],
  filter: CatalogFilter,
  sort: CatalogSort | undefined,
): FetchPage<RestItemFragment> {
  return async (args) => connectionPage((await run(CatalogQuery, { ...args, filter, sort: sort ?? null })).items);
}

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
  const tags = value.tags?.split(',').map((tag) => tag.trim()).filter(Boolean);
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

export const catalogRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/v1/catalog/items',
    profile: 'v1',
    summary: 'Search and list the public catalog',
    public: true,
    etag: true,
    list: catalogList,
    docs: {
      description: 'Published items only. Newest published first by default.',
      response: { description: 'A page of items', schema: v1List('CatalogItemList', V1Item) },
      errors: { 400: 'A bad page, per_page, sort, filter, search or cursor' },
    },
    async handle({ url, run }) {
      const query = parseListQuery(url, catalogList);
      const fetch = catalogFetcher(run, catalogFilter(query.filters, query.search), query.sort.graphql as CatalogSort);
      return { body: await listBody(query, fetch, v1Item) };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/catalog/categories',
    profile: 'v1',
    summary: 'The categories of the catalog',
    public: true,
    etag: true,
    docs: {
      description: 'Every top-level category with its sub-categories, in display order (a short list: not paged).',
      response: { description: 'The categories', schema: v1Data('CategoryList', z.array(Category)) },
    },
    async handle({ run }) {
      const { categories } = await run(CategoriesQuery, {});
      return { body: { status: 'success', data: categories.map(category) } };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/stats/summary',
    profile: 'v1',
    summary: 'Marketplace-wide counters',
    scopes: ['stats:read'],
    docs: {
      response: { description: 'The counters, computed when asked', schema: v1Data('StatsResponse', Stats) },
      errors: { 401: 'No credential, or a bad one', 403: 'The token lacks stats:read' },
    },
    async handle({ run }) {
      const { stats: summary } = await run(StatsQuery, {});
      return { body: { status: 'success', data: stats(summary) } };
    },
  },
];
