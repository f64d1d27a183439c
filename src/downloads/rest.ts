// Download links over REST: by purchase code (000_… v1) and by product slug (002_…). The
// link is the same short-lived signed URL GraphQL's requestDownload issues.
import { z } from 'zod';
import { graphql } from '../generated/gql';
import { productsData, v1Data } from '../rest/envelopes';
import { restDate } from '../rest/format';
import { Count, Id, named } from '../rest/registry';
import { type ExternalRoute, route } from '../rest/route';
import { DateTimeText } from '../rest/shapes';
import { DOWNLOAD_PATH_PREFIX } from './links';

graphql(`
  fragment RestDownload on DownloadLink { url expiresAt fileName fileSize version sha256 }
`);

const RequestDownload = graphql(`
  mutation RestRequestDownload($code: String, $slug: String) {
    requestDownload(purchaseCode: $code, itemSlug: $slug) { link { ...RestDownload } }
  }
`);

const DownloadLink = named(
  'DownloadLink',
  z.strictObject({
    download_url: z.string().describe('GET it (no credential needed) before it expires'),
    expires_at: DateTimeText,
    file_name: z.string(),
    file_size: Count.describe('Bytes'),
    version: z.string(),
    sha256: z.string().describe("Hex SHA-256 of the file's bytes"),
  }),
  'A short-lived signed link to a purchased file.',
  {
    download_url: 'https://market.example.com/downloads/123.1714219500.kq3…',
    expires_at: '2024-04-27T12:05:00Z',
    file_name: 'sample-item-1.0.0.zip',
    file_size: 48213,
    version: '1.0.0',
    sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  },
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

export const downloadRoutes = [
  route({
    method: 'POST',
    path: '/api/v1/purchases/:code/download',
    profile: 'v1',
    summary: 'A short-lived download link for one of your purchases',
    operation: RequestDownload,
    variables: ({ params }) => ({ code: params.code!, slug: null }),
    reply: ({ requestDownload: { link } }) => ({
      body: {
        status: 'success',
        data: {
          download_url: link.url,
          expires_at: restDate(link.expiresAt)!,
          file_name: link.fileName,
          file_size: link.fileSize,
          version: link.version,
          sha256: link.sha256,
        },
      },
    }),
    docs: {
      description: 'The link is for the latest version of the item and needs no credential; it expires at `expires_at`.',
      parameters: [{ name: 'code', in: 'path', required: true, description: 'The purchase code', schema: z.string() }],
      response: { description: 'The link', schema: v1Data('DownloadLinkResponse', DownloadLink) },
      errors: { 404: 'No purchase of yours with this code (or it was refunded)', 429: 'Too many downloads' },
    },
  }),
  route({
    method: 'GET',
    path: '/api/downloads/:slug',
    profile: 'products',
    summary: 'A download link for a product you bought, or a free one',
    operation: RequestDownload,
    variables: ({ params }) => ({ code: null, slug: params.slug! }),
    messages: { NOT_FOUND: 'Product not found', FORBIDDEN: 'You have not purchased this product' },
    reply: ({ requestDownload: { link } }) => ({
      body: { success: true, data: { download_url: link.url, expires_at: restDate(link.expiresAt)! } },
    }),
    docs: {
      description:
        'The link is for the latest version, needs no credential and expires at `expires_at`. A free product (price 0) ' +
        'needs no purchase ("valid purchase/free product access", 002_…); every link counts against the download budget.',
      parameters: [{ name: 'slug', in: 'path', required: true, description: 'The product slug, e.g. neon-theme', schema: z.string() }],
      response: { description: 'The link', schema: productsData('ProductDownloadResponse', ProductDownload) },
      errors: {
        403: 'You have not bought this product (and it is not free), or the token lacks download:purchase (FORBIDDEN)',
        404: 'No product with this slug (NOT_FOUND)',
        429: 'Too many downloads (RATE_LIMITED)',
      },
    },
  }),
  {
    // The link both routes above hand out; answered by src/downloads/http.ts, outside the REST layer.
    method: 'GET',
    path: `${DOWNLOAD_PATH_PREFIX}:id`,
    profile: 'v1',
    summary: 'Download a file by its signed link',
    public: true,
    external: true,
    docs: {
      tag: 'downloads',
      description:
        'The `url` of a download link (POST /api/v1/purchases/{code}/download, GET /api/downloads/{slug}). The signature is the ' +
        'credential: no token is needed and none is looked at, and the path spends no rate-limit budget (the request for the ' +
        'link did). Every refusal is a 403 without file bytes.',
      parameters: [
        { name: 'id', in: 'path', description: 'The download grant', schema: Id },
        { name: 'expires', in: 'query', required: true, description: 'When the link expires (Unix seconds), as issued', schema: Count },
        { name: 'signature', in: 'query', required: true, description: 'The signature of the link, as issued', schema: z.string() },
      ],
      response: {
        description: 'The file (Content-Disposition names it; Repr-Digest gives its SHA-256)',
        schema: z.string().meta({ contentMediaType: 'application/zip' }),
        contentType: 'application/zip',
      },
      errors: {
        400: 'A parameter with a NUL character (details names it)',
        403: 'A malformed, tampered or expired link, or a refunded purchase',
        404: 'The file is missing from the store',
      },
    },
  } satisfies ExternalRoute,
];
