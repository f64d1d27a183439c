// Legacy api keys an account issues itself (workspace settings): createLegacyApiKey and
// POST /api/v1/users/me/api-key from a signed-in session only, shown once and stored
// hashed, one key per account; revokeLegacyApiKey and DELETE …/api-key with tokens:manage.
// A key issued through the API works on a legacy path; revoked, it is refused in the legacy shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLegacyApiKey } from '../../src/accounts/legacy-keys';
import { hashSecret } from '../../src/accounts/secrets';
import { accountId, loginAs, tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { contractClient, routesOf } from '../rest/support';

let t: TestGateway;
const { call, uncovered } = contractClient(() => t);
let session: string;
let johnId: number;

beforeAll(async () => {
  t = await startTestGateway();
  session = (await loginAs(t, 'johndoe')).accessToken;
  johnId = await accountId(t, 'johndoe');
});
afterAll(() => t?.close());

type Errors = Array<{ message: string; extensions?: Record<string, unknown> }>;
const send = async (query: string, token: string) =>
  (await t.graphql(query, {} as never, { token })) as { status: number; data?: Record<string, any> | null; errors?: Errors };

const CREATE = 'mutation LegacyKeyApiCreate { createLegacyApiKey { apiKey prefix createdAt replacedKeys } }';
const REVOKE = 'mutation LegacyKeyApiRevoke { revokeLegacyApiKey { revokedKeys } }';

const legacyDetails = (key: string) => call('GET /api/account/details', `/api/account/details?api_key=${key}`);

describe('createLegacyApiKey / revokeLegacyApiKey (GraphQL)', () => {
  it('issues a key shown once and stored only as its hash; it works on a legacy path', async () => {
    const { data, errors } = await send(CREATE, session);
    expect(errors).toBeUndefined();
    const issued = data!.createLegacyApiKey;
    expect(issued.apiKey).toMatch(/^mpg_key_/);
    expect(issued.apiKey.startsWith(issued.prefix)).toBe(true);
    const rows = await t.db.prisma.legacyApiKey.findMany({ where: { accountId: johnId } });
    expect(rows.map((row) => row.keyHash)).toContain(hashSecret(issued.apiKey));
    expect(JSON.stringify(rows)).not.toContain(issued.apiKey);

    const served = await legacyDetails(issued.apiKey);
    expect(served.status).toBe(200);
    expect(served.body.data.username).toBe('johndoe');
  });

  it('replaces the key the account had (CLI-issued ones too): one key per account', async () => {
    const cli = (await createLegacyApiKey(t.db.prisma, johnId)).key;
    expect((await legacyDetails(cli)).status).toBe(200);
    const { data } = await send(CREATE, session);
    expect(data!.createLegacyApiKey.replacedKeys).toBe(2);
    expect((await legacyDetails(cli)).body).toEqual({ status: 'error', msg: 'Invalid API key' });
    expect((await legacyDetails(data!.createLegacyApiKey.apiKey)).status).toBe(200);
    expect(await t.db.prisma.legacyApiKey.count({ where: { accountId: johnId, revokedAt: null } })).toBe(1);
  });

  it('refuses a personal access token, whatever its scopes (the key could be broader than it)', async () => {
    const token = await tokenFor(t, 'johndoe', ['tokens:manage', 'user:account', 'items:read', 'purchase:verify', 'purchase:list']);
    const refused = await send(CREATE, token);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0]?.message).toContain('signed-in session only');
  });

  it('revokes with tokens:manage: the key is then refused in the legacy shape', async () => {
    const { data } = await send(CREATE, session);
    const key = data!.createLegacyApiKey.apiKey as string;
    const without = await send(REVOKE, await tokenFor(t, 'johndoe', ['user:account']));
    expect(without.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScopes: ['tokens:manage'] });
    const revoked = await send(REVOKE, await tokenFor(t, 'johndoe', ['tokens:manage']));
    expect(revoked.data!.revokeLegacyApiKey.revokedKeys).toBe(1);
    const refused = await legacyDetails(key);
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({ status: 'error', msg: 'Invalid API key' });
    // Idempotent.
    expect((await send(REVOKE, session)).data!.revokeLegacyApiKey.revokedKeys).toBe(0);
  });
});

describe('POST and DELETE /api/v1/users/me/api-key', () => {
  it('201 with the key once (a session); it works on the legacy path until DELETE', async () => {
    const issued = await call('POST /api/v1/users/me/api-key', '/api/v1/users/me/api-key', { token: session });
    expect(issued.status).toBe(201);
    const key = issued.body.data.api_key as string;
    expect(issued.body.data).toMatchObject({ prefix: key.slice(0, issued.body.data.prefix.length), replaced_keys: 0 });

    const details = await call('GET /api/account/details', '/api/account/details', { headers: { 'x-api-key': key } });
    expect(details.status).toBe(200);
    expect(details.body.data.username).toBe('johndoe');
    // The key never shows again: the account answers hold no trace of it.
    const me = await call('GET /api/v1/users/me', '/api/v1/users/me', { token: session });
    expect(JSON.stringify(me.body)).not.toContain(key);

    const deleted = await call('DELETE /api/v1/users/me/api-key', '/api/v1/users/me/api-key', {
      token: await tokenFor(t, 'johndoe', ['tokens:manage']),
    });
    expect(deleted.status).toBe(204);
    const refused = await legacyDetails(key);
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({ status: 'error', msg: 'Invalid API key' });
    // 204 again when there is none.
    expect((await call('DELETE /api/v1/users/me/api-key', '/api/v1/users/me/api-key', { token: session })).status).toBe(204);
  });

  it('403 for a token or a key (POST), 403 without tokens:manage (DELETE), 401 anonymous', async () => {
    const token = await tokenFor(t, 'johndoe', ['tokens:manage', 'user:account']);
    const byToken = await call('POST /api/v1/users/me/api-key', '/api/v1/users/me/api-key', { token });
    expect(byToken.status).toBe(403);
    expect(byToken.body.msg).toContain('signed-in session only');
    const key = (await createLegacyApiKey(t.db.prisma, johnId)).key;
    const byKey = await call('POST /api/v1/users/me/api-key', '/api/v1/users/me/api-key', { headers: { 'x-api-key': key } });
    expect(byKey.status).toBe(403);
    expect(await t.db.prisma.legacyApiKey.count({ where: { accountId: johnId, revokedAt: null } })).toBe(1);

    const unscoped = await call('DELETE /api/v1/users/me/api-key', '/api/v1/users/me/api-key', {
      token: await tokenFor(t, 'johndoe', ['user:account']),
    });
    expect(unscoped.status).toBe(403);
    expect(unscoped.body.msg).toContain('tokens:manage');
    expect((await call('POST /api/v1/users/me/api-key', '/api/v1/users/me/api-key')).status).toBe(401);
    expect((await call('DELETE /api/v1/users/me/api-key', '/api/v1/users/me/api-key')).status).toBe(401);
  });

  it('403 while legacy keys are turned off', async () => {
    const off = await startTestGateway({ LEGACY_API_KEYS: 'false' });
    try {
      const offSession = (await loginAs(off, 'johndoe')).accessToken;
      const refused = await off.request('/api/v1/users/me/api-key', { method: 'POST', token: offSession });
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { msg: string }).msg).toContain('turned off');
    } finally {
      await off.close();
    }
  });

  it('covers every documented answer of the api-key routes', () => {
    expect(uncovered(routesOf((route) => route.path === '/api/v1/users/me/api-key'))).toEqual([]);
  });
});
