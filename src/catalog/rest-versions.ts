// Version checks for auto-updaters (002_…): the latest release of a product, and a batch
// check whose answer is {"success":true,"updates":[…]}. Public, with their own rate limit.
import { z } from 'zod';
import { graphql } from '../generated/gql';
import { productsData } from '../rest/envelopes';
import { notFound } from '../rest/errors';
import { restDate } from '../rest/format';
import { parseBody } from '../rest/params';
import { named } from '../rest/registry';
import { route } from '../rest/route';

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

const LatestVersion = named(
  'LatestVersion',
  z.strictObject({ slug: z.string(), current_version: z.string(), changelog: z.string(), released_at: z.string() }),
  'The latest release of a product.',
  {
    slug: 'neon-theme',
    current_version: '1.2.0',
    changelog: '- Fixed mobile responsiveness\n- Added dark mode support',
    released_at: '2024-03-01T09:00:00Z',
  },
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
  {
    products: [
      { slug: 'neon-theme', version: '1.0.0' },
      { slug: 'chat-module', version: '2.1.0' },
    ],
  },
);

const slugParameter = { name: 'slug', in: 'path' as const, required: true, description: 'The product slug, e.g. neon-theme', schema: z.string() };
const open = { profile: 'products', public: true } as const;

export const versionRoutes = [
  route({
    method: 'GET',
    path: '/api/version/:slug',
    ...open,
    summary: 'The latest version of a product',
    operation: LatestVersionQuery,
    variables: ({ params }) => ({ slug: params.slug! }),
    reply: ({ latestVersion: latest }) => {
      if (!latest) throw notFound('Product not found');
      const data = { slug: latest.slug, current_version: latest.version, changelog: latest.changelog, released_at: restDate(latest.releasedAt)! };
      return { body: { success: true, data } };
    },
    docs: {
      parameters: [slugParameter],
      response: { description: 'The latest release', schema: productsData('LatestVersionResponse', LatestVersion) },
      errors: { 404: 'No product with this slug, or no release yet (NOT_FOUND)', 429: 'Too many version checks (RATE_LIMITED)' },
    },
  }),
  route({
    method: 'POST',
    path: '/api/version/check',
    ...open,
    summary: 'Check several products for updates at once',
    operation: CheckVersionsQuery,
    variables: ({ body }) => ({ products: parseBody(VersionCheckBody, body).products.map(({ slug, version }) => ({ slug, version })) }),
    reply: ({ checkVersions }) => ({
      body: {
        success: true,
        updates: checkVersions.map((check) => ({
          slug: check.slug,
          current_version: check.currentVersion,
          latest_version: check.latestVersion,
          update_available: check.updateAvailable,
        })),
      },
    }),
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
  }),
];
