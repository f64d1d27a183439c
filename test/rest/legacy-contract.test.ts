// Contract of the legacy paths (001_…): api_key parameter or X-API-Key header, the
// document's exact shapes and messages, and Deprecation/Sunset on every answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLegacyApiKey } from '../../src/accounts/legacy-keys';
import { LegacyItem } from '../../src/rest/shapes';
import { accountId, tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { contractClient, expectShape, routesOf } from './support';

let t: TestGateway;
let throttled: TestGateway;
const { call, uncovered } = contractClient(() => t);

let buyerKey: string; // johndoe's key: a buyer, no items
let authorKey: string; // the author of johndoe's newest purchase
let authorUsername: string;
let purchaseCode: string;
let draftItemId: number;
let foreignItemId: number;

beforeAll(async () => {
  t = await startTestGateway();
  throttled = await startTestGateway({ RATE_LIMIT_VERIFICATION: '1' });
  const johnId = await accountId(t, 'johndoe');
  const newest = await t.db.prisma.purchase.findFirstOrThrow({
    where: { buyerId: johnId },
    orderBy: [{ purchasedAt: 'desc' }, { id: 'desc' }],
    include: { item: { include: { author: true } } },
  });
  purchaseCode = newest.code;
  authorUsername = newest.item.author.username;
  buyerKey = (await createLegacyApiKey(t.db.prisma, johnId)).key;
  const authorId = await accountId(t, authorUsername);
  authorKey = (await createLegacyApiKey(t.db.prisma, authorId)).key;
  draftItemId = (await t.db.prisma.item.findFirstOrThrow({ where: { authorId, status: 'DRAFT' } })).id;
  foreignItemId = (await t.db.prisma.item.findFirstOrThrow({ where: { authorId: { not: authorId } } })).id;
});
afterAll(async () => {
  await throttled?.close();
  await t?.close();
});

describe('GET /api/account/details', () => {
  it('200 by parameter and by header; 401 without or with a bad key', async () => {
    const byParam = await call('GET /api/account/details', `/api/account/details?api_key=${buyerKey}`);
    expect(byParam.status).toBe(200);
    expect(byParam.body.data.username).toBe('johndoe');
    const byHeader = await call('GET /api/account/details', '/api/account/details', { headers: { 'x-api-key': buyerKey } });
    expect(byHeader.body).toEqual(byParam.body);
    const missing = await call('GET /api/account/details', '/api/account/details');
    expect(missing.status).toBe(401);
    expect(Object.keys(missing.body)).toEqual(['status', 'msg']);
    const bad = await call('GET /api/account/details', '/api/account/details?api_key=mpg_key_nope');
    expect(bad.body).toEqual({ status: 'error', msg: 'Invalid API key' });
  });
});

describe('GET /api/items/all', () => {
  it("200: {status, items} with every item of the key's account, drafts included", async () => {
    const { status, body } = await call('GET /api/items/all', `/api/items/all?api_key=${authorKey}`);
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(['status', 'items']);
    const authorId = await accountId(t, authorUsername);
    expect(body.items).toHaveLength(await t.db.prisma.item.count({ where: { authorId } }));
    const draft = body.items.find((item: { id: number }) => item.id === draftItemId);
    expect(draft.published_at).toBeNull();
  });

  it('the item is exactly the documented one: 13 keys, version a string, prices as numbers', async () => {
    const { body } = await call('GET /api/items/all', '/api/items/all', { headers: { 'x-api-key': authorKey } });
    for (const item of body.items) {
      expectShape(LegacyItem, item);
      expect(Object.keys(item)).toEqual([
        'id',
        'name',
        'description',
        'category',
        'sub_category',
        'options',
        'version',
        'demo_link',
        'tags',
        'media',
        'price',
        'currency',
        'published_at',
      ]);
      expect(typeof item.price.regular).toBe('number');
      if (item.version !== null) expect(item.version).toMatch(/^\d+\.\d+\.\d+/);
    }
  });

  it('304 for a matching ETag; 401 without a key; 404 "No items found" for an account without items', async () => {
    const first = await call('GET /api/items/all', `/api/items/all?api_key=${authorKey}`);
    const again = await call('GET /api/items/all', `/api/items/all?api_key=${authorKey}`, {
      headers: { 'if-none-match': first.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
    expect((await call('GET /api/items/all', '/api/items/all')).status).toBe(401);
    const none = await call('GET /api/items/all', `/api/items/all?api_key=${buyerKey}`);
    expect(none.status).toBe(404);
    expect(none.body).toEqual({ status: 'error', msg: 'No items found' });
  });
});

describe('GET /api/items/item', () => {
  it('200: {status, item}; 304', async () => {
    const ok = await call('GET /api/items/item', `/api/items/item?api_key=${authorKey}&item_id=${draftItemId}`);
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.body)).toEqual(['status', 'item']);
    expect(ok.body.item.id).toBe(draftItemId);
    const again = await call('GET /api/items/item', `/api/items/item?api_key=${authorKey}&item_id=${draftItemId}`, {
      headers: { 'if-none-match': ok.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
  });

  it('400 without item_id, 401 without a key, 404 "Item Not Found" for an item of someone else', async () => {
    const missing = await call('GET /api/items/item', `/api/items/item?api_key=${authorKey}`);
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ status: 'error', msg: 'Invalid item_id: is required' });
    expect((await call('GET /api/items/item', `/api/items/item?item_id=${draftItemId}`)).status).toBe(401);
    const foreign = await call('GET /api/items/item', `/api/items/item?api_key=${authorKey}&item_id=${foreignItemId}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual({ status: 'error', msg: 'Item Not Found' });
  });
});

describe('POST /api/purchases/validation', () => {
  it('200 with the purchase, purchase_code in a form, JSON or the query string', async () => {
    const form = await call('POST /api/purchases/validation', `/api/purchases/validation?api_key=${authorKey}`, {
      form: { purchase_code: purchaseCode },
    });
    expect(form.status).toBe(200);
    expect(form.body.data.purchase.purchase_code).toBe(purchaseCode);
    expect(['Regular', 'Extended']).toContain(form.body.data.purchase.license_type);
    const json = await call('POST /api/purchases/validation', '/api/purchases/validation', {
      headers: { 'x-api-key': authorKey },
      json: { purchase_code: purchaseCode },
    });
    expect(json.body).toEqual(form.body);
    const query = await call('POST /api/purchases/validation', `/api/purchases/validation?api_key=${authorKey}&purchase_code=${purchaseCode}`);
    expect(query.body).toEqual(form.body);
  });

  it('400 without a code, 401 without a key, 404 "Invalid purchase code"', async () => {
    expect((await call('POST /api/purchases/validation', `/api/purchases/validation?api_key=${authorKey}`)).body).toEqual({
      status: 'error',
      msg: 'Invalid purchase_code: is required',
    });
    expect((await call('POST /api/purchases/validation', '/api/purchases/validation', { form: { purchase_code: purchaseCode } })).status).toBe(401);
    // The buyer's key: the code is not of one of the buyer's items.
    const notAuthor = await call('POST /api/purchases/validation', `/api/purchases/validation?api_key=${buyerKey}`, {
      form: { purchase_code: purchaseCode },
    });
    expect(notAuthor.status).toBe(404);
    expect(notAuthor.body).toEqual({ status: 'error', msg: 'Invalid purchase code' });
  });

  it('429 past the verification budget', async () => {
    const key = (await createLegacyApiKey(throttled.db.prisma, await accountId(throttled, authorUsername))).key;
    const via = () => throttled;
    const path = `/api/purchases/validation?api_key=${key}`;
    expect((await call('POST /api/purchases/validation', path, { form: { purchase_code: purchaseCode } }, via)).status).toBe(200);
    const limited = await call('POST /api/purchases/validation', path, { form: { purchase_code: purchaseCode } }, via);
    expect(limited.status).toBe(429);
    expect(limited.body.msg).toMatch(/Rate limit exceeded/);
  });
});

describe('bearer tokens', () => {
  it('work on the legacy paths too, still marked deprecated', async () => {
    const token = await tokenFor(t, authorUsername, ['items:read']);
    const { status, body } = await call('GET /api/items/all', '/api/items/all', { token });
    expect(status).toBe(200);
    expect(body.items.length).toBeGreaterThan(0);
  });
});

describe('coverage', () => {
  it('saw every documented answer of every legacy path', () => {
    const routes = routesOf((route) => route.profile === 'legacy');
    expect(routes.map((route) => route.path).sort()).toEqual([
      '/api/account/details',
      '/api/items/all',
      '/api/items/item',
      '/api/purchases/validation',
    ]);
    expect(uncovered(routes)).toEqual([]);
  });
});
