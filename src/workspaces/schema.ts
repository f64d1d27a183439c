// Workspaces in GraphQL, the writes (scope workspaces:write): create, rename, delete, and
// add, re-role and remove members, each answering a payload named after it. Who may do
// what: ./rules.ts and docs/workspaces.md; the transactions: ./service.ts.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { Account } from '../accounts/schema';
import { builder } from '../graphql/builder';
import type { Context } from '../graphql/context';
import { noNulls } from '../shared/validation';
import { NAME_MAX, SLUG_RULE, workspaceName, workspaceSlug } from './rules';
import {
  addMember,
  changeRole,
  createWorkspace,
  deleteWorkspace,
  loadWorkspaces,
  removeMember,
  updateWorkspace,
  type MemberRow,
  type WorkspaceRow,
} from './service';
import { Workspace, WORKSPACE_WRITTEN, WorkspaceMember, WorkspaceRoleEnum } from './types';

const WRITE = { 'workspaces:write': true } as const;
const ERRORS =
  'NOT_FOUND for a workspace you are not a member of (exactly as for one that does not exist); ' +
  'FORBIDDEN when your role does not allow it; BAD_USER_INPUT naming the field for an invalid value.';

const workspaceId = (t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>) =>
  t.globalID({ for: [Workspace], required: true, description: 'The global id of a workspace you are a member of (Workspace.id).' });
type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

const CreateWorkspaceInput = builder.inputType('CreateWorkspaceInput', {
  description: 'A new workspace; you become its OWNER.',
  fields: (t) => ({
    name: t.string({ required: true, description: `The display name, 1 to ${NAME_MAX} characters on one line.`, validate: workspaceName() }),
    slug: t.string({ required: true, description: `The short name: ${SLUG_RULE}.`, validate: workspaceSlug() }),
  }),
});

const UpdateWorkspaceInput = builder.inputType('UpdateWorkspaceInput', {
  description: 'What changes on a workspace: only the fields sent (OWNER or ADMIN).',
  fields: (t) => ({
    id: workspaceId(t),
    name: t.string({ required: false, description: `A new display name, 1 to ${NAME_MAX} characters.`, validate: workspaceName() }),
    slug: t.string({ required: false, description: `A new short name: ${SLUG_RULE}.`, validate: workspaceSlug() }),
  }),
  validate: noNulls({ name: 'leave it out to keep it', slug: 'leave it out to keep it' }),
});

const DeleteWorkspaceInput = builder.inputType('DeleteWorkspaceInput', {
  description: 'The workspace to delete (OWNER only), with all its memberships.',
  fields: (t) => ({ id: workspaceId(t) }),
});

const AddWorkspaceMemberInput = builder.inputType('AddWorkspaceMemberInput', {
  description: 'Who joins which workspace, in which role. Name the account by accountId or by username (one of them).',
  fields: (t) => ({
    workspaceId: workspaceId(t),
    accountId: t.globalID({ for: [Account], required: false, description: 'The global id of the account to add (Account.id).' }),
    username: t.string({
      required: false,
      description: 'The username of the account to add.',
      validate: z.string().trim().min(1, 'must not be blank').max(30, 'must be at most 30 characters'),
    }),
    role: t.field({
      type: WorkspaceRoleEnum,
      required: false,
      description: 'Its role: an ADMIN may add ADMIN and MEMBER, an OWNER any role. MEMBER when left out.',
    }),
  }),
  validate: z.looseObject({}).superRefine((input, context) => {
    const given = ['accountId', 'username'].filter((key) => (input as Record<string, unknown>)[key] != null);
    if (given.length !== 1) {
      context.addIssue({
        code: 'custom',
        path: ['accountId'],
        message: given.length ? 'give accountId or username, not both' : 'accountId or username is required',
      });
    }
  }),
});

const memberFields = (t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>, what: string) => ({
  workspaceId: workspaceId(t),
  accountId: t.globalID({ for: [Account], required: true, description: `The global id of the member ${what} (Account.id).` }),
});

const UpdateWorkspaceMemberInput = builder.inputType('UpdateWorkspaceMemberInput', {
  description: "A member's new role. An ADMIN may switch ADMIN and MEMBER (not owners); an OWNER any role, but the last OWNER stays one.",
  fields: (t) => ({
    ...memberFields(t, 'whose role changes'),
    role: t.field({ type: WorkspaceRoleEnum, required: true, description: 'The new role.' }),
  }),
});

const RemoveWorkspaceMemberInput = builder.inputType('RemoveWorkspaceMemberInput', {
  description: 'The member to remove; your own account id leaves the workspace (any role, but the last OWNER cannot leave).',
  fields: (t) => memberFields(t, 'to remove'),
});

/** The payload's workspace: readable with workspaces:write alone (it grants WORKSPACE_WRITTEN). */
const writtenWorkspace = <Payload>(t: PothosSchemaTypes.ObjectFieldBuilder<Types, Payload>, description: string, get: (p: Payload) => WorkspaceRow) =>
  t.field({ type: Workspace, description, authScopes: WRITE, grantScopes: [WORKSPACE_WRITTEN], resolve: (payload) => get(payload) });

const CreateWorkspacePayload = builder.objectRef<WorkspaceRow>('CreateWorkspacePayload').implement({
  description: 'The workspace created, with you as its OWNER.',
  fields: (t) => ({ workspace: writtenWorkspace(t, 'The new workspace.', (row) => row) }),
});
const UpdateWorkspacePayload = builder.objectRef<WorkspaceRow>('UpdateWorkspacePayload').implement({
  description: 'The workspace changed.',
  fields: (t) => ({ workspace: writtenWorkspace(t, 'The workspace as it is now.', (row) => row) }),
});
const DeleteWorkspacePayload = builder.objectRef<{ id: string }>('DeleteWorkspacePayload').implement({
  description: 'The workspace deleted, with its memberships.',
  fields: (t) => ({ deletedWorkspaceId: t.exposeID('id', { description: 'The global id it had.', authScopes: WRITE }) }),
});

type MemberOutcome = { member: MemberRow; workspace: WorkspaceRow };
const memberPayload = (name: string, description: string, memberDescription: string) =>
  builder.objectRef<MemberOutcome>(name).implement({
    description,
    fields: (t) => ({
      member: t.field({ type: WorkspaceMember, description: memberDescription, authScopes: WRITE, resolve: (outcome) => outcome.member }),
      workspace: writtenWorkspace(t, 'The workspace, as you now see it.', (outcome) => outcome.workspace),
    }),
  });
const AddWorkspaceMemberPayload = memberPayload('AddWorkspaceMemberPayload', 'The member added.', 'The new member, with its role.');
const UpdateWorkspaceMemberPayload = memberPayload('UpdateWorkspaceMemberPayload', "The member's new role.", 'The member, with its role now.');

const RemoveWorkspaceMemberPayload = builder
  .objectRef<{ accountId: number; workspace: WorkspaceRow | null }>('RemoveWorkspaceMemberPayload')
  .implement({
    description: 'The member removed (or you, having left).',
    fields: (t) => ({
      removedAccount: t.field({
        type: Account,
        description: 'The account that is no longer a member.',
        authScopes: WRITE,
        resolve: (p) => p.accountId,
      }),
      workspace: t.field({
        type: Workspace,
        nullable: true,
        description: 'The workspace as you now see it; null when you left it.',
        authScopes: WRITE,
        grantScopes: [WORKSPACE_WRITTEN],
        resolve: (payload) => payload.workspace,
      }),
    }),
  });

const prismaOf = (context: Context) => context.services.db.prisma;
const actor = (context: Context) => context.viewer!.accountId;
const idOf = (id: { id: number | string }) => Number(id.id);
const given = <T>(value: T | null | undefined) => value ?? undefined;

builder.mutationFields((t) => ({
  createWorkspace: t.field({
    type: CreateWorkspacePayload,
    description: `Creates a workspace with you as its OWNER. A slug another workspace has is BAD_USER_INPUT naming slug. ${ERRORS}`,
    authScopes: WRITE,
    args: { input: t.arg({ type: CreateWorkspaceInput, required: true, description: 'Its name and slug.' }) },
    resolve: (_root, { input }, context) => createWorkspace(prismaOf(context), actor(context), input, context.services.now()),
  }),
  updateWorkspace: t.field({
    type: UpdateWorkspacePayload,
    description: `Renames a workspace or changes its slug (OWNER or ADMIN). ${ERRORS}`,
    authScopes: WRITE,
    args: { input: t.arg({ type: UpdateWorkspaceInput, required: true, description: 'The workspace and what changes.' }) },
    resolve: (_root, { input }, context) =>
      updateWorkspace(prismaOf(context), actor(context), idOf(input.id), { name: given(input.name), slug: given(input.slug) }),
  }),
  deleteWorkspace: t.field({
    type: DeleteWorkspacePayload,
    description: `Deletes a workspace and its memberships (OWNER only). ${ERRORS}`,
    authScopes: WRITE,
    args: { input: t.arg({ type: DeleteWorkspaceInput, required: true, description: 'The workspace to delete.' }) },
    resolve: async (_root, { input }, context) => {
      await deleteWorkspace(prismaOf(context), actor(context), idOf(input.id));
      return { id: encodeGlobalID('Workspace', idOf(input.id)) };
    },
  }),
  addWorkspaceMember: t.field({
    type: AddWorkspaceMemberPayload,
    description: `Adds an account to a workspace. An unknown account is NOT_FOUND; one already a member is a CONFLICT. ${ERRORS}`,
    authScopes: WRITE,
    args: { input: t.arg({ type: AddWorkspaceMemberInput, required: true, description: 'The workspace, the account and its role.' }) },
    resolve: async (_root, { input }, context) => {
      const who = input.accountId ? { accountId: idOf(input.accountId) } : { username: input.username! };
      const member = await addMember(prismaOf(context), actor(context), idOf(input.workspaceId), who, input.role ?? 'MEMBER', context.services.now());
      return { member, workspace: await reread(context, member.workspaceId) };
    },
  }),
  updateWorkspaceMember: t.field({
    type: UpdateWorkspaceMemberPayload,
    description: `Changes a member's role. Demoting the last OWNER is a CONFLICT. ${ERRORS}`,
    authScopes: WRITE,
    args: { input: t.arg({ type: UpdateWorkspaceMemberInput, required: true, description: 'The member and its new role.' }) },
    resolve: async (_root, { input }, context) => {
      const member = await changeRole(prismaOf(context), actor(context), idOf(input.workspaceId), idOf(input.accountId), input.role);
      return { member, workspace: await reread(context, member.workspaceId) };
    },
  }),
  removeWorkspaceMember: t.field({
    type: RemoveWorkspaceMemberPayload,
    description: `Removes a member, or with your own account id leaves the workspace. The last OWNER cannot leave (CONFLICT). ${ERRORS}`,
    authScopes: WRITE,
    args: { input: t.arg({ type: RemoveWorkspaceMemberInput, required: true, description: 'The workspace and the member.' }) },
    resolve: async (_root, { input }, context) => {
      const { removed, workspace } = await removeMember(prismaOf(context), actor(context), idOf(input.workspaceId), idOf(input.accountId));
      return { accountId: removed.accountId, workspace };
    },
  }),
}));

/** The workspace after a member change, as the actor sees it now (a demoted actor is still a member). */
async function reread(context: Context, id: number): Promise<WorkspaceRow> {
  const [row] = await loadWorkspaces(prismaOf(context), [id], actor(context));
  return row!;
}
