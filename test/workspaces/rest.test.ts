// The organizations paths (004_…) over HTTP: every documented answer of every route, each
// checked by the REST contract client (headers, strict body shapes, v1 error bodies), the
// bare 004_… envelopes and page meta, isolation (a foreign organization is the same 404 as
// an unknown one), and bad input named by field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { contractClient, routesOf } from '../rest/support';
import { type Player, players, workspaceWith } from './support';

let t: TestGateway;
const { call, uncovered } = contractClient(() => t);
let owner: Player;
let admin: Player;
let member: Player;
let stranger: Player;
let readOnly: string;
let none: string;
let ws: { id: number; slug: string };
let foreign: { id: number };
const UNKNOWN = 2_000_000_000;

beforeAll(async () => {
  t = await startTestGateway();
  [owner, admin, member, stranger] = (await players(t, 4)) as Player[] as [Player, Player, Player, Player];
  ws = await workspaceWith(t, [
    [owner, 'OWNER'],
    [admin, 'ADMIN'],
    [member, 'MEMBER'],
  ]);
  foreign = await workspaceWith(t, [[stranger, 'OWNER']]);
  readOnly = await tokenFor(t, owner.username, ['workspaces:read']);
  none = await tokenFor(t, owner.username, ['items:read']);
});
afterAll(() => t?.close());

const base = '/api/v1/organizations';
const without = (body: { correlation_id?: string }) => ({ ...body, correlation_id: undefined });

describe('GET /api/v1/organizations', () => {
  it('200: yours, bare data with 004_… meta; pages; the cursor form', async () => {
    const page = await call('GET /api/v1/organizations', base, { token: owner.token });
    expect(page.body).toEqual({
      data: [{ id: ws.id, name: expect.any(String), slug: ws.slug, role: 'owner', created_at: expect.any(String), updated_at: expect.any(String) }],
      meta: { page: 1, per_page: 20, total: 1, total_pages: 1 },
    });
    const second = await call('GET /api/v1/organizations', `${base}?page=2&per_page=1`, { token: member.token });
    expect(second.body).toEqual({ data: [], meta: { page: 2, per_page: 1, total: 1, total_pages: 1 } });
    const cursor = await call('GET /api/v1/organizations', `${base}?cursor=`, { token: admin.token });
    expect(cursor.body).toMatchObject({ data: [{ id: ws.id, role: 'admin' }], pagination: { hasMore: false, total: 1 } });
  });

  it('400 for a bad per_page, 401 without a credential, 403 without workspaces:read', async () => {
    expect((await call('GET /api/v1/organizations', `${base}?per_page=500`, { token: owner.token })).body.details.field).toBe('per_page');
    expect((await call('GET /api/v1/organizations', base)).status).toBe(401);
    const refused = await call('GET /api/v1/organizations', base, { token: none });
    expect(refused.status).toBe(403);
    expect(refused.body.msg).toBe('Missing scope: workspaces:read is required');
    expect((await call('GET /api/v1/organizations', base, { token: readOnly })).status).toBe(200);
  });
});

describe('GET /api/v1/organizations/{id}', () => {
  it('200 for a member; 400, 401, 403; 404 alike for a foreign and an unknown id', async () => {
    const one = await call('GET /api/v1/organizations/:id', `${base}/${ws.id}`, { token: member.token });
    expect(one.body.data).toMatchObject({ id: ws.id, slug: ws.slug, role: 'member' });
    expect((await call('GET /api/v1/organizations/:id', `${base}/abc`, { token: owner.token })).body.details.field).toBe('id');
    expect((await call('GET /api/v1/organizations/:id', `${base}/${ws.id}`)).status).toBe(401);
    expect((await call('GET /api/v1/organizations/:id', `${base}/${ws.id}`, { token: none })).status).toBe(403);
    const foreignAnswer = await call('GET /api/v1/organizations/:id', `${base}/${foreign.id}`, { token: owner.token });
    const unknownAnswer = await call('GET /api/v1/organizations/:id', `${base}/${UNKNOWN}`, { token: owner.token });
    expect(foreignAnswer.status).toBe(404);
    expect(without(foreignAnswer.body)).toEqual(without(unknownAnswer.body));
  });
});

describe('POST, PATCH and DELETE /api/v1/organizations', () => {
  it('POST: 201 with you as owner (JSON or form); 400 naming the field; 401; 403 without workspaces:write', async () => {
    const created = await call('POST /api/v1/organizations', base, { token: stranger.token, json: { name: 'Rest Made', slug: 'rest-made' } });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ name: 'Rest Made', slug: 'rest-made', role: 'owner' });
    const form = await call('POST /api/v1/organizations', base, { token: stranger.token, form: { name: 'Form Made', slug: 'form-made' } });
    expect(form.body.data.slug).toBe('form-made');
    for (const [body, field] of [
      [{ name: 'No slug' }, 'slug'],
      [{ slug: 'no-name' }, 'name'],
      [{ name: 'Bad', slug: 'Bad Slug' }, 'slug'],
      [{ name: 'Taken', slug: 'rest-made' }, 'slug'],
      [{ name: '', slug: 'empty-name' }, 'name'],
      [{ name: 'n'.repeat(101), slug: 'long-name' }, 'name'],
      [{ name: 5, slug: 'number-name' }, 'name'],
    ] as const) {
      const refused = await call('POST /api/v1/organizations', base, { token: stranger.token, json: body });
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.details.field).toBe(field);
    }
    expect((await call('POST /api/v1/organizations', base, { json: { name: 'A', slug: 'anon-made' } })).status).toBe(401);
    const scopeless = await call('POST /api/v1/organizations', base, { token: readOnly, json: { name: 'A', slug: 'read-made' } });
    expect(scopeless.status).toBe(403);
    expect(await t.db.prisma.workspace.count({ where: { slug: { in: ['anon-made', 'read-made', 'empty-name'] } } })).toBe(0);
  });

  it('PATCH: 200 for an admin; 400; 401; 403 for a member; 404 for a foreign id', async () => {
    const path = `${base}/${ws.id}`;
    const renamed = await call('PATCH /api/v1/organizations/:id', path, { token: admin.token, json: { name: 'Renamed Crew' } });
    expect(renamed.body.data).toMatchObject({ id: ws.id, name: 'Renamed Crew', slug: ws.slug, role: 'admin' });
    const slugTaken = await call('PATCH /api/v1/organizations/:id', path, { token: owner.token, json: { slug: 'pixelforge-studio' } });
    expect([slugTaken.status, slugTaken.body.details]).toEqual([400, { field: 'slug', reason: 'is already taken by another workspace' }]);
    expect((await call('PATCH /api/v1/organizations/:id', path, { token: owner.token, json: { name: null } })).body.details.field).toBe('name');
    expect((await call('PATCH /api/v1/organizations/:id', path, { json: { name: 'x' } })).status).toBe(401);
    const refused = await call('PATCH /api/v1/organizations/:id', path, { token: member.token, json: { name: 'Mine now' } });
    expect([refused.status, refused.body.msg]).toEqual([403, 'Your role in this workspace (MEMBER) does not allow renaming it']);
    const far = await call('PATCH /api/v1/organizations/:id', `${base}/${foreign.id}`, { token: owner.token, json: { name: 'x' } });
    expect(far.status).toBe(404);
  });

  it('DELETE: 204 for an owner; 400; 401; 403 for an admin; 404 for a foreign id', async () => {
    const doomed = await workspaceWith(t, [
      [owner, 'OWNER'],
      [admin, 'ADMIN'],
    ]);
    expect((await call('DELETE /api/v1/organizations/:id', `${base}/x`, { token: owner.token })).body.details.field).toBe('id');
    expect((await call('DELETE /api/v1/organizations/:id', `${base}/${doomed.id}`)).status).toBe(401);
    expect((await call('DELETE /api/v1/organizations/:id', `${base}/${doomed.id}`, { token: admin.token })).status).toBe(403);
    expect((await call('DELETE /api/v1/organizations/:id', `${base}/${foreign.id}`, { token: owner.token })).status).toBe(404);
    expect((await call('DELETE /api/v1/organizations/:id', `${base}/${doomed.id}`, { token: owner.token })).status).toBe(204);
    expect(await t.db.prisma.workspaceMember.count({ where: { workspaceId: doomed.id } })).toBe(0);
    expect((await call('GET /api/v1/organizations/:id', `${base}/${doomed.id}`, { token: owner.token })).status).toBe(404);
  });
});

describe('/api/v1/organizations/{id}/members', () => {
  it('GET: 200 with 004_… meta, oldest first; 400; 401; 403; 404 for a foreign id', async () => {
    const members = await call('GET /api/v1/organizations/:id/members', `${base}/${ws.id}/members?per_page=2`, { token: member.token });
    expect(members.body.meta).toEqual({ page: 1, per_page: 2, total: 3, total_pages: 2 });
    expect(members.body.data.map((entry: { username: string; role: string }) => [entry.username, entry.role])).toEqual([
      [owner.username, 'owner'],
      [admin.username, 'admin'],
    ]);
    const newest = await call('GET /api/v1/organizations/:id/members', `${base}/${ws.id}/members?sort=-joined_at&per_page=1`, { token: owner.token });
    expect(newest.body.data[0]).toMatchObject({ user_id: member.id, username: member.username, role: 'member' });
    expect((await call('GET /api/v1/organizations/:id/members', `${base}/${ws.id}/members?sort=name`, { token: owner.token })).status).toBe(400);
    expect((await call('GET /api/v1/organizations/:id/members', `${base}/${ws.id}/members`)).status).toBe(401);
    expect((await call('GET /api/v1/organizations/:id/members', `${base}/${ws.id}/members`, { token: none })).status).toBe(403);
    expect((await call('GET /api/v1/organizations/:id/members', `${base}/${foreign.id}/members`, { token: owner.token })).status).toBe(404);
  });

  it('POST: 201 by user_id or username; 400 naming the field; 401; 403; 404; 409', async () => {
    const path = `${base}/${ws.id}/members`;
    const added = await call('POST /api/v1/organizations/:id/members', path, { token: admin.token, json: { username: 'johndoe', role: 'admin' } });
    expect(added.status).toBe(201);
    expect(added.body.data).toMatchObject({ username: 'johndoe', role: 'admin' });
    const byId = await call('POST /api/v1/organizations/:id/members', path, { token: owner.token, form: { user_id: String(stranger.id) } });
    expect(byId.body.data).toMatchObject({ user_id: stranger.id, role: 'member' });
    for (const [body, field] of [
      [{ username: 'pixelforge', role: 'boss' }, 'role'],
      [{}, 'user_id'],
      [{ user_id: 'abc' }, 'user_id'],
      [{ user_id: 1, username: 'pixelforge' }, 'user_id'],
      [{ username: 'x'.repeat(31) }, 'username'],
    ] as const) {
      const refused = await call('POST /api/v1/organizations/:id/members', path, { token: owner.token, json: body });
      expect([refused.status, refused.body.details?.field], JSON.stringify(body)).toEqual([400, field]);
    }
    expect((await call('POST /api/v1/organizations/:id/members', path, { json: { username: 'pixelforge' } })).status).toBe(401);
    const asOwner = await call('POST /api/v1/organizations/:id/members', path, {
      token: admin.token,
      json: { username: 'pixelforge', role: 'owner' },
    });
    expect(asOwner.status).toBe(403);
    const unknownUser = await call('POST /api/v1/organizations/:id/members', path, { token: owner.token, json: { username: 'nobody-at-all' } });
    expect([unknownUser.status, unknownUser.body.msg]).toEqual([404, 'Account not found']);
    const again = await call('POST /api/v1/organizations/:id/members', path, { token: owner.token, json: { username: 'johndoe' } });
    expect(again.status).toBe(409);
  });

  it('DELETE: 204 (removing, or leaving); 400; 401; 403; 404; 409 for the last owner', async () => {
    const crew = await workspaceWith(t, [
      [owner, 'OWNER'],
      [admin, 'ADMIN'],
      [member, 'MEMBER'],
    ]);
    const path = (userId: number | string, id: number = crew.id) => `${base}/${id}/members/${userId}`;
    const key = 'DELETE /api/v1/organizations/:id/members/:user_id' as const;
    expect((await call(key, path('nope'), { token: owner.token })).body.details.field).toBe('user_id');
    expect((await call(key, path(member.id))).status).toBe(401);
    expect((await call(key, path(owner.id), { token: admin.token })).status).toBe(403);
    expect((await call(key, path(stranger.id), { token: owner.token })).status).toBe(404);
    expect((await call(key, path(member.id, foreign.id), { token: owner.token })).status).toBe(404);
    expect((await call(key, path(owner.id), { token: owner.token })).status).toBe(409);
    expect((await call(key, path(member.id), { token: member.token })).status).toBe(204);
    expect((await call(key, path(admin.id), { token: owner.token })).status).toBe(204);
    expect(await t.db.prisma.workspaceMember.findMany({ where: { workspaceId: crew.id }, select: { accountId: true } })).toEqual([
      { accountId: owner.id },
    ]);
  });
});

describe('coverage', () => {
  it('saw every documented answer of every organizations path', () => {
    const routes = routesOf((route) => route.path.startsWith('/api/v1/organizations'));
    expect(routes).toHaveLength(8);
    expect(uncovered(routes)).toEqual([]);
  });
});
