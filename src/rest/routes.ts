// Every REST route of the compatibility layer, by source document.
import type { Route } from './router';
import { accountRoutes } from './v1/account';
import { authRoutes } from './v1/auth';
import { legacyRoutes } from './legacy/routes';

export const restRoutes: Route[] = [...authRoutes, ...accountRoutes, ...legacyRoutes];
