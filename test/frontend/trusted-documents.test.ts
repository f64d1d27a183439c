// docs/frontend.md's worked example, run: a typed query written with codegen's `graphql()`,
// registered as a trusted document through the manifest codegen writes
// (src/generated/gql/persisted-documents.json here; the frontend's own in a real deployment),
// then called by id with GET (cacheable) and POST. Unknown ids and, with the setting on,
// anonymous documents of their own are refused in the documented shape.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../../src/generated/gql';
import { tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';

// The query of docs/frontend.md, word for word.
const FrontPage = graphql(`
  query FrontPage($first: Int!) {
    items(first: $first, sort: NEWEST) {
      edges { node { name slug price { regular { amount currency } } } }
    }
    viewer { username }
  }
`);

const MANIFEST = fileURLToPath(new URL('../../src/generated/gql/persisted-documents.json', import.meta.url));
const documentId = (FrontPage as unknown as { __meta__: { hash: string } }).__meta__.hash;

let t: TestGateway;
let token: string;
beforeAll(async () => {
  t = await startTestGateway({ TRUSTED_DOCUMENTS: MANIFEST, TRUSTED_DOCUMENTS_ONLY_FOR_ANONYMOUS: 'true' });
  token = await tokenFor(t, 'johndoe', ['items:read']);
});
afterAll(() => t.close());

const get = (id: string, headers: Record<string, string> = {}) =>
  t.request(`/graphql?documentId=${encodeURIComponent(id)}&variables=${encodeURIComponent(JSON.stringify({ first: 2 }))}`, { headers });
const post = (body: unknown, token?: string) =>
  t.request('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), token });

type Page = { data: { items: { edges: Array<{ node: { name: string } }> }; viewer: { username: string } | null } };

describe('trusted documents', () => {
  it('runs a registered document by id with GET, cacheable for anonymous callers, 304 when unchanged', async () => {
    expect(documentId).toMatch(/^sha256:[0-9a-f]{64}$/);
    const first = await get(documentId);
    expect(first.status).toBe(200);
    const body = (await first.json()) as Page;
    expect(body.data.items.edges).toHaveLength(2);
    expect(body.data.viewer).toBeNull();
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    const tag = first.headers.get('etag');
    expect(tag).toBeTruthy();
    const again = await get(documentId, { 'if-none-match': tag! });
    expect(again.status).toBe(304);
  });

  it("keeps a caller's own answer private: revalidated every time", async () => {
    const mine = await t.request(`/graphql?documentId=${encodeURIComponent(documentId)}&variables=${encodeURIComponent('{"first":1}')}`, {
      token,
    });
    expect(mine.status).toBe(200);
    expect(((await mine.json()) as Page).data.viewer).toEqual({ username: 'johndoe' });
    expect(mine.headers.get('cache-control')).toBe('private, no-cache');
    expect(mine.headers.get('vary')).toContain('Authorization');
  });

  it('runs it by id with POST too', async () => {
    const response = await post({ documentId, variables: { first: 1 } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as Page).data.items.edges).toHaveLength(1);
  });

  it('refuses an unknown id: PERSISTED_QUERY_NOT_FOUND, 400, with a correlation id', async () => {
    const response = await post({ documentId: 'sha256:0000', variables: {} });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
    expect(body.errors[0]).toMatchObject({
      message: 'No trusted document has this documentId',
      extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', correlationId: response.headers.get('x-request-id') },
    });
  });

  it('refuses an anonymous document of its own with the setting on, and runs it for a token', async () => {
    const anonymous = await post({ query: '{ items(first: 1) { totalCount } }' });
    expect(anonymous.status).toBe(403);
    const body = (await anonymous.json()) as { errors: Array<{ extensions: Record<string, unknown> }> };
    expect(body.errors[0]!.extensions.code).toBe('PERSISTED_QUERY_ONLY');
    const withToken = await post({ query: '{ items(first: 1) { totalCount } }' }, token);
    expect(withToken.status).toBe(200);
  });
});

describe("the README's browser token flow", () => {
  let open: TestGateway;
  beforeAll(async () => {
    open = await startTestGateway();
  });
  afterAll(() => open.close());

  const send = async (query: string, variables: Record<string, unknown>, token?: string) => {
    const response = await open.request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
      token,
    });
    return (await response.json()) as { data: Record<string, Record<string, unknown>>; errors?: unknown[] };
  };

  it('logs in, mints a personal access token with one scope, and reads sales with it', async () => {
    const { data } = await send('mutation($input: LoginInput!) { login(input: $input) { accessToken } }', {
      input: { email: 'john.doe@example.com', password: open.demoPassword },
    });
    const created = await send(
      'mutation($input: CreatePersonalAccessTokenInput!) { createPersonalAccessToken(input: $input) { token } }',
      { input: { name: 'analytics', scopes: ['sales:read'] } },
      data.login!.accessToken as string,
    );
    expect(created.errors).toBeUndefined();
    const token = created.data.createPersonalAccessToken!.token as string;
    const sales = await send('{ viewer { salesSummary { count } } }', {}, token);
    expect(sales.errors).toBeUndefined();
    expect(sales.data.viewer).toEqual({ salesSummary: { count: expect.any(Number) } });
  });
});
