// The rights table of docs/workspaces.md, cell by cell over GraphQL: each role (OWNER,
// ADMIN, MEMBER) tries each action on a fresh workspace holding two members of every role,
// and is served or refused FORBIDDEN as documented; a refusal changes nothing. Then the
// last-owner rule (CONFLICT), and the creator becoming OWNER in the same write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceRole } from '../../src/generated/prisma/enums';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { accountGid, codeOf, type Player, players, sender, workspaceWith } from './support';

let t: TestGateway;
const send = sender(() => t);
let cast: Record<'ownerA' | 'ownerB' | 'adminA' | 'adminB' | 'memberA' | 'memberB' | 'outsider', Player>;

beforeAll(async () => {
  t = await startTestGateway();
  const [ownerA, ownerB, adminA, adminB, memberA, memberB, outsider] = await players(t, 7);
  cast = { ownerA: ownerA!, ownerB: ownerB!, adminA: adminA!, adminB: adminB!, memberA: memberA!, memberB: memberB!, outsider: outsider! };
});
afterAll(() => t?.close());

const RENAME = 'mutation WorkspaceRightsRename($input: UpdateWorkspaceInput!) { updateWorkspace(input: $input) { workspace { name } } }';
const DELETE = 'mutation WorkspaceRightsDelete($input: DeleteWorkspaceInput!) { deleteWorkspace(input: $input) { deletedWorkspaceId } }';
const ADD = 'mutation WorkspaceRightsAdd($input: AddWorkspaceMemberInput!) { addWorkspaceMember(input: $input) { member { role } } }';
const CHANGE = 'mutation WorkspaceRightsChange($input: UpdateWorkspaceMemberInput!) { updateWorkspaceMember(input: $input) { member { role } } }';
const REMOVE =
  'mutation WorkspaceRightsRemove($input: RemoveWorkspaceMemberInput!) { removeWorkspaceMember(input: $input) { removedAccount { id } } }';
const READ = 'query WorkspaceRightsRead($id: ID!) { node(id: $id) { ... on Workspace { name viewerRole members { totalCount } } } }';

type Outcome = 'served' | 'FORBIDDEN';
const ACTORS: Record<WorkspaceRole, keyof typeof cast> = { OWNER: 'ownerA', ADMIN: 'adminA', MEMBER: 'memberA' };

interface Action {
  name: string;
  run: (workspace: string, actor: Player) => Promise<{ errors?: unknown[]; data?: unknown }>;
  expected: Record<WorkspaceRole, Outcome>;
}

const target = (who: keyof typeof cast) => accountGid(cast[who].id);
const ALL: Record<WorkspaceRole, Outcome> = { OWNER: 'served', ADMIN: 'served', MEMBER: 'served' };
const STAFF: Record<WorkspaceRole, Outcome> = { OWNER: 'served', ADMIN: 'served', MEMBER: 'FORBIDDEN' };
const OWNERS: Record<WorkspaceRole, Outcome> = { OWNER: 'served', ADMIN: 'FORBIDDEN', MEMBER: 'FORBIDDEN' };

const change = (who: keyof typeof cast, role: WorkspaceRole) => (id: string, actor: Player) =>
  send(CHANGE, { input: { workspaceId: id, accountId: target(who), role } }, actor.token);
const add = (role: WorkspaceRole) => (id: string, actor: Player) =>
  send(ADD, { input: { workspaceId: id, username: cast.outsider.username, role } }, actor.token);
const remove = (who: keyof typeof cast) => (id: string, actor: Player) =>
  send(REMOVE, { input: { workspaceId: id, accountId: target(who) } }, actor.token);

const ACTIONS: Action[] = [
  { name: 'read it and its members', run: (id, actor) => send(READ, { id }, actor.token), expected: ALL },
  { name: 'rename it', run: (id, actor) => send(RENAME, { input: { id, name: 'Renamed' } }, actor.token), expected: STAFF },
  {
    name: 'change its slug',
    run: (id, actor) => send(RENAME, { input: { id, slug: `moved-${id.length}-${Date.now()}` } }, actor.token),
    expected: STAFF,
  },
  { name: 'delete it', run: (id, actor) => send(DELETE, { input: { id } }, actor.token), expected: OWNERS },
  { name: 'add a MEMBER', run: add('MEMBER'), expected: STAFF },
  { name: 'add an ADMIN', run: add('ADMIN'), expected: STAFF },
  { name: 'add an OWNER', run: add('OWNER'), expected: OWNERS },
  { name: 'make a MEMBER ADMIN', run: change('memberB', 'ADMIN'), expected: STAFF },
  { name: 'make an ADMIN MEMBER', run: change('adminB', 'MEMBER'), expected: STAFF },
  { name: 'make a MEMBER OWNER', run: change('memberB', 'OWNER'), expected: OWNERS },
  { name: 'make an ADMIN OWNER', run: change('adminB', 'OWNER'), expected: OWNERS },
  { name: 'demote another OWNER', run: change('ownerB', 'ADMIN'), expected: OWNERS },
  { name: 'remove a MEMBER', run: remove('memberB'), expected: STAFF },
  { name: 'remove an ADMIN', run: remove('adminB'), expected: STAFF },
  { name: 'remove another OWNER', run: remove('ownerB'), expected: OWNERS },
  { name: 'leave it', run: (id, actor) => send(REMOVE, { input: { workspaceId: id, accountId: accountGid(actor.id) } }, actor.token), expected: ALL },
];

const CASES = ACTIONS.flatMap((action) =>
  (['OWNER', 'ADMIN', 'MEMBER'] as const).map((role) => [role, action.name, action.expected[role], action] as const),
);

async function snapshot(workspaceId: number) {
  const [workspace, members] = await Promise.all([
    t.db.prisma.workspace.findUnique({ where: { id: workspaceId }, select: { name: true, slug: true, ownerId: true } }),
    t.db.prisma.workspaceMember.findMany({ where: { workspaceId }, orderBy: { accountId: 'asc' }, select: { accountId: true, role: true } }),
  ]);
  return JSON.stringify([workspace, members]);
}

describe('the rights table', () => {
  it.each(CASES)('%s may %s: %s', async (role, _name, expected, action) => {
    const c = cast;
    const workspace = await workspaceWith(t, [
      [c.ownerA, 'OWNER'],
      [c.ownerB, 'OWNER'],
      [c.adminA, 'ADMIN'],
      [c.adminB, 'ADMIN'],
      [c.memberA, 'MEMBER'],
      [c.memberB, 'MEMBER'],
    ]);
    const before = await snapshot(workspace.id);
    const answer = await action.run(workspace.gid, c[ACTORS[role]]);
    if (expected === 'served') {
      expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
      if (action.name !== 'read it and its members') expect(await snapshot(workspace.id)).not.toBe(before);
    } else {
      expect(codeOf(answer as never)).toBe('FORBIDDEN');
      expect(await snapshot(workspace.id)).toBe(before);
    }
  });
});

describe('the last owner', () => {
  it('cannot leave, be removed or be demoted (CONFLICT); with a second owner it can, and ownerId moves on', async () => {
    const c = cast;
    const workspace = await workspaceWith(t, [
      [c.ownerA, 'OWNER'],
      [c.adminA, 'ADMIN'],
    ]);
    const leave = () => send(REMOVE, { input: { workspaceId: workspace.gid, accountId: target('ownerA') } }, c.ownerA.token);
    for (const role of ['ADMIN', 'MEMBER'] as const) {
      const demoted = await send(CHANGE, { input: { workspaceId: workspace.gid, accountId: target('ownerA'), role } }, c.ownerA.token);
      expect(codeOf(demoted)).toBe('CONFLICT');
    }
    const refused = await leave();
    expect(codeOf(refused)).toBe('CONFLICT');
    expect(refused.status).toBe(409);
    expect(refused.errors![0]!.message).toMatch(/at least one OWNER/);
    // Staying OWNER is no demotion.
    expect(
      (await send(CHANGE, { input: { workspaceId: workspace.gid, accountId: target('ownerA'), role: 'OWNER' } }, c.ownerA.token)).errors,
    ).toBeUndefined();

    const promoted = await send(CHANGE, { input: { workspaceId: workspace.gid, accountId: target('adminA'), role: 'OWNER' } }, c.ownerA.token);
    expect(promoted.data!.updateWorkspaceMember.member.role).toBe('OWNER');
    const left = await send(
      'mutation WorkspaceLastOwnerLeave($input: RemoveWorkspaceMemberInput!) { removeWorkspaceMember(input: $input) { workspace { id } removedAccount { username } } }',
      { input: { workspaceId: workspace.gid, accountId: target('ownerA') } },
      c.ownerA.token,
    );
    expect(left.data!.removeWorkspaceMember).toEqual({ workspace: null, removedAccount: { username: c.ownerA.username } });
    expect((await t.db.prisma.workspace.findUniqueOrThrow({ where: { id: workspace.id } })).ownerId).toBe(c.adminA.id);
    // Now adminA is the last owner.
    const stuck = await send(REMOVE, { input: { workspaceId: workspace.gid, accountId: target('adminA') } }, c.adminA.token);
    expect(codeOf(stuck)).toBe('CONFLICT');
  });
  it('two owners demoting each other at once: one wins, the workspace keeps an owner', async () => {
    const c = cast;
    const workspace = await workspaceWith(t, [
      [c.ownerA, 'OWNER'],
      [c.ownerB, 'OWNER'],
    ]);
    const demote = (actor: Player, who: keyof typeof cast) =>
      send(CHANGE, { input: { workspaceId: workspace.gid, accountId: target(who), role: 'MEMBER' } }, actor.token);
    const answers = await Promise.all([demote(c.ownerA, 'ownerB'), demote(c.ownerB, 'ownerA')]);
    expect(answers.filter((answer) => !answer.errors)).toHaveLength(1);
    expect(answers.map(codeOf).filter(Boolean)).toEqual([expect.stringMatching(/^(FORBIDDEN|CONFLICT)$/)]);
    expect(await t.db.prisma.workspaceMember.count({ where: { workspaceId: workspace.id, role: 'OWNER' } })).toBe(1);
  });
});

describe('creating', () => {
  it('makes the creator its OWNER member in the same write, and lists it under viewer.workspaces', async () => {
    const created = await send(
      'mutation WorkspaceRightsCreate($input: CreateWorkspaceInput!) { createWorkspace(input: $input) { workspace { id databaseId name slug viewerRole members { totalCount edges { node { role account { username } } } } } } }',
      { input: { name: '  Night Shift  ', slug: 'night-shift' } },
      cast.outsider.token,
    );
    expect(created.errors).toBeUndefined();
    const workspace = created.data!.createWorkspace.workspace;
    expect(workspace).toMatchObject({ name: 'Night Shift', slug: 'night-shift', viewerRole: 'OWNER' });
    expect(workspace.members).toEqual({ totalCount: 1, edges: [{ node: { role: 'OWNER', account: { username: cast.outsider.username } } }] });
    const row = await t.db.prisma.workspace.findUniqueOrThrow({ where: { id: workspace.databaseId }, include: { members: true } });
    expect(row.ownerId).toBe(cast.outsider.id);
    expect(row.members.map((member) => [member.accountId, member.role])).toEqual([[cast.outsider.id, 'OWNER']]);

    const listed = await send(
      'query WorkspaceRightsMine { viewer { workspaces { totalCount edges { node { slug viewerRole } } } } }',
      {},
      cast.outsider.token,
    );
    expect(listed.data!.viewer.workspaces.edges).toContainEqual({ node: { slug: 'night-shift', viewerRole: 'OWNER' } });
  });
});
