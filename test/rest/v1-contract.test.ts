// Contract of the v1 paths (000_…, plus 004_…'s sessions): for every path, the success
// and each documented error, with the headers and body shapes the document gives
// (checked by `call`, see ./support.ts), then what each answer must say.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLegacyApiKey } from '../../src/accounts/legacy-keys';
import type { Scope } from '../../src/accounts/scopes';
import { accountId, loginAs, tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { contractClient, routesOf } from './support';

let t: TestGateway;
let throttled: TestGateway;
const { call, uncovered } = contractClient(() => t);

/** Every scope the v1 paths use. */
const V1_SCOPES: Scope[] = [
  'user:account',
  'items:read',
  'purchase:list',
  'purchase:verify',
  'download:purchase',
  'sales:read',
  'statements:read',
  'user:collections',
  'user:favourite_collection_add',
  'stats:read',
];

let john: string; // johndoe, every v1 scope
let johnNone: string; // johndoe, a scope no v1 path needs
let author: string; // the author of johndoe's first purchase, every v1 scope
let authorUsername: string;
let legacyKey: string;
let purchaseCode: string; // johndoe's newest purchase
let purchasedItemId: number;
let ownItemId: number; // an item of the author
let draftItemId: number;
let foreignItemId: number; // an item of another author, not among johndoe's favorites

beforeAll(async () => {
  t = await startTestGateway();
  throttled = await startTestGateway({ RATE_LIMIT_VERIFICATION: '1', RATE_LIMIT_DOWNLOADS: '1' });
  const johnId = await accountId(t, 'johndoe');
  const newest = await t.db.prisma.purchase.findFirstOrThrow({
    where: { buyerId: johnId, refundState: 'NONE' },
    orderBy: [{ purchasedAt: 'desc' }, { id: 'desc' }],
    include: { item: { include: { author: true } } },
  });
  purchaseCode = newest.code;
  purchasedItemId = newest.itemId;
  authorUsername = newest.item.author.username;
  john = await tokenFor(t, 'johndoe', V1_SCOPES, { name: 'all' });
  johnNone = await tokenFor(t, 'johndoe', ['webhooks:manage'], { name: 'none' });
  author = await tokenFor(t, authorUsername, V1_SCOPES, { name: 'all' });
  legacyKey = (await createLegacyApiKey(t.db.prisma, johnId)).key;
  const authorId = await accountId(t, authorUsername);
  ownItemId = (await t.db.prisma.item.findFirstOrThrow({ where: { authorId, status: 'PUBLISHED' }, orderBy: { id: 'asc' } })).id;
  draftItemId = (await t.db.prisma.item.findFirstOrThrow({ where: { authorId, status: 'DRAFT' }, orderBy: { id: 'asc' } })).id;
  // Not one of johndoe's favorites already: adding it must be new (the favorites test expects it first).
  foreignItemId = (
    await t.db.prisma.item.findFirstOrThrow({
      where: { authorId: { not: authorId }, status: 'PUBLISHED', favorites: { none: { accountId: johnId } } },
      orderBy: { id: 'asc' },
    })
  ).id;
});
afterAll(async () => {
  await throttled?.close();
  await t?.close();
});

describe('sessions (004_…)', () => {
  it('register 201, 400, 409', async () => {
    const created = await call('POST /api/v1/auth/register', '/api/v1/auth/register', {
      json: { email: 'new@example.com', username: 'newbie', password: 'long enough pw' },
    });
    expect(created.status).toBe(201);
    expect(created.body.token_type).toBe('Bearer');
    expect((await call('POST /api/v1/auth/register', '/api/v1/auth/register', { json: { email: 'x@example.com' } })).body.details).toEqual({
      field: 'username',
      reason: 'is required',
    });
    const taken = await call('POST /api/v1/auth/register', '/api/v1/auth/register', {
      json: { email: 'new@example.com', username: 'newbie2', password: 'long enough pw' },
    });
    expect(taken.status).toBe(409);
  });

  it('login 200, 400, 401, 429', async () => {
    const ok = await call('POST /api/v1/auth/login', '/api/v1/auth/login', { json: { email: 'new@example.com', password: 'long enough pw' } });
    expect(ok.status).toBe(200);
    expect((await call('POST /api/v1/auth/login', '/api/v1/auth/login', { json: { email: 'new@example.com' } })).status).toBe(400);
    let last = 0;
    for (let attempt = 0; attempt < 12 && last !== 429; attempt++) {
      last = (await call('POST /api/v1/auth/login', '/api/v1/auth/login', { json: { email: 'new@example.com', password: 'wrong password' } })).status;
      expect([401, 429]).toContain(last);
    }
    expect(last).toBe(429);
  });

  it('refresh 200, 400, 401; logout 204, 401', async () => {
    const pair = await loginAs(t, 'johndoe');
    const refreshed = await call('POST /api/v1/auth/refresh', '/api/v1/auth/refresh', { json: { refresh_token: pair.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect((await call('POST /api/v1/auth/refresh', '/api/v1/auth/refresh', { json: {} })).status).toBe(400);
    expect((await call('POST /api/v1/auth/logout', '/api/v1/auth/logout', { token: refreshed.body.access_token })).status).toBe(204);
    expect((await call('POST /api/v1/auth/logout', '/api/v1/auth/logout')).status).toBe(401);
    // A refresh token works once.
    expect((await call('POST /api/v1/auth/refresh', '/api/v1/auth/refresh', { json: { refresh_token: pair.refreshToken } })).status).toBe(401);
  });
});

describe('GET /api/v1/account/details', () => {
  it('200 with the documented account; 401 without a credential; 403 without user:account', async () => {
    const ok = await call('GET /api/v1/account/details', '/api/v1/account/details', { token: john });
    expect(ok.status).toBe(200);
    expect(ok.body.data.username).toBe('johndoe');
    expect(ok.body.data.balance).toBe(100);
    expect((await call('GET /api/v1/account/details', '/api/v1/account/details')).status).toBe(401);
    const forbidden = await call('GET /api/v1/account/details', '/api/v1/account/details', { token: johnNone });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.msg).toContain('user:account');
  });

  it('a refused credential: 401 in the v1 shape', async () => {
    const refused = await call('GET /api/v1/account/details', '/api/v1/account/details', { token: 'mpg_pat_nope' });
    expect(refused.status).toBe(401);
  });

  it('a legacy key works here too, with the deprecation headers', async () => {
    const viaKey = await call('GET /api/v1/account/details', '/api/v1/account/details', { headers: { 'x-api-key': legacyKey } });
    expect(viaKey.status).toBe(200);
  });
});

describe('GET /api/v1/items and /api/v1/items/{item_id} (your own items)', () => {
  it('200: your items only, drafts included, with meta', async () => {
    const { status, body } = await call('GET /api/v1/items', '/api/v1/items?per_page=100', { token: author });
    expect(status).toBe(200);
    const authorId = await accountId(t, authorUsername);
    const total = await t.db.prisma.item.count({ where: { authorId } });
    expect(body.meta).toEqual({ page: 1, per_page: 100, total, total_pages: Math.ceil(total / 100) });
    const ids = body.data.map((item: { id: number }) => item.id);
    expect(ids).toContain(draftItemId);
    expect(ids).not.toContain(foreignItemId);
    const draft = body.data.find((item: { id: number }) => item.id === draftItemId);
    expect(draft).toMatchObject({ status: 'draft', published_at: null });
  });

  it('400 for a bad parameter, naming it', async () => {
    const bad = await call('GET /api/v1/items', '/api/v1/items?per_page=101', { token: author });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual({ field: 'per_page', reason: 'must be an integer between 1 and 100' });
  });

  it('401 without a credential, 403 without items:read', async () => {
    expect((await call('GET /api/v1/items', '/api/v1/items')).status).toBe(401);
    const forbidden = await call('GET /api/v1/items', '/api/v1/items', { token: johnNone });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.msg).toContain('items:read');
  });

  it('304 when the ETag still matches', async () => {
    const first = await call('GET /api/v1/items', '/api/v1/items', { token: author });
    const again = await call('GET /api/v1/items', '/api/v1/items', { token: author, headers: { 'if-none-match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
  });

  it('one item: 200 (a draft too), 400, 401, 403, 404 (someone else’s), 304', async () => {
    const ok = await call('GET /api/v1/items/:item_id', `/api/v1/items/${draftItemId}`, { token: author });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({ id: draftItemId, status: 'draft' });
    const notModified = await call('GET /api/v1/items/:item_id', `/api/v1/items/${draftItemId}`, {
      token: author,
      headers: { 'if-none-match': `W/${ok.headers.get('etag')}` },
    });
    expect(notModified.status).toBe(304);
    const bad = await call('GET /api/v1/items/:item_id', '/api/v1/items/abc', { token: author });
    expect(bad.body.details).toEqual({ field: 'item_id', reason: 'must be a positive integer id' });
    expect((await call('GET /api/v1/items/:item_id', `/api/v1/items/${ownItemId}`)).status).toBe(401);
    expect((await call('GET /api/v1/items/:item_id', `/api/v1/items/${ownItemId}`, { token: johnNone })).status).toBe(403);
    const foreign = await call('GET /api/v1/items/:item_id', `/api/v1/items/${foreignItemId}`, { token: author });
    expect(foreign.status).toBe(404);
    expect(foreign.body.msg).toBe('Item not found');
  });
});

describe('purchases', () => {
  it('GET /api/v1/purchases: 200 (newest first, documented purchase shape), 400, 401, 403', async () => {
    const ok = await call('GET /api/v1/purchases', '/api/v1/purchases?per_page=5', { token: john });
    expect(ok.status).toBe(200);
    expect(ok.body.meta).toEqual({ page: 1, per_page: 5, total: 12, total_pages: 3 });
    expect(ok.body.data[0].purchase_code).toBe(purchaseCode);
    expect(ok.body.data[0].item.id).toBe(purchasedItemId);
    expect((await call('GET /api/v1/purchases', '/api/v1/purchases?sort=-price', { token: john })).body.details).toEqual({
      field: 'sort',
      reason: 'must be one of: -date, date',
    });
    expect((await call('GET /api/v1/purchases', '/api/v1/purchases')).status).toBe(401);
    expect((await call('GET /api/v1/purchases', '/api/v1/purchases', { token: johnNone })).status).toBe(403);
  });

  it('POST /api/v1/purchases/verify: 200 for the author (JSON or form), 400, 401, 403, 404', async () => {
    const ok = await call('POST /api/v1/purchases/verify', '/api/v1/purchases/verify', { token: author, json: { purchase_code: purchaseCode } });
    expect(ok.status).toBe(200);
    expect(ok.body.data.purchase).toMatchObject({ purchase_code: purchaseCode, item: { id: purchasedItemId } });
    const form = await call('POST /api/v1/purchases/verify', '/api/v1/purchases/verify', { token: author, form: { purchase_code: purchaseCode } });
    expect(form.body).toEqual(ok.body);
    const missing = await call('POST /api/v1/purchases/verify', '/api/v1/purchases/verify', { token: author, json: {} });
    expect(missing.body.details).toEqual({ field: 'purchase_code', reason: 'is required' });
    expect((await call('POST /api/v1/purchases/verify', '/api/v1/purchases/verify', { json: { purchase_code: purchaseCode } })).status).toBe(401);
    expect(
      (await call('POST /api/v1/purchases/verify', '/api/v1/purchases/verify', { token: johnNone, json: { purchase_code: purchaseCode } })).status,
    ).toBe(403);
    // The buyer is not the author: the same 404 as an unknown code.
    const buyer = await call('POST /api/v1/purchases/verify', '/api/v1/purchases/verify', { token: john, json: { purchase_code: purchaseCode } });
    expect(buyer.status).toBe(404);
    expect(buyer.body.msg).toBe('Invalid purchase code');
  });

  it('POST /api/v1/purchases/verify: 429 with Retry-After past the verification budget', async () => {
    const token = await tokenFor(throttled, authorUsername, ['purchase:verify']);
    const via = () => throttled;
    expect(
      (await call('POST /api/v1/purchases/verify', '/api/v1/purchases/verify', { token, json: { purchase_code: purchaseCode } }, via)).status,
    ).toBe(200);
    const limited = await call('POST /api/v1/purchases/verify', '/api/v1/purchases/verify', { token, json: { purchase_code: purchaseCode } }, via);
    expect(limited.status).toBe(429);
  });

  it('GET /api/v1/purchases/{code}: 200 for the buyer (purchase:list) and for the author (purchase:verify alone)', async () => {
    const asBuyer = await call('GET /api/v1/purchases/:code', `/api/v1/purchases/${purchaseCode}`, { token: john });
    expect(asBuyer.status).toBe(200);
    expect(asBuyer.body.data.purchase.purchase_code).toBe(purchaseCode);
    const verifyOnly = await tokenFor(t, authorUsername, ['purchase:verify'], { name: 'verify only' });
    const asAuthor = await call('GET /api/v1/purchases/:code', `/api/v1/purchases/${purchaseCode}`, { token: verifyOnly });
    expect(asAuthor.status).toBe(200);
    expect(asAuthor.body).toEqual(asBuyer.body);
    const listOnly = await tokenFor(t, 'johndoe', ['purchase:list'], { name: 'list only' });
    expect((await call('GET /api/v1/purchases/:code', `/api/v1/purchases/${purchaseCode}`, { token: listOnly })).body).toEqual(asBuyer.body);
  });

  it('GET /api/v1/purchases/{code}: 401, 403 naming both scopes, 404 for anyone else and unknown codes', async () => {
    expect((await call('GET /api/v1/purchases/:code', `/api/v1/purchases/${purchaseCode}`)).status).toBe(401);
    const forbidden = await call('GET /api/v1/purchases/:code', `/api/v1/purchases/${purchaseCode}`, { token: johnNone });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.msg).toBe('Missing scope: purchase:list or purchase:verify is required');
    const stranger = await tokenFor(t, 'framelight', V1_SCOPES, { name: 'stranger' });
    const other = authorUsername === 'framelight' ? await tokenFor(t, 'soundwave', V1_SCOPES, { name: 'stranger' }) : stranger;
    expect((await call('GET /api/v1/purchases/:code', `/api/v1/purchases/${purchaseCode}`, { token: other })).status).toBe(404);
    expect((await call('GET /api/v1/purchases/:code', '/api/v1/purchases/not-a-code', { token: john })).status).toBe(404);
  });

  it('POST /api/v1/purchases/{code}/download: 200 with a working link, 401, 403, 404', async () => {
    const ok = await call('POST /api/v1/purchases/:code/download', `/api/v1/purchases/${purchaseCode}/download`, { token: john });
    expect(ok.status).toBe(200);
    const link = new URL(ok.body.data.download_url);
    expect(Date.parse(ok.body.data.expires_at)).toBeGreaterThan(Date.now());
    const file = await t.request(`${link.pathname}${link.search}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).not.toMatch(/json/);
    expect((await call('POST /api/v1/purchases/:code/download', `/api/v1/purchases/${purchaseCode}/download`)).status).toBe(401);
    expect((await call('POST /api/v1/purchases/:code/download', `/api/v1/purchases/${purchaseCode}/download`, { token: johnNone })).status).toBe(403);
    // The author of the item did not buy it.
    expect((await call('POST /api/v1/purchases/:code/download', `/api/v1/purchases/${purchaseCode}/download`, { token: author })).status).toBe(404);
  });

  it('POST /api/v1/purchases/{code}/download: 429 past the download budget', async () => {
    const token = await tokenFor(throttled, 'johndoe', ['download:purchase']);
    const via = () => throttled;
    expect((await call('POST /api/v1/purchases/:code/download', `/api/v1/purchases/${purchaseCode}/download`, { token }, via)).status).toBe(200);
    expect((await call('POST /api/v1/purchases/:code/download', `/api/v1/purchases/${purchaseCode}/download`, { token }, via)).status).toBe(429);
  });

  it('a purchase of an item withdrawn since is still listed, with item null', async () => {
    await t.db.prisma.item.update({ where: { id: purchasedItemId }, data: { status: 'REMOVED' } });
    try {
      const { body } = await call('GET /api/v1/purchases', '/api/v1/purchases?per_page=1', { token: john });
      expect(body.data[0]).toMatchObject({ purchase_code: purchaseCode, item: null });
      expect((await call('GET /api/v1/purchases/:code', `/api/v1/purchases/${purchaseCode}`, { token: john })).body.data.purchase.item).toBeNull();
    } finally {
      await t.db.prisma.item.update({ where: { id: purchasedItemId }, data: { status: 'PUBLISHED' } });
    }
  });
});

describe('sales and statements', () => {
  it('GET /api/v1/sales: 200 for the author, 400, 401, 403', async () => {
    const ok = await call('GET /api/v1/sales', '/api/v1/sales?per_page=3', { token: author });
    expect(ok.status).toBe(200);
    const authorId = await accountId(t, authorUsername);
    expect(ok.body.meta.total).toBe(await t.db.prisma.purchase.count({ where: { authorId } }));
    for (const sale of ok.body.data) expect(sale.author_earnings + sale.platform_fee).toBeCloseTo(sale.price, 2);
    expect((await call('GET /api/v1/sales', '/api/v1/sales?page=0', { token: author })).body.details).toEqual({
      field: 'page',
      reason: 'must be a positive integer',
    });
    expect((await call('GET /api/v1/sales', '/api/v1/sales')).status).toBe(401);
    expect((await call('GET /api/v1/sales', '/api/v1/sales', { token: johnNone })).status).toBe(403);
  });

  it('GET /api/v1/statements: 200 with filters, 400, 401, 403', async () => {
    const ok = await call('GET /api/v1/statements', '/api/v1/statements?per_page=100', { token: john });
    expect(ok.status).toBe(200);
    expect(ok.body.data[0].balance_after).toBe(100);
    const purchases = await call('GET /api/v1/statements', '/api/v1/statements?filter[kind]=purchase', { token: john });
    expect(purchases.body.meta.total).toBe(12);
    expect(purchases.body.data.every((line: { kind: string }) => line.kind === 'purchase')).toBe(true);
    const bad = await call('GET /api/v1/statements', '/api/v1/statements?filter[kind]=gift', { token: john });
    expect(bad.body.details.field).toBe('filter[kind]');
    const badDate = await call('GET /api/v1/statements', '/api/v1/statements?filter[from]=yesterday', { token: john });
    expect(badDate.body.details.field).toBe('filter[from]');
    expect((await call('GET /api/v1/statements', '/api/v1/statements')).status).toBe(401);
    expect((await call('GET /api/v1/statements', '/api/v1/statements', { token: johnNone })).status).toBe(403);
  });
});

describe('favorites', () => {
  it('POST 200 (idempotent), GET 200, DELETE 204 (idempotent)', async () => {
    const added = await call('POST /api/v1/favorites', '/api/v1/favorites', { token: john, json: { item_id: foreignItemId } });
    expect(added.status).toBe(200);
    expect(added.body.data).toMatchObject({ item_id: foreignItemId, item: { id: foreignItemId } });
    const again = await call('POST /api/v1/favorites', '/api/v1/favorites', { token: john, form: { item_id: String(foreignItemId) } });
    expect(again.body.data.favorited_at).toBe(added.body.data.favorited_at);

    const list = await call('GET /api/v1/favorites', '/api/v1/favorites?per_page=100', { token: john });
    expect(list.status).toBe(200);
    expect(list.body.data[0].item_id).toBe(foreignItemId);

    expect((await call('DELETE /api/v1/favorites/:item_id', `/api/v1/favorites/${foreignItemId}`, { token: john })).status).toBe(204);
    expect((await call('DELETE /api/v1/favorites/:item_id', `/api/v1/favorites/${foreignItemId}`, { token: john })).status).toBe(204);
    const after = await call('GET /api/v1/favorites', '/api/v1/favorites?per_page=100', { token: john });
    expect(after.body.meta.total).toBe(list.body.meta.total - 1);
  });

  it('400, 401, 403, 404', async () => {
    expect((await call('GET /api/v1/favorites', '/api/v1/favorites?filter[type]=theme', { token: john })).body.details).toEqual({
      field: 'filter[type]',
      reason: 'this list has no filters',
    });
    expect((await call('GET /api/v1/favorites', '/api/v1/favorites')).status).toBe(401);
    expect((await call('GET /api/v1/favorites', '/api/v1/favorites', { token: johnNone })).status).toBe(403);

    expect((await call('POST /api/v1/favorites', '/api/v1/favorites', { token: john, json: {} })).body.details).toEqual({
      field: 'item_id',
      reason: 'is required',
    });
    expect((await call('POST /api/v1/favorites', '/api/v1/favorites', { json: { item_id: foreignItemId } })).status).toBe(401);
    const addOnly = await tokenFor(t, 'johndoe', ['user:collections'], { name: 'collections' });
    const forbidden = await call('POST /api/v1/favorites', '/api/v1/favorites', { token: addOnly, json: { item_id: foreignItemId } });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.msg).toContain('user:favourite_collection_add');
    // Another author's draft is hidden: the same 404 as an unknown id.
    expect((await call('POST /api/v1/favorites', '/api/v1/favorites', { token: john, json: { item_id: draftItemId } })).status).toBe(404);
    expect((await call('POST /api/v1/favorites', '/api/v1/favorites', { token: john, json: { item_id: 99_999_999 } })).status).toBe(404);

    expect((await call('DELETE /api/v1/favorites/:item_id', '/api/v1/favorites/x', { token: john })).status).toBe(400);
    expect((await call('DELETE /api/v1/favorites/:item_id', `/api/v1/favorites/${foreignItemId}`)).status).toBe(401);
    expect((await call('DELETE /api/v1/favorites/:item_id', `/api/v1/favorites/${foreignItemId}`, { token: johnNone })).status).toBe(403);
    expect((await call('DELETE /api/v1/favorites/:item_id', '/api/v1/favorites/99999999', { token: john })).status).toBe(404);
  });
});

describe('catalog and stats', () => {
  it('GET /api/v1/catalog/items: 200 without a credential, published items only; 400; 304', async () => {
    const ok = await call('GET /api/v1/catalog/items', '/api/v1/catalog/items?per_page=100');
    expect(ok.status).toBe(200);
    expect(ok.body.meta.total).toBe(await t.db.prisma.item.count({ where: { status: 'PUBLISHED' } }));
    expect(ok.body.data.every((item: { status: string }) => item.status === 'published')).toBe(true);
    const bad = await call('GET /api/v1/catalog/items', '/api/v1/catalog/items?filter[min_price]=cheap');
    expect(bad.body.details).toEqual({ field: 'filter[min_price]', reason: 'must be an amount such as 19.99' });
    const notModified = await call('GET /api/v1/catalog/items', '/api/v1/catalog/items?per_page=100', {
      headers: { 'if-none-match': `"other", ${ok.headers.get('etag')}` },
    });
    expect(notModified.status).toBe(304);
  });

  it('media follow the item type, as 001_… says', async () => {
    for (const type of ['audio', 'video', 'theme']) {
      const { body } = await call('GET /api/v1/catalog/items', `/api/v1/catalog/items?filter[type]=${type}&per_page=100`);
      expect(body.data.length).toBeGreaterThan(0);
      for (const item of body.data) {
        expect(item.type).toBe(type);
        expect('preview_image' in item.media).toBe(type !== 'audio');
        expect('preview_audio' in item.media).toBe(type === 'audio');
        expect('preview_video' in item.media).toBe(type === 'video');
        if ('screenshots' in item.media) expect(item.media.screenshots.length).toBeGreaterThan(0);
        expect(typeof item.version === 'string' || item.version === null).toBe(true);
      }
    }
  });

  it('GET /api/v1/catalog/categories: 200 and 304', async () => {
    const ok = await call('GET /api/v1/catalog/categories', '/api/v1/catalog/categories');
    expect(ok.body.data.map((c: { slug: string }) => c.slug)).toEqual(['themes', 'plugins', 'scripts', 'audio', 'video']);
    const again = await call('GET /api/v1/catalog/categories', '/api/v1/catalog/categories', {
      headers: { 'if-none-match': ok.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
  });

  it('GET /api/v1/stats/summary: 200, 401, 403', async () => {
    const ok = await call('GET /api/v1/stats/summary', '/api/v1/stats/summary', { token: john });
    expect(ok.body.data.items).toBe(await t.db.prisma.item.count({ where: { status: 'PUBLISHED' } }));
    expect((await call('GET /api/v1/stats/summary', '/api/v1/stats/summary')).status).toBe(401);
    expect((await call('GET /api/v1/stats/summary', '/api/v1/stats/summary', { token: johnNone })).status).toBe(403);
  });
});

describe('the router', () => {
  it('answers 405 with Allow for a method the path does not have', async () => {
    const response = await t.request('/api/v1/purchases', { method: 'DELETE', token: john });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expect((await response.json()).code).toBe(405);
  });

  it('answers HEAD like GET, without a body', async () => {
    const response = await t.request('/api/v1/catalog/categories', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toMatch(/^"/);
    expect(await response.text()).toBe('');
  });
});

describe('coverage', () => {
  it('saw every documented answer of every v1 path', () => {
    // Users and webhooks have their own coverage checks (test/accounts/users-rest.test.ts,
    // test/accounts/legacy-key-api.test.ts, test/webhooks/rest.test.ts); organizations too (test/workspaces/rest.test.ts).
    const ownSuites = /^\/api\/v1\/(users|webhooks|organizations)(\/|$)/;
    const routes = routesOf((route) => route.profile === 'v1' && route.path.startsWith('/api/v1/') && !ownSuites.test(route.path));
    expect(routes.length).toBeGreaterThanOrEqual(19);
    expect(uncovered(routes)).toEqual([]);
  });
});
