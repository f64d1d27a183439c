// Personal access tokens: created once with a secret, stored as a hash, listed without
// secrets, bounded by their creator, refused when revoked, expired or mistyped.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWellFormedSecret, TOKEN_PREFIX } from '../../src/accounts/secrets';
import { graphql } from '../../src/generated/gql';
import { loginAs, tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';

let t: TestGateway;
let session: string;
beforeAll(async () => {
  t = await startTestGateway();
  session = (await loginAs(t, 'johndoe')).accessToken;
});
afterAll(() => t.close());

const CreateToken = graphql(`
  mutation CreateToken($input: CreatePersonalAccessTokenInput!) {
    createPersonalAccessToken(input: $input) {
      token
      personalAccessToken { id name prefix scopes expiresAt lastUsedAt revokedAt }
    }
  }
`);
const ListTokens = graphql(`query ListTokens { personalAccessTokens { id name prefix scopes lastUsedAt revokedAt } }`);
const RevokeToken = graphql(`mutation RevokeToken($id: ID!) { revokePersonalAccessToken(id: $id) { personalAccessToken { id revokedAt } } }`);
const Viewer = graphql(`query ViewerDetails { viewer { username email balance { amount currency } plan role } }`);
const ViewerName = graphql(`query ViewerName { viewer { username } }`);
const Catalog = graphql(`query TokenCatalog { items(first: 2) { edges { node { name } } } }`);

async function create(token: string, scopes: string[], extra: { expiresAt?: string; name?: string } = {}) {
  return t.graphql(CreateToken, { input: { name: extra.name ?? 'ci', scopes, expiresAt: extra.expiresAt } }, { token });
}

describe('creating a token', () => {
  it('returns the secret once, recognisable and checksummed, and stores only its hash', async () => {
    const { data, errors } = await create(session, ['items:read', 'purchase:list'], { name: 'deploy script' });
    expect(errors).toBeUndefined();
    const { token, personalAccessToken } = data!.createPersonalAccessToken;
    expect(token.startsWith(TOKEN_PREFIX)).toBe(true);
    expect(isWellFormedSecret(token, TOKEN_PREFIX)).toBe(true);
    expect(personalAccessToken).toMatchObject({ name: 'deploy script', prefix: token.slice(0, 12), scopes: ['items:read', 'purchase:list'] });

    const rows = await t.db.query<Record<string, unknown>>('select * from personal_access_tokens');
    const row = rows.find((r) => r.name === 'deploy script')!;
    expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('lists tokens without secrets, with the time each was last used', async () => {
    const { data } = await create(session, ['items:read'], { name: 'listed' });
    const secret = data!.createPersonalAccessToken.token;
    await t.graphql(Catalog, {}, { token: secret });
    await new Promise((resolve) => setTimeout(resolve, 50)); // last-used is written after the response
    const list = await t.graphql(ListTokens, {}, { token: session });
    const listed = list.data!.personalAccessTokens.find((token) => token.name === 'listed')!;
    expect(listed.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list)).not.toContain(secret);
  });

  it('refuses unknown scopes and past expiry dates with the field named', async () => {
    const past = await create(session, ['items:read'], { expiresAt: '2000-01-01T00:00:00Z' });
    expect(past.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'expiresAt' });
    const unknown = await create(session, ['everything']);
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'scopes' });
    expect(unknown.errors?.[0]?.message).toContain('everything');
  });

  it('lets a token mint only tokens no broader than itself', async () => {
    const manager = await tokenFor(t, 'johndoe', ['tokens:manage', 'items:read']);
    const narrower = await create(manager, ['items:read']);
    expect(narrower.errors).toBeUndefined();
    const broader = await create(manager, ['items:read', 'purchase:list']);
    expect(broader.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScopes: ['purchase:list'] });
    const withoutManage = await tokenFor(t, 'johndoe', ['items:read']);
    const refused = await create(withoutManage, ['items:read']);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScopes: ['tokens:manage'] });
  });
});

describe('using a token', () => {
  it('reads what its scopes allow and is refused the rest with FORBIDDEN naming the scope', async () => {
    const itemsOnly = await tokenFor(t, 'johndoe', ['items:read']);
    expect((await t.graphql(Catalog, {}, { token: itemsOnly })).data!.items.edges).toHaveLength(2);
    expect((await t.graphql(ViewerName, {}, { token: itemsOnly })).data!.viewer!.username).toBe('johndoe');
    const details = await t.graphql(Viewer, {}, { token: itemsOnly });
    expect(details.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScopes: ['user:account'] });
    expect(details.errors?.[0]?.message).toContain('user:account');
  });

  it('reads the account with user:account: the documented account details', async () => {
    const account = await tokenFor(t, 'johndoe', ['user:account']);
    const { data, errors } = await t.graphql(Viewer, {}, { token: account });
    expect(errors).toBeUndefined();
    expect(data!.viewer).toEqual({
      username: 'johndoe',
      email: 'john.doe@example.com',
      balance: { amount: '100.00', currency: 'USD' },
      plan: 'FREE',
      role: 'BUYER',
    });
  });

  it('is refused with 401 once revoked, from the very next request', async () => {
    const { data } = await create(session, ['user:account'], { name: 'to revoke' });
    const { token, personalAccessToken } = data!.createPersonalAccessToken;
    expect((await t.graphql(ViewerName, {}, { token })).status).toBe(200);
    const revoked = await t.graphql(RevokeToken, { id: personalAccessToken.id }, { token: session });
    expect(revoked.data!.revokePersonalAccessToken.personalAccessToken.revokedAt).not.toBeNull();
    const after = await t.graphql(ViewerName, {}, { token });
    expect(after.status).toBe(401);
    expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('is refused with 401 once expired', async () => {
    const soon = new Date(Date.now() + 60_000);
    const token = await tokenFor(t, 'johndoe', ['user:account'], { expiresAt: soon });
    expect((await t.graphql(ViewerName, {}, { token })).status).toBe(200);
    t.setNow(new Date(soon.getTime() + 1000));
    try {
      const expired = await t.graphql(ViewerName, {}, { token });
      expect(expired.status).toBe(401);
      expect(expired.errors?.[0]?.message).toMatch(/expired/i);
    } finally {
      t.setNow(null);
    }
  });

  it('refuses a mistyped token by its checksum without reading the database', async () => {
    const token = await tokenFor(t, 'johndoe', ['user:account']);
    const typo = token.slice(0, 20) + (token[20] === 'a' ? 'b' : 'a') + token.slice(21);
    t.statements.length = 0;
    const response = await t.graphql(ViewerName, {}, { token: typo });
    expect(response.status).toBe(401);
    expect(t.statements).toEqual([]);
  });

  it("cannot revoke another account's token (answers as an unknown one)", async () => {
    const { data } = await create(session, ['user:account'], { name: 'johns' });
    const other = (await loginAs(t, 'pixelforge')).accessToken;
    const attempt = await t.graphql(RevokeToken, { id: data!.createPersonalAccessToken.personalAccessToken.id }, { token: other });
    expect(attempt.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const unknownId = Buffer.from('PersonalAccessToken:999999').toString('base64');
    const unknown = await t.graphql(RevokeToken, { id: unknownId }, { token: other });
    expect(unknown.errors?.[0]?.message).toBe(attempt.errors?.[0]?.message);
  });

  it('refuses a malformed Authorization header and an unknown bearer token', async () => {
    const malformed = await t.request('/graphql', {
      method: 'POST',
      headers: { authorization: 'Token abc', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { username } }' }),
    });
    expect(malformed.status).toBe(401);
    expect((await t.graphql(ViewerName, {}, { token: 'eyJnot.a.jwt' })).status).toBe(401);
  });
});
