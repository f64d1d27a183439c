// Every REST route of the compatibility layer, by source document. The same table serves
// requests (src/rest/router.ts), generates the OpenAPI document (src/rest/openapi.ts) and
// the scope table (docs/scopes.md).
import { docsRoutes } from './docs';
import { legacyRoutes } from './legacy/routes';
import { productRoutes } from './products/routes';
import type { Route } from './router';
import { accountRoutes } from './v1/account';
import { authRoutes } from './v1/auth';
import { catalogRoutes } from './v1/catalog';
import { favoriteRoutes } from './v1/favorites';
import { itemRoutes } from './v1/items';
import { ledgerRoutes } from './v1/ledger';
import { purchaseRoutes } from './v1/purchases';

export const restRoutes: Route[] = [
  // 000_… (v1) and 004_…'s sessions
  ...authRoutes,
  ...accountRoutes,
  ...itemRoutes,
  ...purchaseRoutes,
  ...ledgerRoutes,
  ...favoriteRoutes,
  ...catalogRoutes,
  // 001_… (legacy, deprecated)
  ...legacyRoutes,
  // 002_… (products)
  ...productRoutes,
];

restRoutes.push(...docsRoutes(() => restRoutes));
