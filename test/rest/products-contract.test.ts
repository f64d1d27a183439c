// Contract of the products paths (002_…): {"success":true,"data":…} and
// {"success":false,"error":{"code":…,"message":…}} with the document's symbolic codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountId, tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { contractClient, routesOf } from './support';

let t: TestGateway;
let throttled: TestGateway;
const { call, uncovered } = contractClient(() => t);

let john: string;
let johnNoList: string;
let purchasedSlug: string;
let notPurchasedSlug: string;
let draftSlug: string;

beforeAll(async () => {
  t = await startTestGateway();
  throttled = await startTestGateway({ RATE_LIMIT_DOWNLOADS: '1', RATE_LIMIT_VERSION_CHECKS: '1' });
  const johnId = await accountId(t, 'johndoe');
  const purchase = await t.db.prisma.purchase.findFirstOrThrow({
    where: { buyerId: johnId, refundState: 'NONE', item: { status: 'PUBLISHED' } },
    orderBy: { id: 'asc' },
    include: { item: true },
  });
  purchasedSlug = purchase.item.slug;
  notPurchasedSlug = (await t.db.prisma.item.findFirstOrThrow({ where: { status: 'PUBLISHED', purchases: { none: { buyerId: johnId } } } })).slug;
  draftSlug = (await t.db.prisma.item.findFirstOrThrow({ where: { status: 'DRAFT' } })).slug;
  john = await tokenFor(t, 'johndoe', ['download:purchase', 'purchase:list'], { name: 'products' });
  johnNoList = await tokenFor(t, 'johndoe', ['download:purchase'], { name: 'download only' });
});
afterAll(async () => {
  await throttled?.close();
  await t?.close();
});

const errorCode = (body: { error: { code: string } }) => body.error.code;

describe('GET /api/products', () => {
  it('200: published products, newest first, with type, limit and offset; the total in X-Total-Count', async () => {
    const all = await call('GET /api/products', '/api/products?limit=100');
    expect(all.status).toBe(200);
    expect(Object.keys(all.body)).toEqual(['success', 'data']);
    expect(Object.keys(all.body.data[0])).toEqual(['id', 'name', 'slug', 'type', 'version', 'price', 'downloads']);
    expect(Number(all.headers.get('x-total-count'))).toBe(await t.db.prisma.item.count({ where: { status: 'PUBLISHED' } }));
    const defaults = await call('GET /api/products', '/api/products');
    expect(defaults.body.data).toHaveLength(20);
    const window = await call('GET /api/products', '/api/products?limit=5&offset=10');
    expect(window.body.data).toEqual(all.body.data.slice(10, 15));
    const themes = await call('GET /api/products', '/api/products?type=theme&limit=100');
    expect(themes.body.data.every((product: { type: string }) => product.type === 'theme')).toBe(true);
    expect(Number(themes.headers.get('x-total-count'))).toBe(await t.db.prisma.item.count({ where: { status: 'PUBLISHED', type: 'THEME' } }));
  });

  it('400 VALIDATION_ERROR naming the parameter; 304', async () => {
    // (background is one of 002_…'s own types, accepted: test/rest/contract-gaps.test.ts.)
    const badType = await call('GET /api/products', '/api/products?type=widget');
    expect(badType.status).toBe(400);
    expect(badType.body.error).toEqual({
      code: 'VALIDATION_ERROR',
      message: 'Invalid type: must be one of: theme, module, language, background, plugin, script, audio, video',
      details: { field: 'type', reason: 'must be one of: theme, module, language, background, plugin, script, audio, video' },
    });
    expect((await call('GET /api/products', '/api/products?limit=500')).body.error.details.field).toBe('limit');
    expect((await call('GET /api/products', '/api/products?offset=-1')).body.error.details.field).toBe('offset');
    const first = await call('GET /api/products', '/api/products');
    expect((await call('GET /api/products', '/api/products', { headers: { 'if-none-match': first.headers.get('etag')! } })).status).toBe(304);
  });
});

describe('GET /api/products/{slug}', () => {
  it('200 with the details; 304; 404 NOT_FOUND for unknown slugs and drafts', async () => {
    const ok = await call('GET /api/products/:slug', `/api/products/${purchasedSlug}`);
    expect(ok.status).toBe(200);
    expect(ok.body.data.slug).toBe(purchasedSlug);
    expect(Object.keys(ok.body.data).sort()).toEqual(
      ['author', 'created_at', 'description', 'downloads', 'id', 'name', 'price', 'slug', 'type', 'version'].sort(),
    );
    expect(
      (await call('GET /api/products/:slug', `/api/products/${purchasedSlug}`, { headers: { 'if-none-match': ok.headers.get('etag')! } })).status,
    ).toBe(304);
    for (const slug of ['no-such-product', draftSlug]) {
      const missing = await call('GET /api/products/:slug', `/api/products/${slug}`);
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ success: false, error: { code: 'NOT_FOUND', message: 'Product not found' } });
    }
  });
});

describe('GET /api/downloads/{slug}', () => {
  it('200 with download_url and expires_at for a product you bought; the link serves the file', async () => {
    const ok = await call('GET /api/downloads/:slug', `/api/downloads/${purchasedSlug}`, { token: john });
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.body.data)).toEqual(['download_url', 'expires_at']);
    const link = new URL(ok.body.data.download_url);
    expect((await t.request(`${link.pathname}${link.search}`)).status).toBe(200);
  });

  it('401 UNAUTHORIZED, 403 FORBIDDEN (not bought), 404 NOT_FOUND; download:purchase alone suffices, as 002_… says', async () => {
    const anonymous = await call('GET /api/downloads/:slug', `/api/downloads/${purchasedSlug}`);
    expect(anonymous.status).toBe(401);
    expect(errorCode(anonymous.body)).toBe('UNAUTHORIZED');
    const notBought = await call('GET /api/downloads/:slug', `/api/downloads/${notPurchasedSlug}`, { token: john });
    expect(notBought.status).toBe(403);
    expect(notBought.body.error).toEqual({ code: 'FORBIDDEN', message: 'You have not purchased this product' });
    const noList = await call('GET /api/downloads/:slug', `/api/downloads/${purchasedSlug}`, { token: johnNoList });
    expect(noList.status).toBe(200);
    const unknown = await call('GET /api/downloads/:slug', '/api/downloads/no-such-product', { token: john });
    expect(unknown.status).toBe(404);
    expect(errorCode(unknown.body)).toBe('NOT_FOUND');
  });

  it('429 RATE_LIMITED past the download budget', async () => {
    const token = await tokenFor(throttled, 'johndoe', ['download:purchase', 'purchase:list']);
    const via = () => throttled;
    expect((await call('GET /api/downloads/:slug', `/api/downloads/${purchasedSlug}`, { token }, via)).status).toBe(200);
    const limited = await call('GET /api/downloads/:slug', `/api/downloads/${purchasedSlug}`, { token }, via);
    expect(limited.status).toBe(429);
    expect(errorCode(limited.body)).toBe('RATE_LIMITED');
  });
});

describe('GET /api/user/purchases', () => {
  it('200 with every purchase; 401; 403', async () => {
    const ok = await call('GET /api/user/purchases', '/api/user/purchases', { token: john });
    expect(ok.body.data).toHaveLength(12);
    expect(Object.keys(ok.body.data[0])).toEqual(['product_id', 'product_name', 'product_slug', 'purchased_at', 'price_paid']);
    expect((await call('GET /api/user/purchases', '/api/user/purchases')).status).toBe(401);
    const forbidden = await call('GET /api/user/purchases', '/api/user/purchases', { token: johnNoList });
    expect(forbidden.status).toBe(403);
    expect(errorCode(forbidden.body)).toBe('FORBIDDEN');
  });
});

describe('version checks', () => {
  it('GET /api/version/{slug}: 200 with the latest release; 404', async () => {
    const item = await t.db.prisma.item.findUniqueOrThrow({ where: { slug: purchasedSlug } });
    const ok = await call('GET /api/version/:slug', `/api/version/${purchasedSlug}`);
    expect(ok.body.data).toMatchObject({ slug: purchasedSlug, current_version: item.latestVersion });
    expect(ok.body.data.released_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    expect((await call('GET /api/version/:slug', '/api/version/no-such-product')).body.error.code).toBe('NOT_FOUND');
  });

  it('POST /api/version/check: one answer per product in `updates`; 400 VALIDATION_ERROR', async () => {
    const item = await t.db.prisma.item.findUniqueOrThrow({ where: { slug: purchasedSlug } });
    const ok = await call('POST /api/version/check', '/api/version/check', {
      json: {
        products: [
          { slug: purchasedSlug, version: '0.0.1' },
          { slug: purchasedSlug, version: item.latestVersion },
          { slug: 'chat-module', version: '2.1.0' },
        ],
      },
    });
    expect(ok.body).toEqual({
      success: true,
      updates: [
        { slug: purchasedSlug, current_version: '0.0.1', latest_version: item.latestVersion, update_available: true },
        { slug: purchasedSlug, current_version: item.latestVersion, latest_version: item.latestVersion, update_available: false },
        { slug: 'chat-module', current_version: '2.1.0', latest_version: null, update_available: false },
      ],
    });
    const notSemver = await call('POST /api/version/check', '/api/version/check', { json: { products: [{ slug: purchasedSlug, version: '1.0' }] } });
    expect(notSemver.status).toBe(400);
    expect(notSemver.body.error.details.field).toBe('products[0].version');
    const malformed = await call('POST /api/version/check', '/api/version/check', { json: { products: [{ slug: purchasedSlug }] } });
    expect(malformed.body.error.details.field).toBe('products[0].version');
    expect((await call('POST /api/version/check', '/api/version/check', { json: {} })).body.error.details.field).toBe('products');
  });

  it('429 RATE_LIMITED past the version-check budget, on both paths', async () => {
    const via = () => throttled;
    expect((await call('GET /api/version/:slug', `/api/version/${purchasedSlug}`, {}, via)).status).toBe(200);
    expect((await call('GET /api/version/:slug', `/api/version/${purchasedSlug}`, {}, via)).status).toBe(429);
    expect(
      (await call('POST /api/version/check', '/api/version/check', { json: { products: [{ slug: purchasedSlug, version: '1.0.0' }] } }, via)).status,
    ).toBe(429);
  });
});

describe('coverage', () => {
  it('saw every documented answer of every products path', () => {
    const routes = routesOf((route) => route.profile === 'products');
    expect(routes).toHaveLength(6);
    expect(uncovered(routes)).toEqual([]);
  });
});
