// The OpenAPI document at /api/openapi.json: valid OpenAPI 3.1 (checked with a validator
// library), every route of the table in it and nothing else, every $ref resolvable; and
// the docs page at /api/docs, rendered by headless Chromium from the gateway's own assets.
import { Validator } from '@seriousme/openapi-schema-validator';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiPath } from '../../src/rest/openapi';
import { namedSchemas } from '../../src/rest/registry';
import { restRoutes } from '../../src/rest/routes';
import { launchBrowser, offlinePage } from '../support/browser';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { listen, type Listening } from '../support/http';
import { expectShape } from './support';

let t: TestGateway;
/** The parsed OpenAPI document (plain JSON). */
let document: any;

beforeAll(async () => {
  t = await startTestGateway();
  const response = await t.request('/api/openapi.json');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  document = await response.json();
});
afterAll(() => t.close());

const apiRoutes = restRoutes.filter((route) => !route.internal);

describe('/api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(document.openapi).toBe('3.1.0');
  });

  it('lists every route of the table, and nothing else', () => {
    const listed = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const expected = apiRoutes.map((route) => `${route.method} ${openApiPath(route.path)}`);
    expect(listed.sort()).toEqual(expected.sort());
    // The documents' paths, by name.
    for (const path of [
      '/api/v1/account/details',
      '/api/v1/items',
      '/api/v1/items/{item_id}',
      '/api/v1/purchases/verify',
      '/api/v1/purchases',
      '/api/v1/purchases/{code}',
      '/api/v1/purchases/{code}/download',
      '/api/v1/sales',
      '/api/v1/statements',
      '/api/v1/favorites',
      '/api/v1/favorites/{item_id}',
      '/api/v1/catalog/items',
      '/api/v1/catalog/categories',
      '/api/v1/stats/summary',
      '/api/account/details',
      '/api/items/all',
      '/api/items/item',
      '/api/purchases/validation',
      '/api/products',
      '/api/products/{slug}',
      '/api/downloads/{slug}',
      '/api/user/purchases',
      '/api/version/{slug}',
      '/api/version/check',
    ]) {
      expect(document.paths[path], path).toBeDefined();
    }
  });

  it('resolves every $ref, and names each operation once', () => {
    const refs = new Set<string>();
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) {
          if (key === '$ref' && typeof inner === 'string') refs.add(inner);
          else walk(inner);
        }
      }
    };
    walk(document);
    for (const ref of refs) {
      const target = ref
        .replace(/^#\//, '')
        .split('/')
        .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], document);
      expect(target, ref).toBeDefined();
    }
    const ids = Object.values(document.paths as Record<string, Record<string, { operationId: string }>>).flatMap((operations) =>
      Object.values(operations).map((operation) => operation.operationId),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('describes scopes, credentials, lists, errors and headers per operation', () => {
    const purchase = document.paths['/api/v1/purchases/{code}'].get;
    expect(purchase.security).toEqual(expect.arrayContaining([{ bearerAuth: ['purchase:list'] }, { bearerAuth: ['purchase:verify'] }]));
    expect(Object.keys(purchase.responses).sort()).toEqual(['200', '401', '403', '404', '429']);
    expect(purchase.responses['404'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/V1Error' });

    const list = document.paths['/api/v1/catalog/items'].get;
    const names = list.parameters.map((parameter: { name: string }) => parameter.name);
    expect(names).toEqual(expect.arrayContaining(['page', 'per_page', 'sort', 'cursor', 'filter[type]', 'search', 'If-None-Match']));
    expect(list.security).toContainEqual({});
    expect(Object.keys(list.responses['200'].headers)).toEqual(
      expect.arrayContaining(['X-Request-ID', 'X-Correlation-ID', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'ETag']),
    );
    expect(list.responses['304']).toBeDefined();
    expect(list.responses['429'].headers['Retry-After']).toBeDefined();

    const legacy = document.paths['/api/items/all'].get;
    expect(legacy.deprecated).toBe(true);
    expect(legacy.security[0]).toEqual({ apiKeyQuery: [] });
    expect(Object.keys(legacy.responses['200'].headers)).toEqual(expect.arrayContaining(['Deprecation', 'Sunset']));
    expect(legacy.responses['404'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/LegacyError' });

    const check = document.paths['/api/version/check'].post;
    expect(check.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/VersionCheckBody' });
    expect(check.responses['400'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ProductsError' });

    // The documented item, with version a string.
    expect(document.components.schemas.Item.properties.version.type).toEqual(['string', 'null']);
    expect(document.components.schemas.Item.additionalProperties).toBe(false);
  });
});

describe('component schemas', () => {
  it('hold examples that parse with their own schema, and reach the document', () => {
    const withExamples = [...namedSchemas].filter(([, entry]) => entry.example !== undefined);
    expect(withExamples.length).toBeGreaterThanOrEqual(20);
    for (const [id, { schema, example }] of withExamples) {
      expectShape(schema, example, `example of ${id}`);
      expect(document.components.schemas[id].examples, id).toEqual([example]);
    }
    expect(document.components.schemas.Item.description).toBe('An item exactly as the documents show it.');
  });

  it('give every error answer an example in its own shape and status', () => {
    for (const [path, operations] of Object.entries(document.paths as Record<string, Record<string, { responses: Record<string, any> }>>)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          const media = response.content?.['application/json'];
          if (!media?.example) continue;
          const id = media.schema.$ref.split('/').at(-1);
          expectShape(namedSchemas.get(id)!.schema, media.example, `${method} ${path} ${status}`);
          if (id === 'V1Error') expect(media.example.code).toBe(Number(status));
        }
      }
    }
  });
});

describe('/api/docs', () => {
  it('serves the page and its assets from the gateway, nothing from elsewhere', async () => {
    const page = await t.request('/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(sources.length).toBeGreaterThanOrEqual(3);
    for (const source of sources) {
      expect(source.startsWith('/api/docs/'), source).toBe(true);
      const asset = await t.request(source);
      expect(asset.status, source).toBe(200);
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
    expect((await t.request('/api/docs/package.json')).status).toBe(404);
    expect((await t.request('/api/docs/..%2Fpackage.json')).status).toBe(404);
  });
});

describe('/api/docs in a browser', () => {
  let http: Listening;
  let browser: Browser;

  beforeAll(async () => {
    http = await listen(t.gateway);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await http?.close();
  });

  it('renders every operation offline', async () => {
    const { page, foreign, pageErrors } = await offlinePage(browser);
    await page.goto(`${http.url}/api/docs`);
    await page.locator('.opblock').first().waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator('.opblock').count(), { timeout: 10_000 }).toBe(apiRoutes.length);
    const text = await page.locator('#swagger-ui').innerText();
    expect(text).toContain('Marketplace REST API');
    expect(text).toContain('/api/v1/purchases/{code}');
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
