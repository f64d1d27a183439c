// Contract gaps legacy clients hit: what 000_…, 001_… and 002_… promise that the REST layer
// once refused. Each answer goes through the contract client (`call`, ./support.ts), so the
// shapes and headers of every profile are checked too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLegacyApiKey } from '../../src/accounts/legacy-keys';
import type { Scope } from '../../src/accounts/scopes';
import { ERROR_SCHEMAS } from '../../src/rest/envelopes';
import { accountId, tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { contractClient, expectShape } from './support';

let t: TestGateway;
let small: TestGateway; // one download per window, small bodies
const { call } = contractClient(() => t);

/** Exactly the scopes 000_… names, no more. */
const DOCUMENTED_SCOPES: Scope[] = [
  'user:account',
  'items:read',
  'purchase:list',
  'purchase:verify',
  'download:purchase',
  'user:collections',
  'user:favourite_collection_add',
  'stats:read',
];

let authorKey: string;
let authorUsername: string;
let purchaseCode: string;
let freeSlug: string;
let freeDraftSlug: string;

/** Makes a published item nobody bought free (regular price 0); returns its slug. */
async function makeFreeItem(gateway: TestGateway, status: 'PUBLISHED' | 'DRAFT'): Promise<string> {
  const johnId = await accountId(gateway, 'johndoe');
  const item = await gateway.db.prisma.item.findFirstOrThrow({
    where: { status, latestVersion: { not: null }, regularPriceCents: { gt: 0 }, purchases: { none: { buyerId: johnId } } },
    orderBy: { id: 'asc' },
  });
  await gateway.db.prisma.item.update({ where: { id: item.id }, data: { regularPriceCents: 0 } });
  return item.slug;
}

beforeAll(async () => {
  t = await startTestGateway();
  small = await startTestGateway({ RATE_LIMIT_DOWNLOADS: '1', REQUEST_BODY_LIMIT_BYTES: '2048' });
  const newest = await t.db.prisma.purchase.findFirstOrThrow({
    where: { buyerId: await accountId(t, 'johndoe'), refundState: 'NONE' },
    orderBy: [{ purchasedAt: 'desc' }, { id: 'desc' }],
    include: { item: { include: { author: true } } },
  });
  purchaseCode = newest.code;
  authorUsername = newest.item.author.username;
  authorKey = (await createLegacyApiKey(t.db.prisma, await accountId(t, authorUsername))).key;
  freeSlug = await makeFreeItem(t, 'PUBLISHED');
  freeDraftSlug = await makeFreeItem(t, 'DRAFT');
});
afterAll(async () => {
  await small?.close();
  await t?.close();
});

describe('001_…: POST /api/purchases/validation with api_key in the body', () => {
  it('200 with the key in a form or JSON body, the same answer as with the header; still deprecated', async () => {
    const byHeader = await call('POST /api/purchases/validation', '/api/purchases/validation', {
      headers: { 'x-api-key': authorKey },
      form: { purchase_code: purchaseCode },
    });
    expect(byHeader.status).toBe(200);
    const form = await call('POST /api/purchases/validation', '/api/purchases/validation', {
      form: { api_key: authorKey, purchase_code: purchaseCode },
    });
    expect(form.status).toBe(200);
    expect(form.body).toEqual(byHeader.body);
    expect(form.headers.get('deprecation')).toBe('true');
    const json = await call('POST /api/purchases/validation', '/api/purchases/validation', {
      json: { api_key: authorKey, purchase_code: purchaseCode },
    });
    expect(json.body).toEqual(byHeader.body);
  });

  it('401 "Invalid API key" for a bad body key (a string or not); 400 for a body that is no JSON object; 413 past the limit', async () => {
    for (const api_key of ['mpg_key_nope', 12345]) {
      const bad = await call('POST /api/purchases/validation', '/api/purchases/validation', { json: { api_key, purchase_code: purchaseCode } });
      expect(bad.status).toBe(401);
      expect(bad.body).toEqual({ status: 'error', msg: 'Invalid API key' });
    }
    const broken = await call('POST /api/purchases/validation', '/api/purchases/validation', {
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.status).toBe(401); // no body at all: nothing to read, so no credential
    const notJson = await t.request('/api/purchases/validation', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"api_key": "${authorKey}", `,
    });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ status: 'error', msg: 'Request body must be a JSON object' });
    const large = await small.request('/api/purchases/validation', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ api_key: authorKey, purchase_code: purchaseCode, padding: 'x'.repeat(4096) }).toString(),
    });
    expect(large.status).toBe(413);
    expectShape(ERROR_SCHEMAS.legacy, await large.json());
    expect(large.headers.get('x-ratelimit-limit')).toMatch(/^\d+$/);
  });

  it('a header or query credential still wins over the body', async () => {
    const buyerKey = (await createLegacyApiKey(t.db.prisma, await accountId(t, 'johndoe'))).key;
    // The buyer's key in the header: the code is not of the buyer's items, whatever the body says.
    const headerWins = await call('POST /api/purchases/validation', '/api/purchases/validation', {
      headers: { 'x-api-key': buyerKey },
      form: { api_key: authorKey, purchase_code: purchaseCode },
    });
    expect(headerWins.status).toBe(404);
  });
});

describe("000_…: a token holding exactly 000_…'s scopes", () => {
  it('calls every 000_… path without 403', async () => {
    const buyer = await tokenFor(t, 'johndoe', DOCUMENTED_SCOPES, { name: '000 scopes' });
    const author = await tokenFor(t, authorUsername, DOCUMENTED_SCOPES, { name: '000 scopes' });
    const ownItem = await t.db.prisma.item.findFirstOrThrow({ where: { author: { username: authorUsername } }, orderBy: { id: 'asc' } });
    const favorite = await t.db.prisma.item.findFirstOrThrow({
      where: { status: 'PUBLISHED', favorites: { none: { account: { username: 'johndoe' } } } },
      orderBy: { id: 'desc' },
    });
    const calls: Array<[Parameters<typeof call>[0], string, { token: string; json?: unknown }]> = [
      ['GET /api/v1/account/details', '/api/v1/account/details', { token: buyer }],
      ['GET /api/v1/items', '/api/v1/items', { token: author }],
      ['GET /api/v1/items/:item_id', `/api/v1/items/${ownItem.id}`, { token: author }],
      ['POST /api/v1/purchases/verify', '/api/v1/purchases/verify', { token: author, json: { purchase_code: purchaseCode } }],
      ['GET /api/v1/purchases', '/api/v1/purchases', { token: buyer }],
      ['GET /api/v1/purchases/:code', `/api/v1/purchases/${purchaseCode}`, { token: buyer }],
      ['POST /api/v1/purchases/:code/download', `/api/v1/purchases/${purchaseCode}/download`, { token: buyer }],
      ['GET /api/v1/sales', '/api/v1/sales', { token: author }],
      ['GET /api/v1/statements', '/api/v1/statements', { token: buyer }],
      ['GET /api/v1/favorites', '/api/v1/favorites', { token: buyer }],
      ['POST /api/v1/favorites', '/api/v1/favorites', { token: buyer, json: { item_id: favorite.id } }],
      ['DELETE /api/v1/favorites/:item_id', `/api/v1/favorites/${favorite.id}`, { token: buyer }],
      ['GET /api/v1/catalog/items', '/api/v1/catalog/items', { token: buyer }],
      ['GET /api/v1/catalog/categories', '/api/v1/catalog/categories', { token: buyer }],
      ['GET /api/v1/stats/summary', '/api/v1/stats/summary', { token: buyer }],
    ];
    for (const [key, path, init] of calls) {
      const { status, body } = await call(key, path, init);
      expect(status, `${key}: ${String(JSON.stringify(body)).slice(0, 200)}`).toBeLessThan(300);
    }
    // The same implication in GraphQL: sales through purchase:verify, the statement through user:account.
    const sales = await t.graphql<{ viewer: { sales: { totalCount: number } } }>(
      'query GapsSalesByVerify { viewer { sales(first: 1) { totalCount } } }',
      {},
      { token: author },
    );
    expect(sales.errors).toBeUndefined();
    expect(sales.data!.viewer.sales.totalCount).toBeGreaterThan(0);
    const statement = await t.graphql('query GapsStatementByAccount { viewer { statement(first: 1) { totalCount } } }', {}, { token: buyer });
    expect(statement.errors).toBeUndefined();
  });

  it('the finer scopes still stand alone, and without any implying scope the answer is still 403', async () => {
    const salesOnly = await tokenFor(t, authorUsername, ['sales:read']);
    expect((await call('GET /api/v1/sales', '/api/v1/sales', { token: salesOnly })).status).toBe(200);
    const neither = await tokenFor(t, authorUsername, ['items:read', 'purchase:list']);
    const refused = await call('GET /api/v1/sales', '/api/v1/sales', { token: neither });
    expect(refused.status).toBe(403);
    expect(refused.body.msg).toMatch(/sales:read/);
    expect((await call('GET /api/v1/statements', '/api/v1/statements', { token: neither })).status).toBe(403);
  });
});

describe('002_…: products API', () => {
  it("GET /api/products accepts 002_…'s types: module is plugin, language and background match nothing", async () => {
    const modules = await call('GET /api/products', '/api/products?type=module&limit=100');
    expect(modules.status).toBe(200);
    expect(modules.body.data.length).toBeGreaterThan(0);
    expect(modules.body.data.every((product: { type: string }) => product.type === 'plugin')).toBe(true);
    expect(Number(modules.headers.get('x-total-count'))).toBe(await t.db.prisma.item.count({ where: { status: 'PUBLISHED', type: 'PLUGIN' } }));
    expect((await call('GET /api/products', '/api/products?type=plugin&limit=100')).body.data).toEqual(modules.body.data);
    for (const type of ['language', 'background', 'Background']) {
      const none = await call('GET /api/products', `/api/products?type=${type}`);
      expect(none.status).toBe(200);
      expect(none.body).toEqual({ success: true, data: [] });
      expect(none.headers.get('x-total-count')).toBe('0');
    }
    const bad = await call('GET /api/products', '/api/products?type=widget');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_ERROR');
    expect(bad.body.error.details).toEqual({
      field: 'type',
      reason: 'must be one of: theme, module, language, background, plugin, script, audio, video',
    });
    // limit and offset are still checked for a type that matches nothing.
    expect((await call('GET /api/products', '/api/products?type=language&limit=101')).body.error.details.field).toBe('limit');
  });

  it('GET /api/downloads/{slug}: a free product with download:purchase alone, no purchase; counted', async () => {
    const token = await tokenFor(t, 'johndoe', ['download:purchase']);
    const before = await t.db.prisma.item.findUniqueOrThrow({ where: { slug: freeSlug } });
    const ok = await call('GET /api/downloads/:slug', `/api/downloads/${freeSlug}`, { token });
    expect(ok.status).toBe(200);
    const link = new URL(ok.body.data.download_url);
    expect((await t.request(`${link.pathname}${link.search}`)).status).toBe(200);
    expect((await t.db.prisma.item.findUniqueOrThrow({ where: { slug: freeSlug } })).downloadCount).toBe(before.downloadCount + 1);
    const johnId = await accountId(t, 'johndoe');
    expect(await t.db.prisma.purchase.count({ where: { itemId: before.id, buyerId: johnId } })).toBe(0);
    const grant = await t.db.prisma.downloadGrant.findFirstOrThrow({ where: { version: { itemId: before.id } }, orderBy: { id: 'desc' } });
    expect(grant).toMatchObject({ purchaseId: null, accountId: johnId });
    // GraphQL's requestDownload by slug: the same.
    const viaGraphQL = await t.graphql<{ requestDownload: { link: { version: string } } }, { slug: string }>(
      'mutation GapsFreeDownload($slug: String!) { requestDownload(itemSlug: $slug) { link { version } } }',
      { slug: freeSlug },
      { token },
    );
    expect(viaGraphQL.errors).toBeUndefined();
    expect(viaGraphQL.data!.requestDownload.link.version).toBe(before.latestVersion);
    // A free draft is still unknown; anonymous callers still need a credential.
    expect((await call('GET /api/downloads/:slug', `/api/downloads/${freeDraftSlug}`, { token })).status).toBe(404);
    expect((await call('GET /api/downloads/:slug', `/api/downloads/${freeSlug}`)).status).toBe(401);
  });

  it('free downloads spend the download budget like any other', async () => {
    const slug = await makeFreeItem(small, 'PUBLISHED');
    const token = await tokenFor(small, 'johndoe', ['download:purchase']);
    const via = () => small;
    expect((await call('GET /api/downloads/:slug', `/api/downloads/${slug}`, { token }, via)).status).toBe(200);
    const limited = await call('GET /api/downloads/:slug', `/api/downloads/${slug}`, { token }, via);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
  });

  it("unknown paths and methods under the products API answer in 002_…'s error shape", async () => {
    for (const path of ['/api/products/neon-theme/extra', '/api/user', '/api/user/nope', '/api/version', '/api/downloads']) {
      const response = await t.request(path);
      expect(response.status, path).toBe(404);
      expect(await response.json()).toEqual({ success: false, error: { code: 'NOT_FOUND', message: 'Not Found' } });
    }
    const wrongMethod = await t.request('/api/products', { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expectShape(ERROR_SCHEMAS.products, await wrongMethod.json());
  });

  it('the OpenAPI document gives the maxima of limit and offset, and the accepted types', async () => {
    const document = await (await t.request('/api/openapi.json')).json();
    const parameters: Array<{ name: string; schema: { maximum?: number; minimum?: number; enum?: string[] } }> =
      document.paths['/api/products'].get.parameters;
    const byName = Object.fromEntries(parameters.map((parameter) => [parameter.name, parameter.schema]));
    expect(byName.limit).toMatchObject({ minimum: 1, maximum: 100 });
    expect(byName.offset).toMatchObject({ minimum: 0, maximum: 10_000 });
    expect(byName.type!.enum).toEqual(expect.arrayContaining(['theme', 'module', 'language', 'background']));
  });
});
