// The shapes of 004_…'s organizations paths (our workspaces). 004_… prints its answers
// bare, `{"data": …}` and `{"data": [...], "meta": {page, per_page, total, total_pages}}`,
// without 000_…'s `"status": "success"`: these paths follow 004_…. Errors stay v1's (as
// 004_…'s sessions do): the document lists error names but shows no error body.
import { z } from 'zod';
import { graphql } from '../generated/gql';
import type { RestOrganizationFragment, RestOrganizationMemberFragment, WorkspaceRole } from '../generated/gql/graphql';
import { restDate } from '../rest/format';
import type { Connection, ListQuery } from '../rest/lists';
import { listReply } from '../rest/lists';
import { Count, Id, named } from '../rest/registry';
import { DateTimeText } from '../rest/shapes';

graphql(`
  fragment RestOrganization on Workspace { databaseId name slug viewerRole createdAt updatedAt }
`);
graphql(`
  fragment RestOrganizationMember on WorkspaceMember { account { databaseId username } role joinedAt }
`);

export const ROLES = ['owner', 'admin', 'member'] as const;
const Role = z.enum(ROLES);
const role = (value: WorkspaceRole) => value.toLowerCase() as z.infer<typeof Role>;

export const Organization = named(
  'Organization',
  z.strictObject({
    id: Id,
    name: z.string(),
    slug: z.string(),
    role: Role.describe('Your role in it'),
    created_at: DateTimeText,
    updated_at: DateTimeText,
  }),
  "A workspace you are a member of (004_…'s organization).",
  { id: 3, name: 'My Organization', slug: 'my-org', role: 'owner', created_at: '2025-01-15T10:00:00Z', updated_at: '2025-01-15T10:00:00Z' },
);

export const OrganizationMember = named(
  'OrganizationMember',
  z.strictObject({ user_id: Id, username: z.string(), role: Role, joined_at: DateTimeText }),
  'A member of an organization, with its role there.',
  { user_id: 789, username: 'johndoe', role: 'member', joined_at: '2025-01-15T10:00:00Z' },
);

export const organization = (workspace: RestOrganizationFragment): z.infer<typeof Organization> => ({
  id: workspace.databaseId,
  name: workspace.name,
  slug: workspace.slug,
  role: role(workspace.viewerRole),
  created_at: restDate(workspace.createdAt)!,
  updated_at: restDate(workspace.updatedAt)!,
});

export const organizationMember = (member: RestOrganizationMemberFragment): z.infer<typeof OrganizationMember> => ({
  user_id: member.account.databaseId,
  username: member.account.username,
  role: role(member.role),
  joined_at: restDate(member.joinedAt)!,
});

const Meta = z.strictObject({ page: Id, per_page: Id, total: Count.describe('Records in the whole list'), total_pages: Count });
const Pagination = z.strictObject({
  hasMore: z.boolean(),
  nextCursor: z.string().optional().describe('Send it as `cursor` for the next page; absent on the last page'),
  total: Count,
});

/** 004_…'s bare `{"data": …}`. */
export const bareData = <T extends z.ZodType>(id: string, record: T) => named(id, z.strictObject({ data: record }));

/** 004_…'s bare list: `meta` (page form) or, with a `cursor` parameter, 003_…'s `pagination`. */
export const bareList = <T extends z.ZodType>(id: string, record: T) =>
  named(id, z.union([z.strictObject({ data: z.array(record), meta: Meta }), z.strictObject({ data: z.array(record), pagination: Pagination })]));

/** One page in 004_…'s shape: the v1 list reply without its status. */
export function bareListReply<Edge, Shape>(query: ListQuery, connection: Connection<Edge>, shape: (edge: Edge) => Shape) {
  const { status: _status, ...body } = listReply(query, connection, shape).body;
  return { body };
}
