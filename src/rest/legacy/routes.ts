// The legacy API (001_…): /api/account/details, /api/items/all, /api/items/item,
// /api/purchases/validation, authenticated by an `api_key` parameter or X-API-Key header.
// Deprecated: every response carries Deprecation and Sunset headers.
import type { Route } from '../router';
import { AccountDetailsQuery, accountDetails } from '../v1/account';

export const legacyRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/account/details',
    profile: 'legacy',
    deprecated: true,
    summary: 'The account of the api key',
    scopes: ['user:account'],
    async handle({ run }) {
      const { viewer } = await run(AccountDetailsQuery, {});
      return { body: { status: 'success', data: accountDetails(viewer) } };
    },
  },
];
