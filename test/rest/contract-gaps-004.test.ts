// Contract gaps of 004_…'s paths and of the products API's budgets: 004_…'s symbolic error
// codes beside 000_…'s numeric `code`, the OpenAPI document's download and docs paths, and
// the per-class X-RateLimit-* 002_… shows. Answers of the route table go through the
// contract client (`call`, ./support.ts), so every profile's shapes and headers are checked too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_OFFSET, MAX_PER_PAGE } from '../../src/rest/lists';
import { namedSchemas } from '../../src/rest/registry';
import { accountId, tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { contractClient, expectShape } from './support';

let t: TestGateway;
let limited: TestGateway; // one anonymous request, two downloads and two version checks per window
const { call } = contractClient(() => t);
const viaLimited = () => limited;
/** Seconds; windows end on multiples of their length, the account's (a minute) almost never on one of these. */
const DOWNLOAD_WINDOW = 7777;

beforeAll(async () => {
  t = await startTestGateway();
  limited = await startTestGateway({
    RATE_LIMIT_ANONYMOUS: '1',
    RATE_LIMIT_DOWNLOADS: '2',
    RATE_LIMIT_DOWNLOADS_WINDOW_SECONDS: String(DOWNLOAD_WINDOW),
    RATE_LIMIT_VERSION_CHECKS: '2',
  });
});
afterAll(async () => {
  await limited?.close();
  await t?.close();
});

/** The 004_… error body: 000_…'s fields, the HTTP status as `code`, 004_…'s code as `error`. */
function expectSymbolic(body: unknown, status: number, error: string): void {
  expect(body).toMatchObject({ status: 'error', code: status, error });
  expectShape(namedSchemas.get('V1SymbolicError')!.schema, body, `${status} ${error}`);
}

describe("004_…'s symbolic error codes on its paths", () => {
  it('400 invalid_request, 401 authentication_required, 403 insufficient_permissions, 404 resource_not_found', async () => {
    const badLogin = await call('POST /api/v1/auth/login', '/api/v1/auth/login', { json: { email: 'nobody@example.com' } });
    expect(badLogin.status).toBe(400);
    expectSymbolic(badLogin.body, 400, 'invalid_request');

    const anonymous = await call('GET /api/v1/users/me', '/api/v1/users/me');
    expect(anonymous.status).toBe(401);
    expectSymbolic(anonymous.body, 401, 'authentication_required');

    const unscoped = await tokenFor(t, 'johndoe', ['items:read']);
    const refused = await call('GET /api/v1/webhooks', '/api/v1/webhooks', { token: unscoped });
    expect(refused.status).toBe(403);
    expectSymbolic(refused.body, 403, 'insufficient_permissions');

    const reader = await tokenFor(t, 'johndoe', ['workspaces:read']);
    const missing = await call('GET /api/v1/organizations/:id', '/api/v1/organizations/999999', { token: reader });
    expect(missing.status).toBe(404);
    expectSymbolic(missing.body, 404, 'resource_not_found');

    // A path no route matched, under 004_…'s prefixes, and a known path with another method.
    const unknown = await t.request('/api/v1/users/me/nowhere', { token: reader });
    expect(unknown.status).toBe(404);
    expectSymbolic(await unknown.json(), 404, 'resource_not_found');
    const wrongMethod = await t.request('/api/v1/auth/login', { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expectSymbolic(await wrongMethod.json(), 405, 'invalid_request');
  });

  it('429 rate_limit_exceeded when the account budget is spent', async () => {
    const first = await limited.request('/api/v1/organizations');
    expect(first.status).toBe(401);
    expectSymbolic(await first.json(), 401, 'authentication_required');
    const second = await call('GET /api/v1/organizations', '/api/v1/organizations', {}, viaLimited);
    expect(second.status).toBe(429);
    expectSymbolic(second.body, 429, 'rate_limit_exceeded');
  });

  it("000_…'s paths keep their body without `error`", async () => {
    const details = await call('GET /api/v1/account/details', '/api/v1/account/details');
    expect(details.status).toBe(401);
    expect(details.body).not.toHaveProperty('error');
    const unknown = await t.request('/api/v1/nowhere');
    expect(await unknown.json()).not.toHaveProperty('error');
  });

  it('the OpenAPI document gives those routes the error schema with `error`', async () => {
    const document = await (await t.request('/api/openapi.json')).json();
    const schema = (path: string, method: string, status: string) =>
      document.paths[path][method].responses[status].content['application/json'].schema.$ref;
    expect(schema('/api/v1/users/me', 'get', '401')).toBe('#/components/schemas/V1SymbolicError');
    expect(schema('/api/v1/auth/login', 'post', '400')).toBe('#/components/schemas/V1SymbolicError');
    expect(schema('/api/v1/webhooks', 'get', '429')).toBe('#/components/schemas/V1SymbolicError');
    expect(schema('/api/v1/account/details', 'get', '401')).toBe('#/components/schemas/V1Error');
    const component = document.components.schemas.V1SymbolicError;
    expect(component.required).toContain('error');
    expect(component.properties.error.enum).toEqual(
      expect.arrayContaining(['invalid_request', 'authentication_required', 'insufficient_permissions', 'resource_not_found', 'rate_limit_exceeded']),
    );
    expect(document.paths['/api/v1/organizations/{id}'].get.responses['404'].content['application/json'].example).toMatchObject({
      code: 404,
      error: 'resource_not_found',
    });
  });
});

describe('OpenAPI: the signed download path, the docs assets, the products maxima', () => {
  it('documents GET /downloads/{id}?expires=&signature= and GET /api/docs/{asset}', async () => {
    const document = await (await t.request('/api/openapi.json')).json();
    const download = document.paths['/downloads/{id}'].get;
    const byName = Object.fromEntries(download.parameters.map((p: { name: string; in: string; required: boolean }) => [p.name, p]));
    expect(byName.id).toMatchObject({ in: 'path', required: true });
    expect(byName.expires).toMatchObject({ in: 'query', required: true });
    expect(byName.signature).toMatchObject({ in: 'query', required: true });
    expect(download.security).toEqual([{}]);
    expect(Object.keys(download.responses).sort()).toEqual(['200', '400', '403', '404']);
    expect(Object.keys(download.responses['200'].content)).toEqual(['application/zip']);
    expect(download.responses['200'].headers['X-RateLimit-Limit']).toBeUndefined();

    const asset = document.paths['/api/docs/{asset}'].get;
    expect(asset.parameters[0]).toMatchObject({ name: 'asset', in: 'path' });
    expect(asset.parameters[0].schema.enum).toEqual(expect.arrayContaining(['swagger-ui.css', 'swagger-ui-bundle.js', 'init.js']));
    expect(Object.keys(asset.responses['200'].content)).toEqual(expect.arrayContaining(['text/css', 'text/javascript', 'image/png']));
    expect(asset.responses['404']).toBeDefined();
    // Every asset the page names is one the document lists.
    const html = await (await t.request('/api/docs')).text();
    for (const [, name] of html.matchAll(/(?:src|href)="\/api\/docs\/([^"]+)"/g)) expect(asset.parameters[0].schema.enum).toContain(name);

    const products: Array<{ name: string; schema: { maximum?: number } }> = document.paths['/api/products'].get.parameters;
    const limits = Object.fromEntries(products.map((parameter) => [parameter.name, parameter.schema.maximum]));
    expect(limits).toMatchObject({ limit: MAX_PER_PAGE, offset: MAX_OFFSET });
  });
});

describe('002_…: unknown paths and per-class budgets', () => {
  it('unknown paths under the products API answer in its shape with X-RateLimit-*', async () => {
    for (const path of ['/api/products/nope', '/api/products/a/b', '/api/downloads/x/y/z', '/api/version/x/y']) {
      const response = await t.request(path);
      expect(response.status, path).toBe(404);
      expect(await response.json()).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
      for (const name of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']) {
        expect(response.headers.get(name), `${path} ${name}`).toMatch(/^\d+$/);
      }
    }
  });

  it("version checks report the class budget's limit, remaining and reset, 2xx and 429 alike", async () => {
    const token = await tokenFor(limited, 'johndoe', ['items:read']);
    const { slug } = await limited.db.prisma.item.findFirstOrThrow({ where: { status: 'PUBLISHED', latestVersion: { not: null } } });
    const check = () => call('GET /api/version/:slug', `/api/version/${slug}`, { token }, viaLimited);
    const first = await check();
    expect(first.status).toBe(200);
    expect([first.headers.get('x-ratelimit-limit'), first.headers.get('x-ratelimit-remaining')]).toEqual(['2', '1']);
    const second = await check();
    expect([second.headers.get('x-ratelimit-limit'), second.headers.get('x-ratelimit-remaining')]).toEqual(['2', '0']);
    const refused = await check();
    expect(refused.status).toBe(429);
    expect([refused.headers.get('x-ratelimit-limit'), refused.headers.get('x-ratelimit-remaining')]).toEqual(['2', '0']);
    expect(refused.headers.get('x-ratelimit-reset')).toBe(first.headers.get('x-ratelimit-reset'));
  });

  it("downloads report the download budget (its own window), not the account's", async () => {
    const johnId = await accountId(limited, 'johndoe');
    const item = await limited.db.prisma.item.findFirstOrThrow({
      where: { status: 'PUBLISHED', latestVersion: { not: null }, regularPriceCents: { gt: 0 }, purchases: { none: { buyerId: johnId } } },
      orderBy: { id: 'asc' },
    });
    await limited.db.prisma.item.update({ where: { id: item.id }, data: { regularPriceCents: 0 } });
    const token = await tokenFor(limited, 'johndoe', ['download:purchase']);
    const download = () => call('GET /api/downloads/:slug', `/api/downloads/${item.slug}`, { token }, viaLimited);
    const first = await download();
    expect(first.status).toBe(200);
    expect([first.headers.get('x-ratelimit-limit'), first.headers.get('x-ratelimit-remaining')]).toEqual(['2', '1']);
    // The download window's end, not the account window's.
    expect(Number(first.headers.get('x-ratelimit-reset')) % DOWNLOAD_WINDOW).toBe(0);
    await download();
    const refused = await download();
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    expect([refused.headers.get('x-ratelimit-limit'), refused.headers.get('x-ratelimit-remaining')]).toEqual(['2', '0']);
    expect(refused.headers.get('x-ratelimit-reset')).toBe(first.headers.get('x-ratelimit-reset'));
  });
});
