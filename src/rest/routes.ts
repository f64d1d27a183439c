// Every REST route, by API profile: the same table is mounted on the gateway
// (src/rest/mount.ts), generates the OpenAPI document (src/rest/openapi.ts) and the scope
// table (docs/scopes.md). Each resource declares its routes with its domain.
import { accountRoutes } from '../accounts/rest';
import { apiKeyRoutes } from '../accounts/rest-api-key';
import { userRoutes } from '../accounts/rest-users';
import { catalogRoutes } from '../catalog/rest';
import { authorItemRoutes } from '../catalog/rest-author';
import { productRoutes } from '../catalog/rest-products';
import { versionRoutes } from '../catalog/rest-versions';
import { downloadRoutes } from '../downloads/rest';
import { favoriteRoutes } from '../favorites/rest';
import { ledgerRoutes } from '../ledger/rest';
import { purchaseRoutes } from '../purchases/rest';
import { statsRoutes } from '../stats/rest';
import { webhookRoutes } from '../webhooks/rest';
import { workspaceRoutes } from '../workspaces/rest';
import { docsRoutes } from './docs';
import type { Route } from './route';

const all: Route[] = [
  ...accountRoutes,
  ...authorItemRoutes,
  ...catalogRoutes,
  ...downloadRoutes,
  ...favoriteRoutes,
  ...ledgerRoutes,
  ...productRoutes,
  ...versionRoutes,
  ...purchaseRoutes,
  ...statsRoutes,
  ...userRoutes,
  ...apiKeyRoutes,
  ...webhookRoutes,
  ...workspaceRoutes,
];

const ofProfile = (profile: Route['profile']) => all.filter((declared) => declared.profile === profile);

export const restRoutes: Route[] = [
  // 000_… (v1), with 004_…'s sessions
  ...ofProfile('v1'),
  // 001_… (legacy, deprecated: api_key)
  ...ofProfile('legacy'),
  // 002_… (products)
  ...ofProfile('products'),
];

restRoutes.push(...docsRoutes(() => restRoutes));
