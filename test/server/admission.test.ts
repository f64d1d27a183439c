// Admission and request bounds: every request that runs an operation or a route is
// authenticated and charged; GraphiQL's page and preflights are static and free; the
// client address is the socket's unless a trusted proxy names it; bodies, list arguments
// and nodes(ids:) are bounded; CORS follows the configured origins; every answer carries
// nosniff, and those with credentials or private data `Cache-Control: no-store`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { startInstance, type Instance } from '../support/instances';

let t: TestGateway;
const cleanups: Array<() => Promise<unknown>> = [];
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await t.close();
});

async function gatewayWith(env: Record<string, string>): Promise<TestGateway> {
  const other = await startTestGateway(env);
  cleanups.push(() => other.close());
  return other;
}

async function instanceWith(env: Record<string, string>): Promise<Instance> {
  const instance = await startInstance({ db: t.db, env });
  cleanups.push(() => instance.close());
  return instance;
}

const GARBAGE = 'Bearer not-a-real-token';

describe('one admission step', () => {
  it('GET /graphql with GraphiQL off: HTML accepted or not, the query runs only through admission', async () => {
    const off = await gatewayWith({ GRAPHIQL: 'false', RATE_LIMIT_ANONYMOUS: '50' });
    const url = `/graphql?query=${encodeURIComponent('{ rateLimit { remaining } }')}`;
    const accept = 'text/html, application/json';
    const refused = await off.request(url, { headers: { accept, authorization: GARBAGE } });
    expect(refused.status).toBe(401);
    const anonymous = await off.request(url, { headers: { accept } });
    expect(anonymous.headers.get('x-ratelimit-remaining')).toBe('48'); // the refused request was charged too
    const body = await anonymous.json();
    expect(body).toEqual({ data: { rateLimit: { remaining: 48 } } });
  });

  it("GraphiQL's page is static, compressed and cacheable: no credential read, no charge, nothing run", async () => {
    const on = await gatewayWith({ RATE_LIMIT_ANONYMOUS: '50' });
    const url = `/graphql?query=${encodeURIComponent('mutation { logout { sessionEnded } }')}`;
    const page = await on.request(url, { headers: { accept: 'text/html', 'accept-encoding': 'gzip, br', authorization: GARBAGE } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-encoding')).toBe('br');
    expect(page.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(page.headers.get('x-ratelimit-limit')).toBeNull();
    const compressed = (await page.arrayBuffer()).byteLength;
    expect(compressed).toBeLessThan(3_000_000);
    const etag = page.headers.get('etag')!;
    const again = await on.request('/graphql', { headers: { accept: 'text/html', 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const gzipped = await on.request('/graphql', { headers: { accept: 'text/html', 'accept-encoding': 'gzip' } });
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    // Nothing was charged: the first API call sees the whole budget.
    const { data } = await on.graphql<{ rateLimit: { remaining: number } }>('{ rateLimit { remaining } }');
    expect(data!.rateLimit.remaining).toBe(49);
  });

  it('a garbage credential is 401 on every surface, public paths and unknown paths included', async () => {
    const paths: Array<[string, RequestInit]> = [
      ['/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ categories { slug } }' }) }],
      ['/graphql?query=%7B__typename%7D', { headers: { accept: 'application/json' } }],
      ['/api/v1/account/details', {}],
      ['/api/v1/catalog/items', {}],
      ['/api/products', {}],
      ['/api/items/all', {}],
      ['/api/v1/no-such-path', {}],
    ];
    for (const [path, init] of paths) {
      const response = await t.request(path, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: GARBAGE } });
      expect(response.status, path).toBe(401);
      expect(response.headers.get('x-ratelimit-limit'), path).toMatch(/^\d+$/);
    }
    const badKey = await t.request('/api/account/details?api_key=mpg_key_garbage');
    expect(badKey.status).toBe(401);
  });
});

describe('the client address', () => {
  const askFrom = (instance: Instance, forwardedFor: string) =>
    fetch(`${instance.url}/api/v1/catalog/categories`, { headers: { 'x-forwarded-for': forwardedFor } }).then((r) => r.status);

  it('is the socket peer when TRUST_PROXY is off: X-Forwarded-For changes nothing', async () => {
    const instance = await instanceWith({ RATE_LIMIT_ANONYMOUS: '2' });
    expect([await askFrom(instance, '203.0.113.1'), await askFrom(instance, '203.0.113.2'), await askFrom(instance, '203.0.113.3')]).toEqual([
      200, 200, 429,
    ]);
  });

  it('is what a trusted proxy says when TRUST_PROXY names it: each client has its own budget', async () => {
    const instance = await instanceWith({ RATE_LIMIT_ANONYMOUS: '2', TRUST_PROXY: 'loopback' });
    expect([await askFrom(instance, '203.0.113.1'), await askFrom(instance, '203.0.113.1'), await askFrom(instance, '203.0.113.1')]).toEqual([
      200, 200, 429,
    ]);
    expect(await askFrom(instance, '203.0.113.2')).toBe(200);
  });

  it('counts hops: with TRUST_PROXY=1 only the nearest proxy is believed, not addresses a client made up', async () => {
    const instance = await instanceWith({ RATE_LIMIT_ANONYMOUS: '1', TRUST_PROXY: '1' });
    // The client claimed to be 198.51.100.7; the proxy (the socket peer) says it was 203.0.113.9.
    expect(await askFrom(instance, '198.51.100.7, 203.0.113.9')).toBe(200);
    expect(await askFrom(instance, '198.51.100.8, 203.0.113.9')).toBe(429);
    expect(await askFrom(instance, '198.51.100.7, 203.0.113.10')).toBe(200);
  });
});

describe('request bodies', () => {
  const big = 'x'.repeat(1024 * 1024 + 1);

  it('over the limit: 413 in each surface’s error shape', async () => {
    const graphql = await t.request('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    expect(graphql.status).toBe(413);
    expect((await graphql.json()).errors[0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    const v1 = await t.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    expect(v1.status).toBe(413);
    expect(await v1.json()).toMatchObject({ status: 'error', code: 413, correlation_id: v1.headers.get('x-correlation-id') });
    const legacy = await t.request('/api/purchases/validation', { method: 'POST', body: big });
    expect(await legacy.json()).toEqual({ status: 'error', msg: expect.stringContaining('larger than') });
    const products = await t.request('/api/version/check', { method: 'POST', body: big });
    expect(await products.json()).toMatchObject({ success: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('a streamed body is refused once it passes the limit, without reading the rest', async () => {
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024).fill(32);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        if (pulled > 20 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const request = new Request('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    const response = await t.gateway.fetch(request, {});
    expect(response.status).toBe(413);
    // At most the limit and the chunks already in flight were read, not the 20 MB offered.
    expect(pulled).toBeLessThan(1024 * 1024 + 4 * chunk.byteLength);
  });

  it('over a real connection: a DELETE without Content-Length, and chunked bodies under and over the limit', async () => {
    // What curl and fetch send: no Content-Length on a DELETE without a body, Transfer-Encoding: chunked on a
    // streamed POST. The HTTP server's requests are not the runtime's Request class (they once made every such
    // DELETE a 500).
    const instance = await instanceWith({ RATE_LIMIT_FREE: '1000000' });
    const token = await tokenFor(t, 'johndoe', ['user:collections', 'user:account']);
    const { id } = await t.db.prisma.item.findFirstOrThrow({ where: { status: 'PUBLISHED' }, orderBy: { id: 'asc' }, select: { id: true } });
    const removed = await fetch(`${instance.url}/api/v1/favorites/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(removed.status).toBe(204);
    const streamed = (text: string) =>
      fetch(`${instance.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: new Blob([text]).stream(),
        duplex: 'half',
      } as RequestInit);
    const served = await streamed(JSON.stringify({ query: '{ viewer { username } }' }));
    expect(await served.json()).toEqual({ data: { viewer: { username: 'johndoe' } } });
    const tooLarge = await streamed(JSON.stringify({ query: '{ __typename }', variables: { padding: big } }));
    expect(tooLarge.status).toBe(413);
    expect((await tooLarge.json()).errors[0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('authors who may write items get the larger limit (files in publishItemVersion)', async () => {
    const author = await tokenFor(t, 'pixelforge', ['items:write']);
    const buyer = await tokenFor(t, 'johndoe', ['items:write']);
    const body = JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(2 * 1024 * 1024) } });
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body };
    expect((await t.request('/graphql', { ...init, token: author })).status).toBe(200);
    expect((await t.request('/graphql', { ...init, token: buyer })).status).toBe(413);
  });
});

describe('list arguments', () => {
  it('nodes(ids:) takes at most 100 ids, and each counts toward the query cost', async () => {
    const { data } = await t.graphql<{ items: { edges: Array<{ node: { id: string } }> } }>('{ items(first: 1) { edges { node { id } } } }');
    const id = data!.items.edges[0]!.node.id;
    const hundred = await t.graphql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: Array(100).fill(id) });
    expect(hundred.errors).toBeUndefined();
    const tooMany = await t.graphql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: Array(101).fill(id) });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });
    const cheap = await gatewayWith({ QUERY_MAX_COST: '50' });
    const costly = await cheap.graphql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: Array(60).fill(id) });
    expect(costly.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query' });
  });

  it('an over-long list is BAD_USER_INPUT naming it, quickly, on both surfaces', async () => {
    const token = await tokenFor(t, 'johndoe', ['statements:read']);
    const kinds = Array(70_000).fill('SALE');
    const statement = await t.graphql(
      'query($kinds: [LedgerKind!]) { viewer { statement(first: 1, filter: { kinds: $kinds }) { totalCount } } }',
      { kinds },
      { token },
    );
    expect(statement.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.kinds' });
    const versions = await t.graphql('query($products: [VersionCheckInput!]!) { checkVersions(products: $products) { slug } }', {
      products: Array(101).fill({ slug: 'a', version: '1.0.0' }),
    });
    expect(versions.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'products' });
    const rest = await t.request('/api/version/check', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ products: Array(101).fill({ slug: 'a', version: '1.0.0' }) }),
    });
    expect(rest.status).toBe(400);
    expect(await rest.json()).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR', details: { field: 'products' } } });
  });
});

describe('CORS', () => {
  const preflight = (g: TestGateway, path: string, origin: string) =>
    g.request(path, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });

  it('answers preflights from an allowed origin on both surfaces, with credentials, and never charges them', async () => {
    const g = await gatewayWith({ CORS_ORIGINS: 'https://shop.example.com', RATE_LIMIT_ANONYMOUS: '5' });
    for (const path of ['/graphql', '/api/v1/purchases', '/api/products']) {
      const response = await preflight(g, path, 'https://shop.example.com');
      expect(response.status, path).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
      expect(response.headers.get('access-control-allow-credentials')).toBe('true');
      expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
      expect(response.headers.get('x-ratelimit-limit')).toBeNull();
    }
    const { data, headers } = await g.graphql<{ rateLimit: { remaining: number } }>('{ rateLimit { remaining } }', undefined, {
      headers: { origin: 'https://shop.example.com' },
    });
    expect(data!.rateLimit.remaining).toBe(4);
    expect(headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    expect(headers.get('access-control-expose-headers')).toContain('X-RateLimit-Remaining');
    expect(headers.get('access-control-allow-credentials')).toBe('true');
    expect(headers.get('vary')).toContain('Origin');
    // REST answers carry them too, beside the route's own headers.
    const rest = await g.request('/api/v1/catalog/categories', { headers: { origin: 'https://shop.example.com' } });
    expect(rest.status).toBe(200);
    expect(rest.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    expect(rest.headers.get('x-request-id')).toBeTruthy();
  });

  it('gives a refused origin nothing to read, and by default no origin is allowed', async () => {
    const g = await gatewayWith({ CORS_ORIGINS: 'https://shop.example.com' });
    const refused = await preflight(g, '/graphql', 'https://evil.example');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const answer = await g.request('/api/v1/catalog/categories', { headers: { origin: 'https://evil.example' } });
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    for (const path of ['/graphql', '/api/v1/catalog/categories']) {
      const byDefault = await preflight(t, path, 'https://shop.example.com');
      expect(byDefault.headers.get('access-control-allow-origin'), path).toBeNull();
    }
  });
});

describe('response headers', () => {
  it('nosniff on every answer', async () => {
    for (const path of ['/healthz', '/readyz', '/nowhere', '/api/v1/catalog/categories', '/api/nowhere', '/downloads/1?expires=1&signature=x']) {
      expect((await t.request(path)).headers.get('x-content-type-options'), path).toBe('nosniff');
    }
    expect((await t.graphql('{ __typename }')).headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('Cache-Control: no-store on answers that carry a credential or private data', async () => {
    const { email } = await t.db.prisma.account.findUniqueOrThrow({ where: { username: 'johndoe' } });
    const login = await t.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: t.demoPassword }),
    });
    expect(login.headers.get('cache-control')).toBe('no-store');
    const { refresh_token } = (await login.json()) as { refresh_token: string };
    const refreshed = await t.request('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token }),
    });
    expect(refreshed.headers.get('cache-control')).toBe('no-store');
    const session = await loginAs(t, 'johndoe');
    const created = await t.graphql('mutation { createPersonalAccessToken(input: { name: "ci", scopes: ["user:account"] }) { token } }', undefined, {
      token: session.accessToken,
    });
    expect(created.headers.get('cache-control')).toBe('no-store');
    const details = await t.request('/api/v1/account/details', { token: session.accessToken });
    expect(details.headers.get('cache-control')).toBe('no-store');
  });
});
