// The products API (002_…): products by type and slug. Version checks for auto-updaters
// are in rest-versions.ts. Success is {"success":true,"data":…}; errors carry 002_…'s
// symbolic codes. Downloads by slug and the user's
// purchases live with their domains (src/downloads/rest.ts, src/purchases/rest.ts).
import { z } from 'zod';
import { graphql } from '../generated/gql';
import type { ItemType, RestProductFragment } from '../generated/gql/graphql';
import { productsData } from '../rest/envelopes';
import { badParameter, notFound } from '../rest/errors';
import { restDate } from '../rest/format';
import { MAX_OFFSET, MAX_PER_PAGE, integerParameter } from '../rest/lists';
import { Count, Id, named } from '../rest/registry';
import { route } from '../rest/route';
import { ITEM_TYPES } from '../rest/shapes';
import { centsToNumber } from '../shared/money';

graphql(`
  fragment RestProduct on Item {
    databaseId
    name
    slug
    type
    description
    latestVersion
    price { regular { cents } }
    downloadCount
    author { username }
    createdAt
  }
`);

const ProductsQuery = graphql(`
  query RestProducts($first: Int!, $offset: Int!, $type: ItemType) {
    items(first: $first, offset: $offset, filter: { type: $type }, sort: NEWEST) {
      totalCount
      edges { node { ...RestProduct } }
    }
  }
`);

const ProductQuery = graphql(`
  query RestProductBySlug($slug: String!) {
    item(slug: $slug) { ...RestProduct }
  }
`);

const productFields = {
  id: Id,
  name: z.string(),
  slug: z.string(),
  type: z.enum(['theme', 'plugin', 'script', 'audio', 'video']),
  version: z.string().nullable().describe('The latest version, e.g. "1.0.0"; null before a first release'),
  price: z.number().describe('The regular license price, e.g. 19.99 (0 for free products)'),
  downloads: Count,
};
const Product = named('Product', z.strictObject(productFields), 'A product in a list, as 002_… shows it.', {
  id: 1,
  name: 'Neon Theme',
  slug: 'neon-theme',
  type: 'theme',
  version: '1.0.0',
  price: 0,
  downloads: 1250,
});
const ProductDetails = named(
  'ProductDetails',
  z.strictObject({ ...productFields, description: z.string(), author: z.string().describe("The author's username"), created_at: z.string() }),
  'One product, as 002_… shows it.',
  {
    id: 1,
    name: 'Neon Theme',
    slug: 'neon-theme',
    type: 'theme',
    description: 'A vibrant neon-styled theme...',
    version: '1.0.0',
    price: 0,
    downloads: 1250,
    author: 'developer123',
    created_at: '2024-01-15T10:30:00Z',
  },
);
const product = (item: RestProductFragment): z.infer<typeof Product> => ({
  id: item.databaseId,
  name: item.name,
  slug: item.slug,
  type: item.type.toLowerCase() as z.infer<typeof Product>['type'],
  version: item.latestVersion,
  price: centsToNumber(item.price.regular.cents),
  downloads: item.downloadCount,
});

const TYPE_WORDS = ITEM_TYPES.map((type) => type.toLowerCase());

/**
 * 002_… documents `type` as theme, module, language or background. A theme is our THEME
 * and a module is our PLUGIN (an extension of the host application); the catalog has no
 * language packs or backgrounds, so those filters are accepted and match nothing (an empty
 * list, X-Total-Count 0), as a filter on a kind with no products should; they are not
 * ignored, which would answer with products of every kind. Our own words (plugin, script,
 * audio, video) are accepted too. Products show our word (a module is "plugin").
 */
const PRODUCT_TYPE_WORDS: Record<string, ItemType | 'NONE'> = {
  ...Object.fromEntries(ITEM_TYPES.map((type) => [type.toLowerCase(), type])),
  module: 'PLUGIN',
  language: 'NONE',
  background: 'NONE',
};
const ACCEPTED_TYPES = ['theme', 'module', 'language', 'background', ...TYPE_WORDS.filter((word) => word !== 'theme')];

/** The catalog type the `type` parameter names: null for none given, 'NONE' for a kind the catalog has no products of. */
function typeParameter(url: URL): ItemType | 'NONE' | null {
  const type = url.searchParams.get('type')?.trim().toLowerCase() || null;
  if (!type) return null;
  const mapped = Object.hasOwn(PRODUCT_TYPE_WORDS, type) ? PRODUCT_TYPE_WORDS[type] : undefined;
  if (!mapped) throw badParameter('type', `must be one of: ${ACCEPTED_TYPES.join(', ')}`);
  return mapped;
}

const slugParameter = { name: 'slug', in: 'path' as const, required: true, description: 'The product slug, e.g. neon-theme', schema: z.string() };
const open = { profile: 'products', public: true } as const;

/** 002_…'s default page of products; the maxima are the v1 lists' (src/rest/lists.ts). */
const DEFAULT_LIMIT = 20;

export const productRoutes = [
  route({
    method: 'GET',
    path: '/api/products',
    ...open,
    etag: true,
    summary: 'Published products',
    operation: ProductsQuery,
    variables: ({ url }) => {
      const type = typeParameter(url);
      return {
        first: integerParameter(url, 'limit', DEFAULT_LIMIT, 1, MAX_PER_PAGE),
        offset: integerParameter(url, 'offset', 0, 0, MAX_OFFSET),
        type: type === 'NONE' ? null : type,
      };
    },
    reply: ({ items }, { url }) =>
      // A kind the catalog has no products of (language, background): nothing matches.
      typeParameter(url) === 'NONE'
        ? { body: { success: true, data: [] }, headers: { 'x-total-count': '0' } }
        : { body: { success: true, data: items.edges.map(({ node }) => product(node)) }, headers: { 'x-total-count': String(items.totalCount) } },
    docs: {
      description:
        "Newest first. The total is in the X-Total-Count header. `type` takes 002_…'s words: `theme`, `module` (our `plugin`), " +
        '`language` and `background` (kinds this catalog has no products of: an empty list), and our own `plugin`, `script`, `audio`, `video`.',
      parameters: [
        {
          name: 'type',
          in: 'query',
          description: `Filter by type: ${ACCEPTED_TYPES.join(', ')} (module means plugin; language and background match no products)`,
          schema: z.enum(ACCEPTED_TYPES),
        },
        {
          name: 'limit',
          in: 'query',
          description: `Number of results (default: ${DEFAULT_LIMIT}, max: ${MAX_PER_PAGE})`,
          schema: Id.max(MAX_PER_PAGE),
        },
        { name: 'offset', in: 'query', description: `Pagination offset (default 0, at most ${MAX_OFFSET})`, schema: Count.max(MAX_OFFSET) },
      ],
      response: { description: 'The products', schema: productsData('ProductList', z.array(Product)) },
      errors: { 400: 'A bad type, limit or offset (VALIDATION_ERROR)' },
    },
  }),
  route({
    method: 'GET',
    path: '/api/products/:slug',
    ...open,
    etag: true,
    summary: 'One product by its slug',
    operation: ProductQuery,
    variables: ({ params }) => ({ slug: params.slug! }),
    reply: ({ item }) => {
      if (!item) throw notFound('Product not found');
      return {
        body: {
          success: true,
          data: { ...product(item), description: item.description, author: item.author.username, created_at: restDate(item.createdAt)! },
        },
      };
    },
    docs: {
      parameters: [slugParameter],
      response: { description: 'The product', schema: productsData('ProductResponse', ProductDetails) },
      errors: { 404: 'No product with this slug (NOT_FOUND)' },
    },
  }),
];
