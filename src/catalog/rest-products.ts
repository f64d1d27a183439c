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

function typeParameter(url: URL): ItemType | null {
  const type = url.searchParams.get('type')?.trim().toLowerCase() || null;
  if (type && !TYPE_WORDS.includes(type)) throw badParameter('type', `must be one of: ${TYPE_WORDS.join(', ')}`);
  return type ? (type.toUpperCase() as ItemType) : null;
}

const slugParameter = { name: 'slug', in: 'path' as const, required: true, description: 'The product slug, e.g. neon-theme', schema: z.string() };
const open = { profile: 'products', public: true } as const;

export const productRoutes = [
  route({
    method: 'GET',
    path: '/api/products',
    ...open,
    etag: true,
    summary: 'Published products',
    operation: ProductsQuery,
    variables: ({ url }) => ({
      first: integerParameter(url, 'limit', 20, 1, MAX_PER_PAGE),
      offset: integerParameter(url, 'offset', 0, 0, MAX_OFFSET),
      type: typeParameter(url),
    }),
    reply: ({ items }) => ({
      body: { success: true, data: items.edges.map(({ node }) => product(node)) },
      headers: { 'x-total-count': String(items.totalCount) },
    }),
    docs: {
      description: 'Newest first. The total is in the X-Total-Count header.',
      parameters: [
        { name: 'type', in: 'query', description: `Filter by type: ${TYPE_WORDS.join(', ')}`, schema: z.enum(TYPE_WORDS) },
        { name: 'limit', in: 'query', description: `Number of results (default: 20, max: ${MAX_PER_PAGE})`, schema: Id.max(MAX_PER_PAGE) },
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
