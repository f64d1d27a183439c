// The products API (002_…): products by type and slug, download links by slug, the
// user's purchases and version checks for auto-updaters. Success is
// {"success":true,"data":…} (the batch check: {"success":true,"updates":[…]}); errors are
// {"success":false,"error":{"code":"NOT_FOUND","message":…}} with 002_…'s symbolic codes.
import { z } from 'zod';
import { graphql } from '../../generated/gql';
import type { ItemType, RestProductFragment } from '../../generated/gql/graphql';
import { centsToNumber } from '../../shared/money';
import { productsData, restError } from '../envelopes';
import { restDate } from '../format';
import { MAX_OFFSET, MAX_PER_PAGE, badParameter, connectionPage, integerParameter, loadAll, loadWindow, type FetchPage } from '../lists';
import { parseBody } from '../params';
import { Count, Id, named } from '../registry';
import { RestFailure, type RestRequest, type Route } from '../router';
import { isWithdrawnItemError } from '../shapes';
import { ITEM_TYPES } from '../v1/items';

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
  query RestProducts($first: Int, $after: String, $last: Int, $before: String, $withNodes: Boolean!, $type: ItemType) {
    items(first: $first, after: $after, last: $last, before: $before, filter: { type: $type }, sort: NEWEST) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges @include(if: $withNodes) { node { ...RestProduct } }
    }
  }
`);

const ProductQuery = graphql(`
  query RestProduct($slug: String!) {
    item(slug: $slug) { ...RestProduct }
  }
`);

const UserPurchasesQuery = graphql(`
  query RestUserPurchases($first: Int, $after: String, $last: Int, $before: String, $withNodes: Boolean!) {
    viewer {
      purchases(first: $first, after: $after, last: $last, before: $before) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges @include(if: $withNodes) {
          node { code refundState purchasedAt price { cents } item { databaseId name slug } }
        }
      }
    }
  }
`);

const ProductIdQuery = graphql(`
  query RestProductId($slug: String!) {
    item(slug: $slug) { databaseId }
  }
`);

const DownloadBySlug = graphql(`
  mutation RestProductDownload($code: String!) {
    requestDownload(purchaseCode: $code) { url expiresAt }
  }
`);

const LatestVersionQuery = graphql(`
  query RestLatestVersion($slug: String!) {
    latestVersion(slug: $slug) { slug version changelog releasedAt }
  }
`);

const CheckVersionsQuery = graphql(`
  query RestCheckVersions($products: [VersionCheckInput!]!) {
    checkVersions(products: $products) { slug currentVersion latestVersion updateAvailable }
  }
`);

// ─── Shapes ──────────────────────────────────────────────────────────────────────────

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
  z.strictObject({
    ...productFields,
    description: z.string(),
    author: z.string().describe("The author's username"),
    created_at: z.string(),
  }),
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
const UserPurchase = named(
  'UserPurchase',
  z.strictObject({
    product_id: Id.nullable().describe('Null (with name and slug) when the product was withdrawn since'),
    product_name: z.string().nullable(),
    product_slug: z.string().nullable(),
    purchased_at: z.string(),
    price_paid: z.number(),
  }),
  'A product you bought.',
  { product_id: 5, product_name: 'Premium Module', product_slug: 'premium-module', purchased_at: '2024-02-20T14:22:00Z', price_paid: 19.99 },
);
const ProductDownload = named(
  'ProductDownload',
  z.strictObject({
    download_url: z.string().describe('Temporary signed URL for downloading the product (no credential needed)'),
    expires_at: z.string().describe('When the download URL expires'),
  }),
  'A temporary download link.',
  { download_url: 'https://market.example.com/downloads/123.1714219500.kq3…', expires_at: '2024-04-27T12:05:00Z' },
);
const LatestVersion = named(
  'LatestVersion',
  z.strictObject({ slug: z.string(), current_version: z.string(), changelog: z.string(), released_at: z.string() }),
  'The latest release of a product.',
  { slug: 'neon-theme', current_version: '1.2.0', changelog: '- Fixed mobile responsiveness\n- Added dark mode support', released_at: '2024-03-01T09:00:00Z' },
);
const VersionUpdate = named(
  'VersionUpdate',
  z.strictObject({
    slug: z.string(),
    current_version: z.string().describe('The version you sent'),
    latest_version: z.string().nullable().describe('Null when the slug is unknown'),
    update_available: z.boolean(),
  }),
  'Whether a newer version of one product exists.',
  { slug: 'neon-theme', current_version: '1.0.0', latest_version: '1.2.0', update_available: true },
);
const VersionCheckBody = named(
  'VersionCheckBody',
  z.object({
    products: z
      .array(z.object({ slug: z.string().min(1, 'must not be empty'), version: z.string().min(1, 'must not be empty') }))
      .min(1, 'must list at least one product')
      .max(100, 'at most 100 products per check'),
  }),
  'The installed products: slug and version of each.',
  { products: [{ slug: 'neon-theme', version: '1.0.0' }, { slug: 'chat-module', version: '2.1.0' }] },
);

function product(item: RestProductFragment): z.infer<typeof Product> {
  return {
    id: item.databaseId,
    name: item.name,
    slug: item.slug,
    type: item.type.toLowerCase() as z.infer<typeof Product>['type'],
    version: item.latestVersion,
    price: centsToNumber(item.price.regular.cents),
    downloads: item.downloadCount,
  };
}

function productDetails(item: RestProductFragment): z.infer<typeof ProductDetails> {
  return { ...product(item), description: item.description, author: item.author.username, created_at: restDate(item.createdAt)! };
}

const notFound = () => new RestFailure(restError('NOT_FOUND', 'Product not found'));
const slugParameter = { name: 'slug', in: 'path' as const, required: true, description: 'The product slug, e.g. neon-theme', schema: z.string() };

type UserPurchaseNode = {
  code: string;
  refundState: string;
  purchasedAt: string;
  price: { cents: number };
  item: { databaseId: number; name: string; slug: string } | null;
};

function userPurchasesFetcher(run: RestRequest['run']): FetchPage<UserPurchaseNode> {
  return async (args) => connectionPage((await run(UserPurchasesQuery, args, { tolerate: isWithdrawnItemError })).viewer.purchases);
}

export const productRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/products',
    profile: 'products',
    summary: 'Published products',
    public: true,
    etag: true,
    docs: {
      description: 'Newest first. The total is in the X-Total-Count header.',
      parameters: [
        { name: 'type', in: 'query', description: `Filter by type: ${ITEM_TYPES.map((t) => t.toLowerCase()).join(', ')}`, schema: z.string() },
        { name: 'limit', in: 'query', description: 'Number of results (default: 20, max: 100)', schema: Id },
        { name: 'offset', in: 'query', description: `Pagination offset (default 0, at most ${MAX_OFFSET})`, schema: Count },
      ],
      response: { description: 'The products', schema: productsData('ProductList', z.array(Product)) },
      errors: { 400: 'A bad type, limit or offset (VALIDATION_ERROR)' },
    },
    async handle({ url, run }) {
      const limit = integerParameter(url, 'limit', 20, 1, MAX_PER_PAGE);
      const offset = integerParameter(url, 'offset', 0, 0, MAX_OFFSET);
      const typeParam = url.searchParams.get('type')?.trim().toLowerCase() || null;
      const words = ITEM_TYPES.map((type) => type.toLowerCase());
      if (typeParam && !words.includes(typeParam)) throw badParameter('type', `must be one of: ${words.join(', ')}`);
      const type = typeParam ? (typeParam.toUpperCase() as ItemType) : null;
      const fetch: FetchPage<RestProductFragment> = async (args) => connectionPage((await run(ProductsQuery, { ...args, type })).items);
      const page = await loadWindow(fetch, offset, limit);
      return { body: { success: true, data: page.nodes.map(product) }, headers: { 'x-total-count': String(page.total) } };
    },
  },
  {
    method: 'GET',
    path: '/api/products/:slug',
    profile: 'products',
    summary: 'One product by its slug',
    public: true,
    etag: true,
    docs: {
      parameters: [slugParameter],
      response: { description: 'The product', schema: productsData('ProductResponse', ProductDetails) },
      errors: { 404: 'No product with this slug (NOT_FOUND)' },
    },
    async handle({ params, run }) {
      const { item } = await run(ProductQuery, { slug: params.slug! });
      if (!item) throw notFound();
      return { body: { success: true, data: productDetails(item) } };
    },
  },
  {
    method: 'GET',
    path: '/api/downloads/:slug',
    profile: 'products',
    summary: 'A download link for a product you bought',
    scopes: ['download:purchase', 'purchase:list'],
    docs: {
      description:
        'The link is for the latest version, needs no credential and expires at `expires_at`. The token needs ' +
        'download:purchase, and purchase:list to find your purchase of the product. Free products are bought at 0 like any other.',
      parameters: [slugParameter],
      response: { description: 'The link', schema: productsData('ProductDownloadResponse', ProductDownload) },
      errors: {
        401: 'No credential, or a bad one (UNAUTHORIZED)',
        403: 'You have not bought this product, or the token lacks a scope (FORBIDDEN)',
        404: 'No product with this slug (NOT_FOUND)',
        429: 'Too many downloads (RATE_LIMITED)',
      },
    },
    async handle({ params, run }) {
      const { item } = await run(ProductIdQuery, { slug: params.slug! });
      if (!item) throw notFound();
      // The newest purchase of the product that was not refunded.
      const purchases = await loadAll(userPurchasesFetcher(run));
      const owned = purchases.find((p) => p.item?.databaseId === item.databaseId && p.refundState !== 'REFUNDED');
      if (!owned) throw new RestFailure(restError('FORBIDDEN', 'You have not purchased this product'));
      const { requestDownload } = await run(DownloadBySlug, { code: owned.code });
      return { body: { success: true, data: { download_url: requestDownload.url, expires_at: restDate(requestDownload.expiresAt)! } } };
    },
  },
  {
    method: 'GET',
    path: '/api/user/purchases',
    profile: 'products',
    summary: 'Every product you bought',
    scopes: ['purchase:list'],
    docs: {
      description: 'Newest first, refunded purchases included.',
      response: { description: 'Your purchases', schema: productsData('UserPurchaseList', z.array(UserPurchase)) },
      errors: { 401: 'No credential, or a bad one (UNAUTHORIZED)', 403: 'The token lacks purchase:list (FORBIDDEN)' },
    },
    async handle({ run }) {
      const purchases = await loadAll(userPurchasesFetcher(run));
      return {
        body: {
          success: true,
          data: purchases.map((p) => ({
            product_id: p.item?.databaseId ?? null,
            product_name: p.item?.name ?? null,
            product_slug: p.item?.slug ?? null,
            purchased_at: restDate(p.purchasedAt)!,
            price_paid: centsToNumber(p.price.cents),
          })),
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/api/version/:slug',
    profile: 'products',
    summary: 'The latest version of a product',
    public: true,
    docs: {
      parameters: [slugParameter],
      response: { description: 'The latest release', schema: productsData('LatestVersionResponse', LatestVersion) },
      errors: { 404: 'No product with this slug, or no release yet (NOT_FOUND)', 429: 'Too many version checks (RATE_LIMITED)' },
    },
    async handle({ params, run }) {
      const { latestVersion } = await run(LatestVersionQuery, { slug: params.slug! });
      if (!latestVersion) throw notFound();
      return {
        body: {
          success: true,
          data: {
            slug: latestVersion.slug,
            current_version: latestVersion.version,
            changelog: latestVersion.changelog,
            released_at: restDate(latestVersion.releasedAt)!,
          },
        },
      };
    },
  },
  {
    method: 'POST',
    path: '/api/version/check',
    profile: 'products',
    summary: 'Check several products for updates at once',
    public: true,
    docs: {
      description:
        'One entry per product sent, in order, whether or not an update is available (see update_available). ' +
        'An unknown slug answers latest_version null and update_available false.',
      body: { description: 'The installed products', schema: VersionCheckBody, required: true },
      response: {
        description: 'One answer per product',
        schema: named('VersionCheckResponse', z.strictObject({ success: z.literal(true), updates: z.array(VersionUpdate) })),
      },
      errors: { 400: 'A malformed body or a version that is not semantic (VALIDATION_ERROR)', 429: 'Too many version checks (RATE_LIMITED)' },
    },
    async handle({ body, run }) {
      const { products } = parseBody(VersionCheckBody, body);
      const { checkVersions } = await run(CheckVersionsQuery, { products: products.map(({ slug, version }) => ({ slug, version })) });
      return {
        body: {
          success: true,
          updates: checkVersions.map((check) => ({
            slug: check.slug,
            current_version: check.currentVersion,
            latest_version: check.latestVersion,
            update_available: check.updateAvailable,
          })),
        },
      };
    },
  },
];
