// Downloads in GraphQL: `requestDownload` issues a short-lived signed link for a purchase
// (by its code, or by the item's slug);
// the file itself is served over plain HTTP (src/downloads/http.ts).
import { z } from 'zod';
import { builder } from '../graphql/builder';
import { enforceRateLimit } from '../limits/enforce';
import type { Context } from '../graphql/context';
import { issueDownloadLink, type DownloadLink } from './service';

const DownloadLinkRef = builder.objectRef<DownloadLink>('DownloadLink').implement({
  description: 'A short-lived signed link to a purchased file. Anyone holding the link can download until it expires: keep it private.',
  fields: (t) => ({
    // Absolute: a GraphQL request always has the origin the link is made from (requestOrigin).
    url: t.expose('url', {
      type: 'URL',
      description: 'GET this URL (no Authorization header needed) to receive the file.',
      authScopes: { public: true },
    }),
    expiresAt: t.expose('expiresAt', {
      type: 'DateTime',
      description: 'When the link stops working, in whole seconds: DOWNLOAD_LINK_TTL seconds after it was issued (default 300).',
      authScopes: { public: true },
    }),
    fileName: t.exposeString('fileName', { description: 'The name of the file, to save it under.', authScopes: { public: true } }),
    fileSize: t.exposeInt('fileSize', { description: 'Bytes.', authScopes: { public: true } }),
    version: t.exposeString('version', { description: 'The item version the file holds (its latest).', authScopes: { public: true } }),
    sha256: t.exposeString('sha256', { description: "Hex SHA-256 of the file's bytes.", authScopes: { public: true } }),
  }),
});

/** The origin this request came in on, so links point back at the gateway. */
function requestOrigin(context: Context): string | undefined {
  const request = (context as Context & { request?: Request }).request;
  return request ? new URL(request.url).origin : undefined;
}

const RequestDownloadPayload = builder.objectRef<DownloadLink>('RequestDownloadPayload').implement({
  description: 'The download link issued.',
  fields: (t) => ({
    link: t.field({
      type: DownloadLinkRef,
      description: 'GET its url to receive the file, before it expires.',
      authScopes: { 'download:purchase': true },
      resolve: (link) => link,
    }),
  }),
});

builder.mutationFields((t) => ({
  requestDownload: t.field({
    type: RequestDownloadPayload,
    description:
      'Issues a signed download link for the latest version of an item you bought (not refunded), named by the purchase ' +
      'code or by the item slug (exactly one). Links live DOWNLOAD_LINK_TTL seconds (default 300). Unknown, foreign and ' +
      'refunded codes all answer NOT_FOUND; by slug, an unknown slug is NOT_FOUND and an item you have not bought FORBIDDEN, ' +
      'unless it is free (regular price 0, published or unlisted): free items are downloaded by slug without a purchase. ' +
      'Every link counts against the download budget.',
    authScopes: { 'download:purchase': true },
    args: {
      purchaseCode: t.arg.string({ required: false, description: 'The purchase code of your purchase.' }),
      itemSlug: t.arg.string({
        required: false,
        description: 'The slug of an item you bought (its newest purchase that was not refunded), or of a free item.',
      }),
    },
    validate: z
      .object({ purchaseCode: z.string().nullish(), itemSlug: z.string().nullish() })
      .refine((args) => (args.purchaseCode == null) !== (args.itemSlug == null), {
        path: ['purchaseCode'],
        message: 'give exactly one of purchaseCode or itemSlug',
      }),
    resolve: async (_root, args, context) => {
      await enforceRateLimit(context, 'downloads');
      return issueDownloadLink({
        prisma: context.services.db.prisma,
        config: context.services.config,
        now: context.services.now(),
        buyerId: context.viewer!.accountId,
        purchase: args.purchaseCode != null ? { code: args.purchaseCode } : { itemSlug: args.itemSlug! },
        origin: requestOrigin(context),
      });
    },
  }),
}));
