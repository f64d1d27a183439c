// Workspaces in GraphQL (004_…'s "organizations"), the reading side: the Workspace node
// with its members and `viewer.workspaces` (./schema.ts adds the writes). Reads need
// workspaces:read; a mutation's payload shows what it wrote with workspaces:write alone
// (it grants WORKSPACE_WRITTEN). Only workspaces the viewer is a member of are ever loaded, so
// another one answers exactly as one that does not exist. Rights: ./rules.ts.
import { Account } from '../accounts/schema';
import { WorkspaceRole } from '../generated/prisma/enums';
import { ownedWith, scopeRule, viewerIdOrNone } from '../graphql/authorization';
import { builder } from '../graphql/builder';
import { offsetArgument, withTotalCount } from '../graphql/connection-fields';
import type { Context } from '../graphql/context';
import { loadPage } from '../graphql/pages';
import { loadWorkspaces, toWorkspaceRow, workspaceSelect, type MemberRow, type WorkspaceRow } from './service';

/** Granted by the mutations' payloads: the workspace just written is readable with workspaces:write. */
export const WORKSPACE_WRITTEN = 'workspaceJustWritten';
/** A constant map: scope-auth caches its outcome per request by identity. */
const READ = { 'workspaces:read': true, $granted: WORKSPACE_WRITTEN } as const;
/** Every loaded row is one the viewer is a member of (its role came with it). */
const memberOnly = scopeRule(['workspaces:read'], (workspace: WorkspaceRow) => (workspace.viewerRole ? READ : false), {
  granted: WORKSPACE_WRITTEN,
});

export const WorkspaceRoleEnum = builder.enumType(WorkspaceRole, {
  name: 'WorkspaceRole',
  description: 'What a member may do in a workspace (docs/workspaces.md has the whole table).',
  values: {
    OWNER: { description: 'Everything: rename, delete the workspace, add and remove anyone, grant and revoke OWNER.' },
    ADMIN: { description: 'Rename the workspace; add, remove and change ADMIN and MEMBER members (never owners).' },
    MEMBER: { description: 'Read the workspace and its members; leave it.' },
  },
});

export const WorkspaceMember = builder.objectRef<MemberRow>('WorkspaceMember').implement({
  description: 'An account in a workspace, with its role there.',
  fields: (t) => ({
    account: t.field({
      type: Account,
      description: 'The member (its public profile; private fields stay its own).',
      // Loaded with the other members of the page, in one statement.
      resolve: (member) => member.accountId,
    }),
    role: t.field({ type: WorkspaceRoleEnum, description: 'What the member may do here.', resolve: (member) => member.role }),
    joinedAt: t.expose('joinedAt', { type: 'DateTime', description: 'When the account became a member.' }),
  }),
});

/** Oldest member first; the account id keeps members who joined in one instant in a stable order. */
const MEMBERS_ORDER = [{ joinedAt: 'asc' as const }, { accountId: 'asc' as const }];

export const Workspace = builder.loadableNode('Workspace', {
  id: { resolve: (workspace) => workspace.id, parse: (id) => Number(id) },
  description:
    'A group of accounts working together, each with a role (the documents\' "organization"). ' +
    'Only its members see it: to anyone else it does not exist (scope workspaces:read).',
  load: (ids: number[], context: Context) => loadWorkspaces(context.services.db.prisma, ids, viewerIdOrNone(context)),
  sort: (workspace: WorkspaceRow) => workspace.id,
  authScopes: memberOnly,
  fields: (t) => ({
    databaseId: t.exposeInt('id', { description: 'The numeric id used by the REST API.', authScopes: READ }),
    name: t.exposeString('name', { description: 'The display name, 1 to 100 characters.', authScopes: READ }),
    slug: t.exposeString('slug', { description: 'The unique short name, e.g. "my-studio".', authScopes: READ }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.', authScopes: READ }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When its name or slug last changed.', authScopes: READ }),
    viewerRole: t.field({
      type: WorkspaceRoleEnum,
      description: 'Your role in this workspace.',
      authScopes: READ,
      resolve: (workspace) => workspace.viewerRole,
    }),
    members: t.connection(
      {
        type: WorkspaceMember,
        description: 'Its members, longest-standing first.',
        authScopes: READ,
        args: offsetArgument(),
        resolve: (workspace, args, context) => {
          const where = { workspaceId: workspace.id };
          const members = context.services.db.prisma.workspaceMember;
          // A member's cursor is its account id (unique within the workspace).
          return loadPage(
            args,
            async ({ cursor, ...page }) => {
              const rows = await members.findMany({
                ...page,
                ...(cursor && { cursor: { workspaceId_accountId: { workspaceId: workspace.id, accountId: cursor.id } } }),
                where,
                orderBy: MEMBERS_ORDER,
              });
              return rows.map((row) => ({ ...row, id: row.accountId }));
            },
            () => members.count({ where }),
          );
        },
      },
      { ...withTotalCount, description: "A page of a workspace's members." },
      { description: 'A member of a workspace.' },
    ),
  }),
});

builder.objectField(Account, 'workspaces', (t) =>
  t.connection(
    {
      type: Workspace,
      description: 'The workspaces you are a member of, oldest first (scope workspaces:read; your own account only).',
      authScopes: ownedWith('workspaces:read'),
      args: offsetArgument(),
      resolve: (account, args, context) => {
        const where = { members: { some: { accountId: account.id } } };
        const workspaces = context.services.db.prisma.workspace;
        return loadPage(
          args,
          async (page) => {
            const rows = await workspaces.findMany({
              ...page,
              where,
              orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
              select: workspaceSelect(account.id),
            });
            return rows.map((row) => toWorkspaceRow(row)!);
          },
          () => workspaces.count({ where }),
        );
      },
    },
    { ...withTotalCount, description: 'A page of your workspaces.' },
    { description: 'One of your workspaces.' },
  ),
);
