// The legacy API (001_…): /api/account/details, /api/items/all, /api/items/item,
// /api/purchases/validation, authenticated by an `api_key` parameter or X-API-Key header
// (a bearer token works too). Deprecated: every response carries Deprecation and Sunset
// headers. Shapes and messages are exactly the document's; errors are {"status":"error","msg"}.
import { z } from 'zod';
import { restError } from '../envelopes';
import { loadAll } from '../lists';
import { idParameter, stringParameter } from '../params';
import { Id, named } from '../registry';
import { RestFailure, type Route } from '../router';
import { LegacyItem, legacyItem, purchase } from '../shapes';
import { AccountDetailsQuery, AccountDetailsResponse, accountDetails } from '../v1/account';
import { authorItem, authorItemsFetcher } from '../v1/items';
import { PurchaseCodeBody, PurchaseResponse, verifyPurchase } from '../v1/purchases';

const ItemsResponse = named('LegacyItemList', z.strictObject({ status: z.literal('success'), items: z.array(LegacyItem) }));
const ItemResponse = named('LegacyItemResponse', z.strictObject({ status: z.literal('success'), item: LegacyItem }));

const apiKeyParameter = {
  name: 'api_key',
  in: 'query' as const,
  description: 'Your legacy API key (or send it in the X-API-Key header)',
  schema: z.string(),
};

export const legacyRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/account/details',
    profile: 'legacy',
    deprecated: true,
    summary: 'The account of the api key',
    scopes: ['user:account'],
    docs: {
      parameters: [apiKeyParameter],
      response: { description: 'The account', schema: AccountDetailsResponse },
      errors: { 401: 'No key, or a bad one' },
    },
    async handle({ run }) {
      const { viewer } = await run(AccountDetailsQuery, {});
      return { body: { status: 'success', data: accountDetails(viewer) } };
    },
  },
  {
    method: 'GET',
    path: '/api/items/all',
    profile: 'legacy',
    deprecated: true,
    summary: 'All items of the api key’s account',
    scopes: ['items:read'],
    etag: true,
    docs: {
      description: 'Every item the account authored, drafts included, newest created first. None at all answers 404 "No items found".',
      parameters: [apiKeyParameter],
      response: { description: 'The items', schema: ItemsResponse },
      errors: { 401: 'No key, or a bad one', 404: 'No items found' },
    },
    async handle({ run }) {
      const items = await loadAll(authorItemsFetcher(run));
      if (items.length === 0) throw new RestFailure(restError('NOT_FOUND', 'No items found'));
      return { body: { status: 'success', items: items.map(legacyItem) } };
    },
  },
  {
    method: 'GET',
    path: '/api/items/item',
    profile: 'legacy',
    deprecated: true,
    summary: 'One item of the api key’s account',
    scopes: ['items:read'],
    etag: true,
    docs: {
      parameters: [
        apiKeyParameter,
        { name: 'item_id', in: 'query', required: true, description: 'The ID of the item to retrieve', schema: Id },
      ],
      response: { description: 'The item', schema: ItemResponse },
      errors: { 400: 'item_id missing or not an id', 401: 'No key, or a bad one', 404: 'Item Not Found' },
    },
    async handle({ url, run }) {
      const item = await authorItem(run, idParameter('item_id', url.searchParams.get('item_id')));
      if (!item) throw new RestFailure(restError('NOT_FOUND', 'Item Not Found'));
      return { body: { status: 'success', item: legacyItem(item) } };
    },
  },
  {
    method: 'POST',
    path: '/api/purchases/validation',
    profile: 'legacy',
    deprecated: true,
    summary: 'Validate a purchase code of one of your items',
    scopes: ['purchase:verify'],
    docs: {
      description: '`purchase_code` in a form or JSON body, or in the query string as old clients send it.',
      parameters: [apiKeyParameter],
      body: { description: 'The code to check', schema: PurchaseCodeBody, form: true },
      response: { description: 'The purchase', schema: PurchaseResponse },
      errors: { 400: 'purchase_code missing', 401: 'No key, or a bad one', 404: 'Invalid purchase code', 429: 'Too many verifications' },
    },
    async handle({ body, url, run }) {
      const found = await verifyPurchase(run, stringParameter('purchase_code', body, url));
      if (!found) throw new RestFailure(restError('NOT_FOUND', 'Invalid purchase code'));
      return { body: { status: 'success', data: { purchase: purchase(found) } } };
    },
  },
];
