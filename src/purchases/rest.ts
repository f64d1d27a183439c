// Purchases over REST: the buyer's list (000_… v1) and every purchase (002_… products),
// one purchase by code for its buyer or its item's author, and verification of a code by
// the author (000_… v1, and 001_…'s legacy twin).
import { z } from 'zod';
import { graphql } from '../generated/gql';
import type { RestPurchaseFragment } from '../generated/gql/graphql';
import { productsData, v1Data, v1List } from '../rest/envelopes';
import { notFound } from '../rest/errors';
import { restDate } from '../rest/format';
import { listReply, ofNode, type ListSpec } from '../rest/lists';
import { stringParameter } from '../rest/params';
import { Id, named } from '../rest/registry';
import { route, type RestInput } from '../rest/route';
import { Amount, DateTimeText, ITEM_EXAMPLE, LegacyItem, legacyItem } from '../rest/shapes';
import { centsToNumber } from '../shared/money';

graphql(`
  fragment RestPurchase on Purchase {
    code
    licenseType
    price { cents currency }
    item { ...RestItem }
    supportedUntil
    downloaded
    purchasedAt
  }
`);

const PurchasesQuery = graphql(`
  query RestPurchases($first: Int, $after: String, $last: Int, $before: String, $offset: Int) {
    viewer {
      purchases(first: $first, after: $after, last: $last, before: $before, offset: $offset) {
        totalCount
        pageInfo { ...RestPageInfo }
        edges { node { ...RestPurchase } }
      }
    }
  }
`);

const PurchaseQuery = graphql(`
  query RestPurchase($code: String!) {
    purchase(code: $code) { ...RestPurchase }
  }
`);

const VerifyPurchaseQuery = graphql(`
  query RestVerifyPurchase($code: String!) {
    verifyPurchase(code: $code) { ...RestPurchase }
  }
`);

const UserPurchasesQuery = graphql(`
  query RestUserPurchases($first: Int, $offset: Int) {
    viewer {
      purchases(first: $first, offset: $offset) {
        pageInfo { hasNextPage }
        edges { node { purchasedAt price { cents } item { databaseId name slug } } }
      }
    }
  }
`);

export const Purchase = named(
  'Purchase',
  z.strictObject({
    purchase_code: z.string(),
    license_type: z.enum(['Regular', 'Extended']),
    price: Amount,
    currency: z.string(),
    item: LegacyItem.nullable().describe('Null when the item has since been withdrawn from the catalog'),
    supported_until: DateTimeText.optional().describe('Absent when the item comes without support'),
    downloaded: z.boolean(),
    date: DateTimeText.describe('When the purchase was made'),
  }),
  'A purchase exactly as the documents show it.',
  {
    purchase_code: '5f0c2b7e-3a41-4c1e-9d5b-2f7a8e6c1d90',
    license_type: 'Regular',
    price: 19.99,
    currency: 'USD',
    item: ITEM_EXAMPLE,
    supported_until: '2024-10-27T12:00:00Z',
    downloaded: false,
    date: '2024-04-27T12:00:00Z',
  },
);

export const licenseName = (license: string) => (license === 'EXTENDED' ? 'Extended' : 'Regular');

function purchase(p: RestPurchaseFragment): z.infer<typeof Purchase> {
  return {
    purchase_code: p.code,
    license_type: licenseName(p.licenseType),
    price: centsToNumber(p.price.cents),
    currency: p.price.currency,
    item: p.item ? legacyItem(p.item) : null,
    ...(p.supportedUntil && { supported_until: restDate(p.supportedUntil)! }),
    downloaded: p.downloaded,
    date: restDate(p.purchasedAt)!,
  };
}

const PurchaseResponse = v1Data('PurchaseResponse', named('PurchaseEnvelope', z.strictObject({ purchase: Purchase })));
const PurchaseCodeBody = named('PurchaseCodeBody', z.object({ purchase_code: z.string().describe('The code the buyer gave you') }));
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

const purchasesList: ListSpec = { sorts: [{ key: '-date' }, { key: 'date', backward: true }] };
const codeParameter = { name: 'code', in: 'path' as const, required: true, description: 'The purchase code', schema: z.string() };
const codeOf = ({ body, url }: RestInput) => ({ code: stringParameter('purchase_code', body, url) });

/** Verification answers one 404 for unknown, malformed and other authors' codes: codes cannot be probed. */
const verification = {
  operation: VerifyPurchaseQuery,
  variables: codeOf,
  reply: (data: { verifyPurchase: RestPurchaseFragment | null }) => {
    if (!data.verifyPurchase) throw notFound('Invalid purchase code');
    return { body: { status: 'success', data: { purchase: purchase(data.verifyPurchase) } } };
  },
};

export const purchaseRoutes = [
  route({
    method: 'GET',
    path: '/api/v1/purchases',
    profile: 'v1',
    summary: 'Your purchases (buyer)',
    list: purchasesList,
    operation: PurchasesQuery,
    variables: ({ list }) => list.window,
    reply: (data, { list }) => listReply(list, data.viewer!.purchases, ofNode(purchase)),
    docs: {
      description: 'Newest first by default. A purchase of an item withdrawn since is listed with `item: null`.',
      response: { description: 'A page of your purchases', schema: v1List('PurchaseList', Purchase) },
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/purchases/verify',
    profile: 'v1',
    summary: 'Validate a purchase code of one of your items (author)',
    ...verification,
    docs: {
      description:
        '`purchase_code` in a JSON or form body (or the query string). Unknown codes, malformed ones and codes of ' +
        "other authors' items get the same 404, so codes cannot be probed.",
      body: { description: 'The code to check', schema: PurchaseCodeBody, required: true, form: true },
      response: { description: 'The purchase', schema: PurchaseResponse },
      errors: { 400: 'purchase_code missing', 404: 'Invalid purchase code', 429: 'Too many verifications' },
    },
  }),
  route({
    method: 'POST',
    path: '/api/purchases/validation',
    profile: 'legacy',
    deprecated: true,
    summary: 'Validate a purchase code of one of your items',
    ...verification,
    docs: {
      description: '`purchase_code` in a form or JSON body, or in the query string as old clients send it.',
      body: { description: 'The code to check', schema: PurchaseCodeBody, form: true },
      response: { description: 'The purchase', schema: PurchaseResponse },
      errors: { 400: 'purchase_code missing', 401: 'No key, or a bad one', 404: 'Invalid purchase code', 429: 'Too many verifications' },
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/purchases/:code',
    profile: 'v1',
    summary: 'One purchase by code: yours (buyer) or of your item (author)',
    operation: PurchaseQuery,
    variables: ({ params }) => ({ code: params.code! }),
    reply: (data) => {
      if (!data.purchase) throw notFound('Purchase not found');
      return { body: { status: 'success', data: { purchase: purchase(data.purchase) } } };
    },
    docs: {
      description:
        'The buyer reads it with purchase:list, the author of the item with purchase:verify; either scope is enough. ' +
        'Anyone else gets 404, as for an unknown code.',
      parameters: [codeParameter],
      response: { description: 'The purchase', schema: PurchaseResponse },
      errors: { 404: 'No purchase with this code that you may read' },
    },
  }),
  route({
    method: 'GET',
    path: '/api/user/purchases',
    profile: 'products',
    summary: 'Every product you bought',
    operation: UserPurchasesQuery,
    everyRecord: (data) => data.viewer!.purchases,
    reply: (data) => ({
      body: {
        success: true,
        data: data.viewer!.purchases.edges.map(({ node: p }) => ({
          product_id: p.item?.databaseId ?? null,
          product_name: p.item?.name ?? null,
          product_slug: p.item?.slug ?? null,
          purchased_at: restDate(p.purchasedAt)!,
          price_paid: centsToNumber(p.price.cents),
        })),
      },
    }),
    docs: {
      description: 'Newest first, refunded purchases included.',
      response: { description: 'Your purchases', schema: productsData('UserPurchaseList', z.array(UserPurchase)) },
    },
  }),
];
