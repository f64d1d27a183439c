// Sessions and legacy credentials on the REST paths, in the documents' shapes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLegacyApiKey } from '../../src/accounts/legacy-keys';
import { accountId, tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';

let t: TestGateway;
let legacyKey: string;
beforeAll(async () => {
  t = await startTestGateway();
  legacyKey = (await createLegacyApiKey(t.db.prisma, await accountId(t, 'johndoe'))).key;
});
afterAll(() => t.close());

const post = (path: string, body: unknown, token?: string) =>
  t.request(path, { method: 'POST', token, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('POST /api/v1/auth/*', () => {
  it('login answers the bare token shape of 004', async () => {
    const response = await post('/api/v1/auth/login', { email: 'john.doe@example.com', password: t.demoPassword });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'token_type']);
    expect(body.token_type).toBe('Bearer');
    expect(body.access_token).toMatch(/^eyJ/);
    expect(body.expires_in).toBe(900);
  });

  it('register answers 201 with a session; refresh rotates; logout answers 204 and ends it', async () => {
    const registered = await post('/api/v1/auth/register', { email: 'rest@example.com', username: 'restuser', password: 'long enough pw' });
    expect(registered.status).toBe(201);
    const pair = await registered.json();
    const refreshed = await post('/api/v1/auth/refresh', { refresh_token: pair.refresh_token });
    expect(refreshed.status).toBe(200);
    const next = await refreshed.json();
    expect(next.refresh_token).not.toBe(pair.refresh_token);

    const logout = await post('/api/v1/auth/logout', {}, next.access_token);
    expect(logout.status).toBe(204);
    expect(await logout.text()).toBe('');
    const details = await t.request('/api/v1/account/details', { token: next.access_token });
    expect(details.status).toBe(401);
  });

  it('wrong credentials: 401 in the v1 error shape with the correlation id', async () => {
    const response = await post('/api/v1/auth/login', { email: 'john.doe@example.com', password: 'nope-nope' });
    expect(response.status).toBe(401);
    const body = await response.json();
    expect(body).toEqual({
      status: 'error',
      code: 401,
      msg: 'Invalid email or password',
      // 004_…'s symbolic code beside 000_…'s numeric one (docs/rest.md, v1).
      error: 'authentication_required',
      correlation_id: response.headers.get('x-correlation-id'),
    });
  });

  it('a missing field: 400 naming it', async () => {
    const response = await post('/api/v1/auth/login', { email: 'john.doe@example.com' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 400, details: { field: 'password', reason: 'is required' } });
    const notJson = await t.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{oops' });
    expect(notJson.status).toBe(400);
  });
});

describe('GET /api/v1/account/details', () => {
  it('answers the documented account payload for a token with user:account', async () => {
    const token = await tokenFor(t, 'johndoe', ['user:account']);
    const response = await t.request('/api/v1/account/details', { token });
    expect(response.status).toBe(200);
    expect(response.headers.get('deprecation')).toBeNull();
    expect(await response.json()).toEqual({
      status: 'success',
      data: {
        name: { firstname: 'John', lastname: 'Doe', full_name: 'John Doe' },
        username: 'johndoe',
        email: 'john.doe@example.com',
        balance: 100,
        currency: 'USD',
        profile: {
          heading: 'Profile Heading',
          description: 'Profile Description',
          contact: { email: 'contact@example.com' },
          social_links: { facebook: '/', x: '/' },
          media: { avatar: 'https://example.com/avatar.jpg', cover: 'https://example.com/cover.jpg' },
        },
        registered_at: '2024-04-27T12:00:00Z',
      },
    });
  });

  it('answers 403 naming the scope for a token without user:account', async () => {
    const token = await tokenFor(t, 'johndoe', ['items:read']);
    const response = await t.request('/api/v1/account/details', { token });
    expect(response.status).toBe(403);
    const body = await response.json();
    expect(body).toMatchObject({ status: 'error', code: 403 });
    expect(body.msg).toContain('user:account');
  });

  it('answers 401 without a credential', async () => {
    const response = await t.request('/api/v1/account/details');
    expect(response.status).toBe(401);
    expect((await response.json()).correlation_id).toBe(response.headers.get('x-correlation-id'));
  });
});

describe('legacy api keys', () => {
  it('authenticate the legacy path by parameter and by header, marked deprecated', async () => {
    for (const init of [
      { path: `/api/account/details?api_key=${legacyKey}` },
      { path: '/api/account/details', headers: { 'x-api-key': legacyKey } },
    ]) {
      const response = await t.request(init.path, { headers: init.headers });
      expect(response.status).toBe(200);
      expect(response.headers.get('deprecation')).toBe('true');
      expect(response.headers.get('sunset')).toMatch(/GMT$/);
      const body = await response.json();
      expect(body.status).toBe('success');
      expect(body.data.username).toBe('johndoe');
    }
  });

  it('authenticate v1 paths too, with the deprecation headers', async () => {
    const response = await t.request('/api/v1/account/details', { headers: { 'x-api-key': legacyKey } });
    expect(response.status).toBe(200);
    expect(response.headers.get('deprecation')).toBe('true');
    expect(response.headers.get('sunset')).not.toBeNull();
  });

  it('are refused on /graphql, when unknown, and when turned off', async () => {
    const graphql = await t.request('/graphql', {
      method: 'POST',
      headers: { 'x-api-key': legacyKey, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { username } }' }),
    });
    expect(graphql.status).toBe(401);

    const unknown = await t.request('/api/account/details', { headers: { 'x-api-key': 'mpg_key_notarealkey' } });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toEqual({ status: 'error', msg: 'Invalid API key' });
    expect(unknown.headers.get('deprecation')).toBe('true');

    const off = await startTestGateway({ LEGACY_API_KEYS: 'false' });
    try {
      const refused = await off.request('/api/account/details', { headers: { 'x-api-key': legacyKey } });
      expect(refused.status).toBe(401);
    } finally {
      await off.close();
    }
  });

  it('are stored as hashes only', async () => {
    const rows = await t.db.query('select * from legacy_api_keys');
    expect(JSON.stringify(rows)).not.toContain(legacyKey);
  });
});
