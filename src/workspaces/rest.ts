// Workspaces over REST, as 004_…'s organizations: /api/v1/organizations (list yours,
// create), /{id} (read, rename, delete) and /{id}/members (list, add, remove). Each runs
// the GraphQL field of the same name; shapes in ./rest-shapes.ts (004_…'s bare envelopes).
// An organization you are not a member of is 404, exactly as an unknown id.
import { z } from 'zod';
import { graphql } from '../generated/gql';
import { notFound } from '../rest/errors';
import type { ListSpec } from '../rest/lists';
import { Id, named } from '../rest/registry';
import { route } from '../rest/route';
import { accountId, newMember, sent, text, workspaceId } from './rest-params';
import { SLUG_RULE } from './rules';
import { bareData, bareList, bareListReply, Organization, OrganizationMember, organization, organizationMember, ROLES } from './rest-shapes';

const OrganizationsQuery = graphql(`
  query RestOrganizations($first: Int, $after: String, $last: Int, $before: String, $offset: Int) {
    viewer {
      workspaces(first: $first, after: $after, last: $last, before: $before, offset: $offset) {
        totalCount
        pageInfo { ...RestPageInfo }
        edges { node { ...RestOrganization } }
      }
    }
  }
`);
const OrganizationQuery = graphql(`
  query RestOrganization($id: ID!) { node(id: $id) { __typename ... on Workspace { ...RestOrganization } } }
`);
const CreateOrganization = graphql(`
  mutation RestCreateOrganization($input: CreateWorkspaceInput!) { createWorkspace(input: $input) { workspace { ...RestOrganization } } }
`);
const UpdateOrganization = graphql(`
  mutation RestUpdateOrganization($input: UpdateWorkspaceInput!) { updateWorkspace(input: $input) { workspace { ...RestOrganization } } }
`);
const DeleteOrganization = graphql(`
  mutation RestDeleteOrganization($input: DeleteWorkspaceInput!) { deleteWorkspace(input: $input) { deletedWorkspaceId } }
`);
const MembersQuery = graphql(`
  query RestOrganizationMembers($id: ID!, $first: Int, $after: String, $last: Int, $before: String, $offset: Int) {
    node(id: $id) {
      __typename
      ... on Workspace {
        members(first: $first, after: $after, last: $last, before: $before, offset: $offset) {
          totalCount
          pageInfo { ...RestPageInfo }
          edges { node { ...RestOrganizationMember } }
        }
      }
    }
  }
`);
const AddMember = graphql(`
  mutation RestAddOrganizationMember($input: AddWorkspaceMemberInput!) { addWorkspaceMember(input: $input) { member { ...RestOrganizationMember } } }
`);
const RemoveMember = graphql(`
  mutation RestRemoveOrganizationMember($input: RemoveWorkspaceMemberInput!) { removeWorkspaceMember(input: $input) { removedAccount { databaseId } } }
`);

const missing = () => notFound('Organization not found');
const oldestFirst = (key: string): ListSpec => ({ sorts: [{ key }, { key: `-${key}`, backward: true }] });
const idPath = { name: 'id', in: 'path' as const, required: true, description: 'The numeric organization id', schema: Id };
const userPath = { name: 'user_id', in: 'path' as const, required: true, description: 'The numeric id of the member', schema: Id };
const OrganizationResponse = bareData('OrganizationResponse', Organization);
const ROLE_403 = 'The token lacks workspaces:write, or your role does not allow it (docs/workspaces.md)';
const NAME_SLUG = {
  name: z.string().describe('1 to 100 characters on one line'),
  slug: z.string().describe(SLUG_RULE),
};

// Deleting an organization comes last (the route-scope test walks the routes in this order).
export const workspaceRoutes = [
  route({
    method: 'GET',
    path: '/api/v1/organizations',
    profile: 'v1',
    summary: 'Your organizations',
    list: oldestFirst('created_at'),
    operation: OrganizationsQuery,
    variables: ({ list }) => list.window,
    reply: (data, { list }) => bareListReply(list, data.viewer!.workspaces, (edge) => organization(edge.node)),
    docs: {
      description: 'The workspaces you are a member of, oldest first, with your role in each.',
      response: { description: 'A page of organizations', schema: bareList('OrganizationList', Organization) },
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/organizations/:id',
    profile: 'v1',
    summary: 'One of your organizations',
    operation: OrganizationQuery,
    variables: ({ params }) => ({ id: workspaceId(params.id) }),
    reply: ({ node }) => {
      if (node?.__typename !== 'Workspace') throw missing();
      return { body: { data: organization(node) } };
    },
    docs: {
      parameters: [idPath],
      response: { description: 'The organization', schema: OrganizationResponse },
      errors: { 400: 'id is not an id', 404: 'No organization with this id that you are a member of' },
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/organizations',
    profile: 'v1',
    summary: 'Create an organization',
    operation: CreateOrganization,
    variables: ({ body }) => ({ input: { name: text(body, 'name', true)!, slug: text(body, 'slug', true)! } }),
    reply: ({ createWorkspace }) => ({ status: 201, body: { data: organization(createWorkspace.workspace) } }),
    docs: {
      description: 'You become its owner.',
      body: { description: 'Its name and slug', schema: named('OrganizationBody', z.object(NAME_SLUG)), required: true, form: true },
      response: { status: 201, description: 'The organization created', schema: OrganizationResponse },
      errors: { 400: 'name or slug missing or invalid, or the slug is taken' },
    },
  }),
  route({
    method: 'PATCH',
    path: '/api/v1/organizations/:id',
    profile: 'v1',
    summary: 'Rename an organization or change its slug',
    operation: UpdateOrganization,
    variables: ({ params, body }) => ({ input: { id: workspaceId(params.id), ...sent(body, 'name'), ...sent(body, 'slug') } }),
    reply: ({ updateWorkspace }) => ({ body: { data: organization(updateWorkspace.workspace) } }),
    docs: {
      description: 'Owners and admins. Only the fields sent change.',
      parameters: [idPath],
      body: { description: 'What changes', schema: named('OrganizationChange', z.object(NAME_SLUG).partial()), form: true },
      response: { description: 'The organization as it is now', schema: OrganizationResponse },
      errors: { 400: 'A bad id, name or slug, or the slug is taken', 403: ROLE_403, 404: 'No such organization of yours' },
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/organizations/:id/members',
    profile: 'v1',
    summary: 'The members of an organization',
    list: oldestFirst('joined_at'),
    operation: MembersQuery,
    variables: ({ params, list }) => ({ id: workspaceId(params.id), ...list.window }),
    reply: ({ node }, { list }) => {
      if (node?.__typename !== 'Workspace') throw missing();
      return bareListReply(list, node.members, (edge) => organizationMember(edge.node));
    },
    docs: {
      description: 'Longest-standing first.',
      parameters: [idPath],
      response: { description: 'A page of members', schema: bareList('OrganizationMemberList', OrganizationMember) },
      errors: { 400: 'A bad id, page, per_page, sort or cursor', 404: 'No such organization of yours' },
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/organizations/:id/members',
    profile: 'v1',
    summary: 'Add a member to an organization',
    operation: AddMember,
    variables: newMember,
    reply: ({ addWorkspaceMember }) => ({ status: 201, body: { data: organizationMember(addWorkspaceMember.member) } }),
    docs: {
      description: 'Admins add admins and members; owners any role.',
      parameters: [idPath],
      body: {
        description: 'The account (user_id or username) and its role',
        schema: named(
          'OrganizationMemberBody',
          z.object({
            user_id: Id.optional().describe('The numeric id of the account'),
            username: z.string().optional().describe('Or its username'),
            role: z.enum(ROLES).optional().describe('member when left out'),
          }),
        ),
        required: true,
        form: true,
      },
      response: { status: 201, description: 'The member added', schema: bareData('OrganizationMemberResponse', OrganizationMember) },
      errors: {
        400: 'A bad id, user_id, username or role',
        403: ROLE_403,
        404: 'No such organization of yours, or no such account',
        409: 'The account is a member already',
      },
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/organizations/:id/members/:user_id',
    profile: 'v1',
    summary: 'Remove a member from an organization (or leave it)',
    operation: RemoveMember,
    variables: ({ params }) => ({ input: { workspaceId: workspaceId(params.id), accountId: accountId('user_id', params.user_id) } }),
    reply: () => ({ status: 204 }),
    docs: {
      description: 'Your own user_id leaves the organization. The last owner can neither leave nor be removed.',
      parameters: [idPath, userPath],
      response: { status: 204, description: 'Removed' },
      errors: {
        400: 'A bad id or user_id',
        403: ROLE_403,
        404: 'No such organization of yours, or no such member',
        409: 'The member is its last owner',
      },
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/organizations/:id',
    profile: 'v1',
    summary: 'Delete an organization',
    operation: DeleteOrganization,
    variables: ({ params }) => ({ input: { id: workspaceId(params.id) } }),
    reply: () => ({ status: 204 }),
    docs: {
      description: 'Owners only; its memberships go with it.',
      parameters: [idPath],
      response: { status: 204, description: 'Deleted' },
      errors: { 400: 'id is not an id', 403: ROLE_403, 404: 'No such organization of yours' },
    },
  }),
];
