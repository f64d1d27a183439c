// Downloads in GraphQL: `requestDownload` issues a short-lived signed link for a purchase;
// the file itself is served over plain HTTP (src/downloads/http.ts).
import { builder } from '../graphql/builder';
import { enforceRateLimit } from '../limits/enforce';
import type { Context } from '../graphql/context';
import { issueDownloadLink, type DownloadLink } from './service';

const DownloadLinkRef = builder.objectRef<DownloadLink>('DownloadLink').implement({
  description: 'A short-lived signed link to a purchased file. Anyone holding the link can download until it expires: keep it private.',
  fields: (t) => ({
    url: t.exposeString('url', {
      description: 'GET this URL (no Authorization header needed) to receive the file.',
      authScopes: { public: true },
    }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', authScopes: { public: true } }),
    fileName: t.exposeString('fileName', { authScopes: { public: true } }),
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

builder.mutationFields((t) => ({
  requestDownload: t.field({
    type: DownloadLinkRef,
    description:
      'Issues a signed download link for the latest version of an item you bought (not refunded). ' +
      'Links live DOWNLOAD_LINK_TTL seconds (default 300). Unknown, foreign and refunded codes all answer NOT_FOUND.',
    authScopes: { 'download:purchase': true },
    args: { purchaseCode: t.arg.string({ required: true }) },
    resolve: async (_root, args, context) => {
      await enforceRateLimit(context, 'downloads');
      return issueDownloadLink({
        prisma: context.services.db.prisma,
        config: context.services.config,
        now: context.services.now(),
        buyerId: context.viewer!.accountId,
        purchaseCode: args.purchaseCode,
        origin: requestOrigin(context),
      });
    },
  }),
}));
