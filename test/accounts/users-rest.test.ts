// Users over REST (004_…): GET/PATCH /api/v1/users/me run viewer and updateProfile;
// GET /api/v1/users runs Query.accounts, for administrators (role ADMIN, scope users:read)
// only. Shapes and statuses through the contract client, scopes, and bad input on both
// surfaces naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountId, loginAs, tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { contractClient, routesOf } from '../rest/support';

let t: TestGateway;
const { call, uncovered } = contractClient(() => t);

let reader: string; // johndoe: user:account
let updater: string; // johndoe: user:account_update + user:account
let updateOnly: string; // johndoe: user:account_update alone
let johnWithUsersRead: string; // a buyer holding users:read: still not an administrator
let adminToken: string; // admin: users:read
let adminWithoutScope: string; // admin: user:account only
let adminSession: string;

beforeAll(async () => {
  t = await startTestGateway();
  reader = await tokenFor(t, 'johndoe', ['user:account']);
  updater = await tokenFor(t, 'johndoe', ['user:account_update', 'user:account']);
  updateOnly = await tokenFor(t, 'johndoe', ['user:account_update']);
  johnWithUsersRead = await tokenFor(t, 'johndoe', ['users:read', 'user:account']);
  adminToken = await tokenFor(t, 'admin', ['users:read']);
  adminWithoutScope = await tokenFor(t, 'admin', ['user:account']);
  adminSession = (await loginAs(t, 'admin')).accessToken;
});
afterAll(() => t?.close());

type Errors = Array<{ message: string; extensions?: Record<string, unknown> }>;
const send = async (query: string, variables: Record<string, unknown>, token: string) =>
  (await t.graphql(query, variables as never, { token })) as { status: number; data?: Record<string, any> | null; errors?: Errors };

describe('GET /api/v1/users/me', () => {
  it("answers 004_…'s user for the credential's account", async () => {
    const { status, body } = await call('GET /api/v1/users/me', '/api/v1/users/me', { token: reader });
    expect(status).toBe(200);
    const row = await t.db.prisma.account.findUniqueOrThrow({ where: { username: 'johndoe' } });
    expect(body.data).toEqual({
      id: row.id,
      email: row.email,
      username: 'johndoe',
      role: 'buyer',
      profile: { first_name: row.firstName, last_name: row.lastName, avatar_url: row.avatarUrl },
      created_at: row.registeredAt.toISOString().replace('.000Z', 'Z'),
    });
  });

  it('401 without a credential, 403 without user:account', async () => {
    expect((await call('GET /api/v1/users/me', '/api/v1/users/me')).status).toBe(401);
    const refused = await call('GET /api/v1/users/me', '/api/v1/users/me', { token: updateOnly });
    expect(refused.status).toBe(403);
    expect(refused.body.msg).toContain('user:account');
  });
});

describe('PATCH /api/v1/users/me', () => {
  it('changes only the profile fields sent and answers the user', async () => {
    const before = await t.db.prisma.account.findUniqueOrThrow({ where: { username: 'johndoe' } });
    const { status, body } = await call('PATCH /api/v1/users/me', '/api/v1/users/me', {
      token: updater,
      json: { profile: { first_name: ' Jane ', avatar_url: 'https://example.com/jane.png' } },
    });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.data.profile).toEqual({ first_name: 'Jane', last_name: before.lastName, avatar_url: 'https://example.com/jane.png' });
    const after = await t.db.prisma.account.findUniqueOrThrow({ where: { username: 'johndoe' } });
    expect(after).toMatchObject({ firstName: 'Jane', lastName: before.lastName, avatarUrl: 'https://example.com/jane.png' });

    const cleared = await call('PATCH /api/v1/users/me', '/api/v1/users/me', {
      token: updater,
      json: { profile: { last_name: 'Smith', avatar_url: null } },
    });
    expect(cleared.body.data.profile).toEqual({ first_name: 'Jane', last_name: 'Smith', avatar_url: null });
  });

  it('400 naming the REST field, and nothing changes', async () => {
    const before = await t.db.prisma.account.findUniqueOrThrow({ where: { username: 'johndoe' } });
    const cases: Array<[unknown, string]> = [
      [{ profile: { first_name: 'x'.repeat(51) } }, 'profile.first_name'],
      [{ profile: { last_name: 'two\nlines' } }, 'profile.last_name'],
      [{ profile: { avatar_url: 'not a url' } }, 'profile.avatar_url'],
      [{ profile: { first_name: 42 } }, 'profile.first_name'],
      [{ profile: {} }, 'profile'],
      [{}, 'profile'],
    ];
    for (const [json, field] of cases) {
      const refused = await call('PATCH /api/v1/users/me', '/api/v1/users/me', { token: updater, json });
      expect(refused.status, JSON.stringify(json)).toBe(400);
      expect(refused.body.details.field, JSON.stringify(json)).toBe(field);
    }
    const after = await t.db.prisma.account.findUniqueOrThrow({ where: { username: 'johndoe' } });
    expect(after.updatedAt).toEqual(before.updatedAt);
  });

  it('needs user:account_update and user:account; 401 without a credential', async () => {
    const refused = await call('PATCH /api/v1/users/me', '/api/v1/users/me', { token: reader, json: { profile: { first_name: 'No' } } });
    expect(refused.status).toBe(403);
    expect(refused.body.msg).toContain('user:account_update');
    expect((await call('PATCH /api/v1/users/me', '/api/v1/users/me', { json: { profile: { first_name: 'No' } } })).status).toBe(401);
  });
});

describe('GET /api/v1/users (administrators)', () => {
  it('lists every account, oldest first, with meta, for an admin token with users:read', async () => {
    const { status, body } = await call('GET /api/v1/users', '/api/v1/users?per_page=5', { token: adminToken });
    expect(status).toBe(200);
    const total = await t.db.prisma.account.count();
    expect(body.meta).toEqual({ page: 1, per_page: 5, total, total_pages: Math.ceil(total / 5) });
    const first = await t.db.prisma.account.findMany({ orderBy: { id: 'asc' }, take: 5 });
    expect(body.data.map((user: { id: number }) => user.id)).toEqual(first.map((row) => row.id));
    expect(body.data[0].email).toBe(first[0]!.email);

    const second = await call('GET /api/v1/users', '/api/v1/users?per_page=5&page=2&sort=-created_at', { token: adminSession });
    const last = await t.db.prisma.account.findMany({ orderBy: { id: 'desc' }, skip: 5, take: 5 });
    expect(second.body.data.map((user: { id: number }) => user.id)).toEqual(last.map((row) => row.id));
  });

  it('filters by role and searches names and emails', async () => {
    const admins = await call('GET /api/v1/users', '/api/v1/users?role=admin&per_page=100', { token: adminToken });
    expect(admins.body.data.length).toBe(await t.db.prisma.account.count({ where: { role: 'ADMIN' } }));
    expect(admins.body.data.every((user: { role: string }) => user.role === 'admin')).toBe(true);

    const found = await call('GET /api/v1/users', '/api/v1/users?search=JOHNDOE', { token: adminToken });
    expect(found.body.data.map((user: { username: string }) => user.username)).toContain('johndoe');
    expect(
      found.body.data.every((user: { username: string; email: string }) => `${user.username} ${user.email}`.toLowerCase().includes('johndoe')),
    ).toBe(true);
    const cursor = await call('GET /api/v1/users', '/api/v1/users?cursor=&per_page=2&role=author', { token: adminToken });
    expect(cursor.body.pagination.hasMore).toBe(true);
    const next = await call('GET /api/v1/users', `/api/v1/users?cursor=${cursor.body.pagination.nextCursor}&per_page=2&role=author`, {
      token: adminToken,
    });
    expect(next.body.data[0].id).toBeGreaterThan(cursor.body.data[1].id);
  });

  it('403 for a non-administrator, even with users:read; 403 for an admin token without it; 401 anonymous', async () => {
    const notAdmin = await call('GET /api/v1/users', '/api/v1/users', { token: johnWithUsersRead });
    expect(notAdmin.status).toBe(403);
    expect(notAdmin.body.msg).toBe('Only administrators can list accounts');
    const session = await call('GET /api/v1/users', '/api/v1/users', { token: (await loginAs(t, 'johndoe')).accessToken });
    expect(session.status).toBe(403);
    const unscoped = await call('GET /api/v1/users', '/api/v1/users', { token: adminWithoutScope });
    expect(unscoped.status).toBe(403);
    expect(unscoped.body.msg).toContain('users:read');
    expect((await call('GET /api/v1/users', '/api/v1/users')).status).toBe(401);
  });

  it('400 for a bad role, search or page', async () => {
    for (const [query, field] of [
      ['role=owner', 'role'],
      [`search=${'x'.repeat(201)}`, 'search'],
      ['per_page=0', 'per_page'],
    ] as const) {
      const refused = await call('GET /api/v1/users', `/api/v1/users?${query}`, { token: adminToken });
      expect(refused.status, query).toBe(400);
      expect(refused.body.details.field).toBe(field);
    }
  });

  it('covers every documented answer of the users routes', () => {
    expect(uncovered(routesOf((route) => /^\/api\/v1\/users(\/me)?$/.test(route.path)))).toEqual([]);
  });
});

describe('Query.accounts (GraphQL)', () => {
  const ACCOUNTS = `query UsersRestAccounts($search: String, $role: Role, $first: Int) {
    accounts(search: $search, role: $role, first: $first) { totalCount edges { email role node { username } } }
  }`;

  it('serves administrators, with email and role on the edges', async () => {
    const { data, errors } = await send(ACCOUNTS, { role: 'BUYER', search: 'john', first: 5 }, adminToken);
    expect(errors).toBeUndefined();
    expect(data!.accounts.edges).toContainEqual({ email: 'john.doe@example.com', role: 'BUYER', node: { username: 'johndoe' } });
    const johnId = await accountId(t, 'johndoe');
    expect(johnId).toBeGreaterThan(0);
  });

  it('refuses anyone else with FORBIDDEN, and a token without users:read naming the scope', async () => {
    const buyer = await send(ACCOUNTS, {}, johnWithUsersRead);
    expect(buyer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(buyer.data?.accounts ?? null).toBeNull();
    const unscoped = await send(ACCOUNTS, {}, adminWithoutScope);
    expect(unscoped.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScopes: ['users:read'] });
  });

  it('BAD_USER_INPUT naming search when it is too long', async () => {
    const refused = await send(ACCOUNTS, { search: 'x'.repeat(201) }, adminToken);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'search' });
  });
});
