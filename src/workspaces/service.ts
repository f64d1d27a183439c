// Workspaces and their members: every write runs in one transaction holding the
// workspace's row lock, so the rights checked (src/workspaces/rules.ts) and the
// last-owner rule hold against concurrent changes. A workspace the actor is not a member
// of answers NOT_FOUND exactly like one that does not exist.
//
// `Workspace.ownerId` names one current OWNER (the creator at first); when that account
// stops being an owner, the longest-standing remaining owner takes the column. Rights come
// from the member rows only.
import { Prisma, type PrismaClient } from '../generated/prisma/client';
import type { WorkspaceRole } from '../generated/prisma/enums';
import { conflict, notFound } from '../graphql/errors';
import { validationError } from '../graphql/validation';
import { checkAdd, checkDelete, checkKeepsAnOwner, checkRemove, checkRename, checkRoleChange } from './rules';

export interface WorkspaceRow {
  id: number;
  name: string;
  slug: string;
  createdAt: Date;
  updatedAt: Date;
  /** The role of the account the row was loaded for. */
  viewerRole: WorkspaceRole;
}

export interface MemberRow {
  workspaceId: number;
  accountId: number;
  role: WorkspaceRole;
  joinedAt: Date;
}

type Tx = Prisma.TransactionClient;

const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 15_000 } as const;

/** The columns of a workspace, with the role of `viewerId` in it. */
export const workspaceSelect = (viewerId: number) =>
  ({
    id: true,
    name: true,
    slug: true,
    createdAt: true,
    updatedAt: true,
    members: { where: { accountId: viewerId }, select: { role: true } },
  }) as const;

type Selected = { id: number; name: string; slug: string; createdAt: Date; updatedAt: Date; members: { role: WorkspaceRole }[] };

/** A loaded workspace as a row, or null when the viewer is not among its members. */
export function toWorkspaceRow(selected: Selected): WorkspaceRow | null {
  const role = selected.members[0]?.role;
  if (!role) return null;
  const { members: _members, ...columns } = selected;
  return { ...columns, viewerRole: role };
}

/** Workspaces by id among those `viewerId` is a member of. */
export async function loadWorkspaces(prisma: PrismaClient, ids: readonly number[], viewerId: number): Promise<WorkspaceRow[]> {
  const found = await prisma.workspace.findMany({
    where: { id: { in: [...ids] }, members: { some: { accountId: viewerId } } },
    select: workspaceSelect(viewerId),
  });
  return found.map(toWorkspaceRow).filter((row): row is WorkspaceRow => row !== null);
}

const MEMBER_COLUMNS = { workspaceId: true, accountId: true, role: true, joinedAt: true } as const;

const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
const slugTaken = () => validationError([{ path: ['slug'], message: 'is already taken by another workspace' }]);

/** Runs `work` holding the workspace's lock, with the actor's role; NOT_FOUND when the actor is no member. */
async function inWorkspace<T>(prisma: PrismaClient, workspaceId: number, actorId: number, work: (tx: Tx, role: WorkspaceRole) => Promise<T>) {
  return prisma.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ role: WorkspaceRole }[]>`
      SELECT m.role::text AS role FROM workspaces w
      JOIN workspace_members m ON m.workspace_id = w.id AND m.account_id = ${actorId}
      WHERE w.id = ${workspaceId} FOR NO KEY UPDATE OF w`;
    if (!locked) throw notFound('Workspace');
    return work(tx, locked.role);
  }, TRANSACTION_OPTIONS);
}

async function readWorkspace(tx: Tx, workspaceId: number, viewerId: number): Promise<WorkspaceRow | null> {
  const selected = await tx.workspace.findUnique({ where: { id: workspaceId }, select: workspaceSelect(viewerId) });
  return selected ? toWorkspaceRow(selected) : null;
}

/** Creates a workspace with its creator as OWNER (one transaction: the nested write). */
export async function createWorkspace(prisma: PrismaClient, actorId: number, input: { name: string; slug: string }, now: Date) {
  try {
    const created = await prisma.workspace.create({
      data: {
        name: input.name,
        slug: input.slug,
        ownerId: actorId,
        createdAt: now,
        members: { create: { accountId: actorId, role: 'OWNER', joinedAt: now } },
      },
      select: workspaceSelect(actorId),
    });
    return toWorkspaceRow(created)!;
  } catch (error) {
    if (isUniqueViolation(error)) throw slugTaken();
    throw error;
  }
}

export async function updateWorkspace(
  prisma: PrismaClient,
  actorId: number,
  workspaceId: number,
  change: { name?: string | undefined; slug?: string | undefined },
): Promise<WorkspaceRow> {
  try {
    return await inWorkspace(prisma, workspaceId, actorId, async (tx, role) => {
      checkRename(role);
      if (change.name !== undefined || change.slug !== undefined) {
        await tx.workspace.update({ where: { id: workspaceId }, data: { name: change.name, slug: change.slug }, select: { id: true } });
      }
      return (await readWorkspace(tx, workspaceId, actorId))!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw slugTaken();
    throw error;
  }
}

export async function deleteWorkspace(prisma: PrismaClient, actorId: number, workspaceId: number): Promise<void> {
  await inWorkspace(prisma, workspaceId, actorId, async (tx, role) => {
    checkDelete(role);
    await tx.workspace.delete({ where: { id: workspaceId }, select: { id: true } });
  });
}

type AccountRef = { accountId: number } | { username: string };

export async function addMember(prisma: PrismaClient, actorId: number, workspaceId: number, who: AccountRef, role: WorkspaceRole, now: Date) {
  try {
    return await inWorkspace(prisma, workspaceId, actorId, async (tx, actorRole) => {
      checkAdd(actorRole, role);
      const account = await tx.account.findFirst({
        where: 'accountId' in who ? { id: who.accountId } : { username: who.username },
        select: { id: true },
      });
      if (!account) throw notFound('Account');
      const existing = await tx.workspaceMember.findUnique({ where: { workspaceId_accountId: { workspaceId, accountId: account.id } } });
      if (existing) throw alreadyMember();
      return tx.workspaceMember.create({ data: { workspaceId, accountId: account.id, role, joinedAt: now }, select: MEMBER_COLUMNS });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw alreadyMember();
    throw error;
  }
}

const alreadyMember = () => conflict('The account is already a member of this workspace: change its role with updateWorkspaceMember');

/** The target's row, or NOT_FOUND; and how many owners the workspace has. */
async function targetOf(tx: Tx, workspaceId: number, accountId: number) {
  const target = await tx.workspaceMember.findUnique({ where: { workspaceId_accountId: { workspaceId, accountId } }, select: MEMBER_COLUMNS });
  if (!target) throw notFound('Workspace member');
  const owners = target.role === 'OWNER' ? await tx.workspaceMember.count({ where: { workspaceId, role: 'OWNER' } }) : 0;
  return { target, owners };
}

/** When the account in `ownerId` is no longer an owner, the longest-standing owner takes it. */
async function keepOwnerColumn(tx: Tx, workspaceId: number, formerOwnerId: number) {
  const workspace = await tx.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { ownerId: true } });
  if (workspace.ownerId !== formerOwnerId) return;
  const next = await tx.workspaceMember.findFirstOrThrow({
    where: { workspaceId, role: 'OWNER', accountId: { not: formerOwnerId } },
    orderBy: [{ joinedAt: 'asc' }, { accountId: 'asc' }],
    select: { accountId: true },
  });
  await tx.workspace.update({ where: { id: workspaceId }, data: { ownerId: next.accountId }, select: { id: true } });
}

export async function changeRole(prisma: PrismaClient, actorId: number, workspaceId: number, accountId: number, role: WorkspaceRole) {
  return inWorkspace(prisma, workspaceId, actorId, async (tx, actorRole) => {
    const { target, owners } = await targetOf(tx, workspaceId, accountId);
    checkRoleChange(actorRole, target.role, role);
    checkKeepsAnOwner(target.role, role, owners);
    if (target.role === role) return target;
    const updated = await tx.workspaceMember.update({
      where: { workspaceId_accountId: { workspaceId, accountId } },
      data: { role },
      select: MEMBER_COLUMNS,
    });
    if (target.role === 'OWNER') await keepOwnerColumn(tx, workspaceId, accountId);
    return updated;
  });
}

/** Removes a member (or the actor: leaving); answers the workspace as the actor now sees it (null after leaving). */
export async function removeMember(prisma: PrismaClient, actorId: number, workspaceId: number, accountId: number) {
  return inWorkspace(prisma, workspaceId, actorId, async (tx, actorRole) => {
    const { target, owners } = await targetOf(tx, workspaceId, accountId);
    checkRemove(actorRole, target.role, accountId === actorId);
    checkKeepsAnOwner(target.role, null, owners);
    await tx.workspaceMember.delete({ where: { workspaceId_accountId: { workspaceId, accountId } } });
    if (target.role === 'OWNER') await keepOwnerColumn(tx, workspaceId, accountId);
    return { removed: target, workspace: await readWorkspace(tx, workspaceId, actorId) };
  });
}
