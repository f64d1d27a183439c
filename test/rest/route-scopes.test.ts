// The scopes each REST route documents are derived from the fields its stored operation
// selects (src/rest/scopes.ts). Proved against enforcement, route by route: a token
// holding only the derived scopes is served, and one holding every other scope is
// refused with 403. A derivation that missed a field's scope fails the first half; one
// that invented a scope fails the second.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_SCOPES, type Scope } from '../../src/accounts/scopes';
import { isOperationRoute, type Route } from '../../src/rest/route';
import { restRoutes } from '../../src/rest/routes';
import { routeScopes } from '../../src/rest/scopes';
import { accountId, tokenFor } from '../support/accounts';
import { createWebhook } from '../../src/webhooks';
import { startTestGateway, type TestGateway } from '../support/gateway';

let t: TestGateway;
let purchaseCode: string;
let purchasedSlug: string;
let author: string;
let ownItemId: number;
let favoriteItemId: number;
let webhookId: number;
let organizationId: number;
let newMemberId: number;

beforeAll(async () => {
  t = await startTestGateway();
  const newest = await t.db.prisma.purchase.findFirstOrThrow({
    where: { buyerId: await accountId(t, 'johndoe'), refundState: 'NONE' },
    orderBy: [{ purchasedAt: 'desc' }, { id: 'desc' }],
    include: { item: { include: { author: true } } },
  });
  purchaseCode = newest.code;
  purchasedSlug = newest.item.slug;
  author = newest.item.author.username;
  ownItemId = newest.itemId;
  favoriteItemId = newest.itemId;
  // johndoe's webhook for the webhook routes (DELETE, declared last, removes it).
  const johnId = await accountId(t, 'johndoe');
  const rules = { appSecret: 'test-secret-test-secret-test-secret!', allowPrivateTargets: true };
  const hook = await createWebhook(t.db.prisma, johnId, { url: 'http://127.0.0.1:9/hook', events: ['download.issued'] }, rules);
  if (!hook.ok) throw new Error(JSON.stringify(hook.problems));
  webhookId = hook.webhookId;
  // pixelforge's seeded workspace for the organizations routes (DELETE, declared last, removes it).
  organizationId = (await t.db.prisma.workspace.findUniqueOrThrow({ where: { slug: 'pixelforge-studio' } })).id;
  newMemberId = await accountId(t, 'soundwave');
});
afterAll(() => t.close());

interface Call {
  as: () => string;
  /** Who calls with one scope of an any-of route, when another account reads through it. */
  asWith?: Partial<Record<Scope, () => string>>;
  path: () => string;
  json?: () => unknown;
}

const buyer = () => 'johndoe';
const seller = () => author;

/** A request each scoped route serves, made by the account it is for. */
const CALLS: Record<string, Call> = {
  'GET /api/v1/account/details': { as: buyer, path: () => '/api/v1/account/details' },
  'GET /api/account/details': { as: buyer, path: () => '/api/account/details' },
  'GET /api/v1/items': { as: seller, path: () => '/api/v1/items' },
  'GET /api/v1/items/:item_id': { as: seller, path: () => `/api/v1/items/${ownItemId}` },
  'GET /api/items/all': { as: seller, path: () => '/api/items/all' },
  'GET /api/items/item': { as: seller, path: () => `/api/items/item?item_id=${ownItemId}` },
  'POST /api/v1/purchases/:code/download': { as: buyer, path: () => `/api/v1/purchases/${purchaseCode}/download` },
  'GET /api/downloads/:slug': { as: buyer, path: () => `/api/downloads/${purchasedSlug}` },
  'GET /api/v1/favorites': { as: buyer, path: () => '/api/v1/favorites' },
  'POST /api/v1/favorites': { as: buyer, path: () => '/api/v1/favorites', json: () => ({ item_id: favoriteItemId }) },
  'DELETE /api/v1/favorites/:item_id': { as: buyer, path: () => `/api/v1/favorites/${favoriteItemId}` },
  'GET /api/v1/sales': { as: seller, path: () => '/api/v1/sales' },
  'GET /api/v1/statements': { as: buyer, path: () => '/api/v1/statements' },
  'GET /api/v1/purchases': { as: buyer, path: () => '/api/v1/purchases' },
  'POST /api/v1/purchases/verify': { as: seller, path: () => '/api/v1/purchases/verify', json: () => ({ purchase_code: purchaseCode }) },
  'POST /api/purchases/validation': { as: seller, path: () => '/api/purchases/validation', json: () => ({ purchase_code: purchaseCode }) },
  'GET /api/v1/purchases/:code': { as: buyer, asWith: { 'purchase:verify': seller }, path: () => `/api/v1/purchases/${purchaseCode}` },
  'GET /api/user/purchases': { as: buyer, path: () => '/api/user/purchases' },
  'GET /api/v1/stats/summary': { as: buyer, path: () => '/api/v1/stats/summary' },
  'GET /api/v1/users/me': { as: buyer, path: () => '/api/v1/users/me' },
  'PATCH /api/v1/users/me': { as: buyer, path: () => '/api/v1/users/me', json: () => ({ profile: { first_name: 'John' } }) },
  'GET /api/v1/users': { as: () => 'admin', path: () => '/api/v1/users' },
  'DELETE /api/v1/users/me/api-key': { as: buyer, path: () => '/api/v1/users/me/api-key' },
  'GET /api/v1/webhooks': { as: buyer, path: () => '/api/v1/webhooks' },
  'POST /api/v1/webhooks': { as: buyer, path: () => '/api/v1/webhooks', json: () => ({ url: 'https://1.1.1.1/hook', events: ['download.issued'] }) },
  'PATCH /api/v1/webhooks/:id': { as: buyer, path: () => `/api/v1/webhooks/${webhookId}`, json: () => ({ active: true }) },
  'POST /api/v1/webhooks/:id/test': { as: buyer, path: () => `/api/v1/webhooks/${webhookId}/test` },
  'GET /api/v1/webhooks/:id/deliveries': { as: buyer, path: () => `/api/v1/webhooks/${webhookId}/deliveries` },
  'DELETE /api/v1/webhooks/:id': { as: buyer, path: () => `/api/v1/webhooks/${webhookId}` },
  'GET /api/v1/organizations': { as: seller, path: () => '/api/v1/organizations' },
  'GET /api/v1/organizations/:id': { as: () => 'pixelforge', path: () => `/api/v1/organizations/${organizationId}` },
  'POST /api/v1/organizations': { as: buyer, path: () => '/api/v1/organizations', json: () => ({ name: 'Scopes', slug: 'route-scopes' }) },
  'PATCH /api/v1/organizations/:id': {
    as: () => 'pixelforge',
    path: () => `/api/v1/organizations/${organizationId}`,
    json: () => ({ name: 'Studio' }),
  },
  'GET /api/v1/organizations/:id/members': { as: () => 'pixelforge', path: () => `/api/v1/organizations/${organizationId}/members` },
  'POST /api/v1/organizations/:id/members': {
    as: () => 'pixelforge',
    path: () => `/api/v1/organizations/${organizationId}/members`,
    json: () => ({ username: 'soundwave' }),
  },
  'DELETE /api/v1/organizations/:id/members/:user_id': {
    as: () => 'pixelforge',
    path: () => `/api/v1/organizations/${organizationId}/members/${newMemberId}`,
  },
  'DELETE /api/v1/organizations/:id': { as: () => 'pixelforge', path: () => `/api/v1/organizations/${organizationId}` },
};

const key = (route: Route) => `${route.method} ${route.path}`;
const scoped = restRoutes.filter((route) => isOperationRoute(route) && routeScopes(route).scopes.length > 0);

async function send(route: Route, call: Call, scopes: Scope[]) {
  const who = (scopes.length === 1 && call.asWith?.[scopes[0]!]) || call.as;
  const token = await tokenFor(t, who(), scopes, { name: `${key(route)} ${scopes.length}` });
  const json = call.json?.();
  const response = await t.request(call.path(), {
    method: route.method,
    token,
    ...(json !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) }),
  });
  return { status: response.status, text: await response.text() };
}

describe('route scopes', () => {
  it('are derived for every non-public route but logout (which needs a session, not a scope)', () => {
    const unscoped = restRoutes.filter((route) => isOperationRoute(route) && !route.public && routeScopes(route).scopes.length === 0);
    // and the legacy api key's issuance (a session only: docs/scopes.md says why).
    expect(unscoped.map(key)).toEqual(['POST /api/v1/auth/logout', 'POST /api/v1/users/me/api-key']);
    expect(scoped.map(key).sort()).toEqual(Object.keys(CALLS).sort());
    expect(routeScopes(scoped.find((route) => key(route) === 'GET /api/v1/purchases/:code')!)).toEqual({
      scopes: ['purchase:list', 'purchase:verify'],
      anyScope: true,
    });
  });

  it("honour a field's grant as scope-auth does: what a write answers needs only the write scope", () => {
    const scopesOf = (name: string) => routeScopes(scoped.find((route) => key(route) === name)!).scopes;
    // createWorkspace's payload grants the workspace it made (readable without workspaces:read) …
    expect(scopesOf('POST /api/v1/organizations')).toEqual(['workspaces:write']);
    expect(scopesOf('PATCH /api/v1/organizations/:id')).toEqual(['workspaces:write']);
    // … but reading one is workspaces:read.
    expect(scopesOf('GET /api/v1/organizations/:id')).toEqual(['workspaces:read']);
  });

  it.each(scoped.map((route) => [key(route), route] as const))('%s: served with only its scopes, refused without them', async (name, route) => {
    const call = CALLS[name]!;
    const { scopes, anyScope } = routeScopes(route);
    // With only the derived scopes (for "any of", each one alone).
    for (const enough of anyScope ? scopes.map((scope) => [scope]) : [scopes]) {
      const served = await send(route, call, enough);
      expect(served.status, `${name} with ${enough.join(' ')}: ${served.text.slice(0, 200)}`).toBeLessThan(300);
    }
    // With every scope but those.
    const others = ALL_SCOPES.filter((scope) => !scopes.includes(scope));
    const refused = await send(route, call, others);
    expect(refused.status, `${name} without ${scopes.join(' ')}: ${refused.text.slice(0, 200)}`).toBe(403);
  });
});
