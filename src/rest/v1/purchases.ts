// Purchases (000_…): the buyer's list and one purchase by code, verification of a code
// by the item's author, and download links. The legacy POST /api/purchases/validation
// shares the verification (src/rest/legacy/routes.ts).
import { z } from 'zod';
import { graphql } from '../../generated/gql';
import type { RestPurchaseFragment } from '../../generated/gql/graphql';
import { restError, v1Data, v1List } from '../envelopes';
import { connectionPage, v1List as listBody, parseListQuery, type FetchPage, type ListSpec } from '../lists';
import { stringParameter } from '../params';
import { named } from '../registry';
import { RestFailure, type RestRequest, type Route } from '../router';
import { DownloadLink, Purchase, downloadLink, isWithdrawnItemError, purchase } from '../shapes';

const PurchasesQuery = graphql(`
  query RestPurchases($first: Int, $after: String, $last: Int, $before: String, $withNodes: Boolean!) {
    viewer {
      purchases(first: $first, after: $after, last: $last, before: $before) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges @include(if: $withNodes) { node { ...RestPurchase } }
      }
    }
  }
`);

const PurchaseDetailsQuery = graphql(`
  query RestPurchaseDetails($code: String!, $asBuyer: Boolean!, $asAuthor: Boolean!) {
    viewer @include(if: $asBuyer) { purchase(code: $code) { ...RestPurchase } }
    verifyPurchase(code: $code) @include(if: $asAuthor) { ...RestPurchase }
  }
`);

export const VerifyPurchaseQuery = graphql(`
  query RestVerifyPurchase($code: String!) {
    verifyPurchase(code: $code) { ...RestPurchase }
  }
`);

const RequestDownload = graphql(`
  mutation RestRequestDownload($code: String!) {
    requestDownload(purchaseCode: $code) { ...RestDownload }
  }
`);

const tolerateWithdrawn = { tolerate: isWithdrawnItemError };

function purchasesFetcher(run: RestRequest['run']): FetchPage<RestPurchaseFragment> {
  return async (args) => connectionPage((await run(PurchasesQuery, args, tolerateWithdrawn)).viewer.purchases);
}

/** The purchase a code names for its author (purchase:verify), or null for any other code. */
export async function verifyPurchase(run: RestRequest['run'], code: string): Promise<RestPurchaseFragment | null> {
  return (await run(VerifyPurchaseQuery, { code }, tolerateWithdrawn)).verifyPurchase;
}

const purchasesList: ListSpec = { sorts: [{ key: '-date' }, { key: 'date', backward: true }] };

export const PurchaseEnvelope = named('PurchaseEnvelope', z.strictObject({ purchase: Purchase }));
export const PurchaseResponse = v1Data('PurchaseResponse', PurchaseEnvelope);
const PurchaseListResponse = v1List('PurchaseList', Purchase);
const DownloadResponse = v1Data('DownloadLinkResponse', DownloadLink);

export const PurchaseCodeBody = named(
  'PurchaseCodeBody',
  z.object({ purchase_code: z.string().describe('The code the buyer gave you') }),
);

const codeParameter = { name: 'code', in: 'path' as const, required: true, description: 'The purchase code', schema: z.string() };

export const purchaseRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/v1/purchases',
    profile: 'v1',
    summary: 'Your purchases (buyer)',
    scopes: ['purchase:list'],
    list: purchasesList,
    docs: {
      description: 'Newest first by default. A purchase of an item withdrawn since is listed with `item: null`.',
      response: { description: 'A page of your purchases', schema: PurchaseListResponse },
      errors: { 400: 'A bad page, per_page, sort or cursor', 401: 'No credential, or a bad one', 403: 'The token lacks purchase:list' },
    },
    async handle({ url, run }) {
      return { body: await listBody(parseListQuery(url, purchasesList), purchasesFetcher(run), purchase) };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/purchases/verify',
    profile: 'v1',
    summary: 'Validate a purchase code of one of your items (author)',
    scopes: ['purchase:verify'],
    docs: {
      description:
        '`purchase_code` in a JSON or form body (or the query string). Unknown codes, malformed ones and codes of ' +
        "other authors' items get the same 404, so codes cannot be probed.",
      body: { description: 'The code to check', schema: PurchaseCodeBody, required: true, form: true },
      response: { description: 'The purchase', schema: PurchaseResponse },
      errors: {
        400: 'purchase_code missing',
        401: 'No credential, or a bad one',
        403: 'The token lacks purchase:verify',
        404: 'Invalid purchase code',
        429: 'Too many verifications',
      },
    },
    async handle({ body, url, run }) {
      const found = await verifyPurchase(run, stringParameter('purchase_code', body, url));
      if (!found) throw new RestFailure(restError('NOT_FOUND', 'Invalid purchase code'));
      return { body: { status: 'success', data: { purchase: purchase(found) } } };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/purchases/:code',
    profile: 'v1',
    summary: 'One purchase by code: yours (buyer) or of your item (author)',
    scopes: ['purchase:list', 'purchase:verify'],
    anyScope: true,
    docs: {
      description:
        'The buyer reads it with purchase:list, the author of the item with purchase:verify; either scope is enough. ' +
        'Anyone else gets 404, as for an unknown code.',
      parameters: [codeParameter],
      response: { description: 'The purchase', schema: PurchaseResponse },
      errors: { 401: 'No credential, or a bad one', 403: 'The token has neither scope', 404: 'No purchase with this code that you may read' },
    },
    async handle({ params, serverContext, run, runResult }) {
      const scopes = serverContext.viewer?.scopes;
      const asBuyer = Boolean(scopes?.has('purchase:list'));
      const asAuthor = Boolean(scopes?.has('purchase:verify'));
      const code = params.code!;
      if (!asBuyer && !asAuthor) {
        // Let the schema refuse (401 anonymous, 403 naming both scopes).
        const { errors } = await runResult(PurchaseDetailsQuery, { code, asBuyer: true, asAuthor: true });
        const refusal = errors.find((error) => error.extensions?.code === 'UNAUTHENTICATED');
        if (refusal) throw new RestFailure(restError('UNAUTHENTICATED', refusal.message));
        throw new RestFailure(restError('FORBIDDEN', 'Missing scope: purchase:list or purchase:verify is required'));
      }
      // As the buyer first: that costs no verification budget.
      let found: RestPurchaseFragment | null = null;
      if (asBuyer) found = (await run(PurchaseDetailsQuery, { code, asBuyer, asAuthor: false }, tolerateWithdrawn)).viewer?.purchase ?? null;
      if (!found && asAuthor) {
        found = (await run(PurchaseDetailsQuery, { code, asBuyer: false, asAuthor }, tolerateWithdrawn)).verifyPurchase ?? null;
      }
      if (!found) throw new RestFailure(restError('NOT_FOUND', 'Purchase not found'));
      return { body: { status: 'success', data: { purchase: purchase(found) } } };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/purchases/:code/download',
    profile: 'v1',
    summary: 'A short-lived download link for one of your purchases',
    scopes: ['download:purchase'],
    docs: {
      description: 'The link is for the latest version of the item and needs no credential; it expires at `expires_at`.',
      parameters: [codeParameter],
      response: { description: 'The link', schema: DownloadResponse },
      errors: {
        401: 'No credential, or a bad one',
        403: 'The token lacks download:purchase',
        404: 'No purchase of yours with this code (or it was refunded)',
        429: 'Too many downloads',
      },
    },
    async handle({ params, run }) {
      const { requestDownload } = await run(RequestDownload, { code: params.code! });
      return { body: { status: 'success', data: downloadLink(requestDownload) } };
    },
  },
];
