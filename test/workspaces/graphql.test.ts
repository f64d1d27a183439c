// Workspaces over GraphQL: isolation (a workspace you are not in answers exactly as one
// that does not exist), scopes (reads need workspaces:read, writes workspaces:write, a
// payload shows what it wrote), and bad input named field by field, writing nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { accountGid, codeOf, type Player, players, sender, workspaceGid, workspaceWith } from './support';

let t: TestGateway;
const send = sender(() => t);
let owner: Player;
let stranger: Player;
let mine: { id: number; gid: string; slug: string };
const UNKNOWN = workspaceGid(2_000_000_000);

beforeAll(async () => {
  t = await startTestGateway();
  [owner, stranger] = (await players(t, 2)) as [Player, Player];
  mine = await workspaceWith(t, [[owner, 'OWNER']], 'isolation-case');
});
afterAll(() => t?.close());

const NODE = 'query WorkspaceNode($id: ID!) { node(id: $id) { id ... on Workspace { name } } }';
const MUTATIONS: Array<[string, string, (id: string) => Record<string, unknown>]> = [
  [
    'updateWorkspace',
    'mutation WorkspaceIsoUpdate($input: UpdateWorkspaceInput!) { updateWorkspace(input: $input) { workspace { id } } }',
    (id) => ({ id, name: 'x' }),
  ],
  [
    'deleteWorkspace',
    'mutation WorkspaceIsoDelete($input: DeleteWorkspaceInput!) { deleteWorkspace(input: $input) { deletedWorkspaceId } }',
    (id) => ({ id }),
  ],
  [
    'addWorkspaceMember',
    'mutation WorkspaceIsoAdd($input: AddWorkspaceMemberInput!) { addWorkspaceMember(input: $input) { member { role } } }',
    (id) => ({ workspaceId: id, username: 'johndoe' }),
  ],
  [
    'updateWorkspaceMember',
    'mutation WorkspaceIsoChange($input: UpdateWorkspaceMemberInput!) { updateWorkspaceMember(input: $input) { member { role } } }',
    (id) => ({ workspaceId: id, accountId: accountGid(owner.id), role: 'MEMBER' }),
  ],
  [
    'removeWorkspaceMember',
    'mutation WorkspaceIsoRemove($input: RemoveWorkspaceMemberInput!) { removeWorkspaceMember(input: $input) { removedAccount { id } } }',
    (id) => ({ workspaceId: id, accountId: accountGid(owner.id) }),
  ],
];

/** An answer without what differs from request to request. */
const comparable = (answer: { status: number; data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }) => ({
  status: answer.status,
  data: answer.data,
  errors: answer.errors?.map(({ message, extensions }) => ({ message, code: extensions?.code })),
});

describe('isolation', () => {
  it('node(id:) and nodes(ids:) answer null for a workspace you are not in, as for an unknown one', async () => {
    expect((await send(NODE, { id: mine.gid }, owner.token)).data!.node).toEqual({ id: mine.gid, name: expect.any(String) });
    for (const id of [mine.gid, UNKNOWN]) {
      const answer = await send(NODE, { id }, stranger.token);
      expect(answer).toMatchObject({ status: 200, data: { node: null } });
      expect(answer.errors).toBeUndefined();
    }
    const many = await send('query WorkspaceNodes($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: [mine.gid, UNKNOWN] }, stranger.token);
    expect(many.data!.nodes).toEqual([null, null]);
  });

  it.each(MUTATIONS)('%s: NOT_FOUND, word for word as for an unknown workspace, and nothing changes', async (_name, mutation, input) => {
    const before = await t.db.prisma.workspaceMember.findMany({ where: { workspaceId: mine.id } });
    const foreign = await send(mutation, { input: input(mine.gid) }, stranger.token);
    const unknown = await send(mutation, { input: input(UNKNOWN) }, stranger.token);
    expect(codeOf(foreign)).toBe('NOT_FOUND');
    expect(comparable(foreign)).toEqual(comparable(unknown));
    expect(await t.db.prisma.workspaceMember.findMany({ where: { workspaceId: mine.id } })).toEqual(before);
    expect((await t.db.prisma.workspace.findUniqueOrThrow({ where: { id: mine.id } })).name).not.toBe('x');
  });

  it('viewer.workspaces lists only your own', async () => {
    const LIST = 'query WorkspaceIsoList { viewer { workspaces { totalCount edges { node { slug } } } } }';
    expect((await send(LIST, {}, owner.token)).data!.viewer.workspaces).toEqual({ totalCount: 1, edges: [{ node: { slug: 'isolation-case' } }] });
    expect((await send(LIST, {}, stranger.token)).data!.viewer.workspaces).toEqual({ totalCount: 0, edges: [] });
  });
});

describe('scopes', () => {
  const READ = 'query WorkspaceScopeRead($id: ID!) { viewer { workspaces { totalCount } } node(id: $id) { ... on Workspace { slug viewerRole } } }';
  const CREATE =
    'mutation WorkspaceScopeCreate($input: CreateWorkspaceInput!) { createWorkspace(input: $input) { workspace { slug viewerRole members { totalCount } } } }';

  it('reads need workspaces:read: refused without it, served with it alone', async () => {
    const without = await tokenFor(t, owner.username, ['items:read', 'workspaces:write']);
    const refused = await send(READ, { id: mine.gid }, without);
    // The type's rule is checked on each of its fields: each is null with its own refusal.
    expect(refused.data).toEqual({ viewer: { workspaces: null }, node: { slug: null, viewerRole: null } });
    expect(refused.errors!.map((error) => [error.path?.join('.'), error.extensions?.code, error.extensions?.requiredScopes])).toEqual(
      expect.arrayContaining([
        ['viewer.workspaces', 'FORBIDDEN', ['workspaces:read']],
        ['node.slug', 'FORBIDDEN', ['workspaces:read']],
        ['node.viewerRole', 'FORBIDDEN', ['workspaces:read']],
      ]),
    );
    const only = await tokenFor(t, owner.username, ['workspaces:read']);
    const served = await send(READ, { id: mine.gid }, only);
    expect(served.errors).toBeUndefined();
    expect(served.data).toEqual({ viewer: { workspaces: { totalCount: 1 } }, node: { slug: 'isolation-case', viewerRole: 'OWNER' } });
  });

  it('writes need workspaces:write; the payload shows what was written with it alone', async () => {
    const readOnly = await tokenFor(t, stranger.username, ['workspaces:read']);
    const refused = await send(CREATE, { input: { name: 'Nope', slug: 'scope-nope' } }, readOnly);
    expect(refused.status).toBe(403);
    expect(refused.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScopes: ['workspaces:write'] });
    expect(await t.db.prisma.workspace.count({ where: { slug: 'scope-nope' } })).toBe(0);

    const writeOnly = await tokenFor(t, stranger.username, ['workspaces:write']);
    const created = await send(CREATE, { input: { name: 'Yes', slug: 'scope-yes' } }, writeOnly);
    expect(created.errors).toBeUndefined();
    expect(created.data!.createWorkspace.workspace).toEqual({ slug: 'scope-yes', viewerRole: 'OWNER', members: { totalCount: 1 } });
  });

  it('anonymous callers are UNAUTHENTICATED', async () => {
    const answer = await t.graphql(CREATE, { input: { name: 'Anon', slug: 'anon-case' } } as never);
    expect(answer.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });
});

describe('bad input', () => {
  const CREATE = 'mutation WorkspaceBadCreate($input: CreateWorkspaceInput!) { createWorkspace(input: $input) { workspace { id } } }';
  const UPDATE = 'mutation WorkspaceBadUpdate($input: UpdateWorkspaceInput!) { updateWorkspace(input: $input) { workspace { id } } }';
  const ADD = 'mutation WorkspaceBadAdd($input: AddWorkspaceMemberInput!) { addWorkspaceMember(input: $input) { member { role } } }';
  const REMOVE =
    'mutation WorkspaceBadRemove($input: RemoveWorkspaceMemberInput!) { removeWorkspaceMember(input: $input) { removedAccount { id } } }';
  const ok = { name: 'Fine name', slug: 'fine-slug' };
  const itemId = Buffer.from('Item:1').toString('base64');

  const CASES: Array<[string, string, () => Record<string, unknown>, string]> = [
    ['slug too short', CREATE, () => ({ ...ok, slug: 'a' }), 'slug'],
    ['slug with capitals and spaces', CREATE, () => ({ ...ok, slug: 'My Studio' }), 'slug'],
    ['slug with a leading hyphen', CREATE, () => ({ ...ok, slug: '-studio' }), 'slug'],
    ['slug with a double hyphen', CREATE, () => ({ ...ok, slug: 'my--studio' }), 'slug'],
    ['slug too long', CREATE, () => ({ ...ok, slug: 'a'.repeat(51) }), 'slug'],
    ['slug taken (by a workspace you are not in)', CREATE, () => ({ ...ok, slug: 'pixelforge-studio' }), 'slug'],
    ['blank name', CREATE, () => ({ ...ok, name: '   ' }), 'name'],
    ['name too long', CREATE, () => ({ ...ok, name: 'n'.repeat(101) }), 'name'],
    ['name on two lines', CREATE, () => ({ ...ok, name: 'a\nb' }), 'name'],
    ['name null on update', UPDATE, () => ({ id: mine.gid, name: null }), 'name'],
    ['slug taken on update', UPDATE, () => ({ id: mine.gid, slug: 'pixelforge-studio' }), 'slug'],
    ['id of another type', UPDATE, () => ({ id: itemId, name: 'x' }), 'id'],
    ['id that is no id', UPDATE, () => ({ id: 'nope', name: 'x' }), 'id'],
    ['unknown role', ADD, () => ({ workspaceId: mine.gid, username: 'johndoe', role: 'BOSS' }), 'role'],
    ['both accountId and username', ADD, () => ({ workspaceId: mine.gid, username: 'johndoe', accountId: accountGid(stranger.id) }), 'accountId'],
    ['neither accountId nor username', ADD, () => ({ workspaceId: mine.gid }), 'accountId'],
    ['blank username', ADD, () => ({ workspaceId: mine.gid, username: ' ' }), 'username'],
    ['workspaceId of another type', ADD, () => ({ workspaceId: itemId, username: 'johndoe' }), 'workspaceId'],
    ['accountId that is no id', REMOVE, () => ({ workspaceId: mine.gid, accountId: 'x' }), 'accountId'],
  ];

  it.each(CASES)('%s: BAD_USER_INPUT naming %4$s, nothing written', async (_name, mutation, input, field) => {
    const before = await t.db.prisma.workspace.findMany({ orderBy: { id: 'asc' }, include: { members: true } });
    const answer = await send(mutation, { input: input() }, owner.token);
    expect(answer.status).toBe(400);
    expect(answer.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await t.db.prisma.workspace.findMany({ orderBy: { id: 'asc' }, include: { members: true } })).toEqual(before);
  });

  it('an unknown account to add is NOT_FOUND; an existing member is a CONFLICT', async () => {
    const unknown = await send(ADD, { input: { workspaceId: mine.gid, username: 'nobody-here' } }, owner.token);
    expect(unknown.errors![0]!).toMatchObject({ message: 'Account not found', extensions: { code: 'NOT_FOUND' } });
    const again = await send(ADD, { input: { workspaceId: mine.gid, accountId: accountGid(owner.id) } }, owner.token);
    expect(codeOf(again)).toBe('CONFLICT');
  });
});
