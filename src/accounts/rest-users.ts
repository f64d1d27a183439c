// Users over REST (004_…, v1 envelope): your own account (GET/PATCH /api/v1/users/me, the
// twins of `viewer` and `updateProfile`), every account for administrators (GET
// /api/v1/users, `Query.accounts`: an ADMIN account with users:read). Your legacy api key
// is in src/accounts/rest-api-key.ts.
//
// The user is 004_…'s: {id, email, username, profile {first_name, last_name, avatar_url},
// created_at}, plus `role` (004_…'s list filters by it, so it shows it). `id` is the
// numeric id of every other v1 path (004_… prints "usr_789"; the v1 paths take numbers).
import { z } from 'zod';
import { graphql } from '../generated/gql';
import type { RestUserFragment } from '../generated/gql/graphql';
import { v1Data, v1List } from '../rest/envelopes';
import { badParameter } from '../rest/errors';
import { restDate } from '../rest/format';
import { listReply, type ListSpec } from '../rest/lists';
import { parseBody } from '../rest/params';
import { Id, named } from '../rest/registry';
import { route } from '../rest/route';
import { DateTimeText } from '../rest/shapes';
import { clearable, httpUrl, oneLine } from '../shared/validation';
import { PROFILE_LIMITS } from './profile';

graphql(`
  fragment RestUser on Account {
    databaseId
    username
    firstName
    lastName
    profile { avatarUrl }
    registeredAt
  }
`);

const UsersMeQuery = graphql(`
  query RestUsersMe {
    viewer { ...RestUser email role }
  }
`);

const UpdateUsersMe = graphql(`
  mutation RestUpdateUsersMe($input: UpdateProfileInput!) {
    updateProfile(input: $input) { account { ...RestUser email role } }
  }
`);

const UsersQuery = graphql(`
  query RestUsers($first: Int, $after: String, $last: Int, $before: String, $offset: Int, $search: String, $role: Role) {
    accounts(first: $first, after: $after, last: $last, before: $before, offset: $offset, search: $search, role: $role) {
      totalCount
      pageInfo { ...RestPageInfo }
      edges { email role node { ...RestUser } }
    }
  }
`);

const ROLES = ['buyer', 'author', 'admin'] as const;
type RoleName = (typeof ROLES)[number];

const User = named(
  'User',
  z.strictObject({
    id: Id,
    email: z.string(),
    username: z.string(),
    role: z.enum(ROLES).describe('buyer, author or admin'),
    profile: z.strictObject({
      first_name: z.string().describe('May be empty ("")'),
      last_name: z.string().describe('May be empty ("")'),
      avatar_url: z.string().nullable(),
    }),
    created_at: DateTimeText.describe('When the account was registered'),
  }),
  "004_…'s user, with its role.",
  {
    id: 789,
    email: 'user@example.com',
    username: 'johndoe',
    role: 'buyer',
    profile: { first_name: 'John', last_name: 'Doe', avatar_url: 'https://example.com/avatar.jpg' },
    created_at: '2024-06-01T10:00:00Z',
  },
);

const user = (account: RestUserFragment & { email: string; role: string }): z.infer<typeof User> => ({
  id: account.databaseId,
  email: account.email,
  username: account.username,
  role: account.role.toLowerCase() as RoleName,
  profile: { first_name: account.firstName, last_name: account.lastName, avatar_url: account.profile.avatarUrl },
  created_at: restDate(account.registeredAt)!,
});

const UserResponse = v1Data('UserResponse', User);

const L = PROFILE_LIMITS;
/** What PATCH checks before the mutation runs, so a refusal names the REST field (profile.first_name). */
const ProfilePatch = z.strictObject({
  profile: z
    .strictObject({
      first_name: oneLine({ max: L.name }).optional(),
      last_name: oneLine({ max: L.name }).optional(),
      avatar_url: clearable(httpUrl()),
    })
    .refine((profile) => Object.keys(profile).length > 0, 'name at least one of first_name, last_name, avatar_url'),
});

const ProfilePatchBody = named(
  'UserProfilePatch',
  z.object({
    profile: z
      .object({
        first_name: z.string().optional().describe(`At most ${L.name} characters; "" leaves it empty`),
        last_name: z.string().optional().describe(`At most ${L.name} characters; "" leaves it empty`),
        avatar_url: z.string().nullable().optional().describe('An http or https URL; null clears it'),
      })
      .describe('Only the fields sent change'),
  }),
  "004_…'s profile update.",
  { profile: { first_name: 'Jane', last_name: 'Smith' } },
);

const usersList: ListSpec = {
  sorts: [{ key: 'created_at' }, { key: '-created_at', backward: true }],
  search: 'Only accounts whose username, email, first or last name contains this text (any case)',
};

function roleParameter(url: URL): string | null {
  const raw = url.searchParams.get('role')?.trim().toLowerCase();
  if (!raw) return null;
  if (!(ROLES as readonly string[]).includes(raw)) throw badParameter('role', `must be one of: ${ROLES.join(', ')}`);
  return raw.toUpperCase();
}

export const userRoutes = [
  route({
    method: 'GET',
    path: '/api/v1/users/me',
    profile: 'v1',
    summary: 'Your account (004_… user)',
    operation: UsersMeQuery,
    reply: (data) => ({ body: { status: 'success', data: user(data.viewer!) } }),
    docs: { response: { description: 'Your account', schema: UserResponse } },
  }),
  route({
    method: 'PATCH',
    path: '/api/v1/users/me',
    profile: 'v1',
    summary: 'Update your profile: first and last name, avatar',
    operation: UpdateUsersMe,
    variables: ({ body }) => {
      const { profile } = parseBody(ProfilePatch, body);
      // Only the fields sent: a field present as undefined would read as null (cleared).
      const fields = { firstName: profile.first_name, lastName: profile.last_name, avatarUrl: profile.avatar_url };
      return { input: Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) };
    },
    reply: (data) => ({ body: { status: 'success', data: user(data.updateProfile.account!) } }),
    docs: {
      description:
        'Only the fields sent change; `avatar_url: null` clears the picture, names cannot be null (send ""). ' +
        'The other profile fields (heading, description, links) are changed with the GraphQL mutation updateProfile.',
      body: { description: 'The fields to change', schema: ProfilePatchBody, required: true },
      response: { description: 'Your account after the change', schema: UserResponse },
      errors: {
        400: 'A field that is not a string, too long, not one line, or not an http(s) URL; details name it (profile.first_name)',
      },
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/users',
    profile: 'v1',
    summary: 'Every account (administrators)',
    list: usersList,
    operation: UsersQuery,
    variables: ({ list, url }) => ({ ...list.window, search: list.search, role: roleParameter(url) as never }),
    reply: (data, { list }) => listReply(list, data.accounts!, (edge) => user({ ...edge.node, email: edge.email, role: edge.role })),
    docs: {
      description:
        'For administrators only: an account whose role is admin, with users:read (a session holds it). Anyone else gets 403 ' +
        'whatever their scopes. Oldest account first by default.',
      parameters: [{ name: 'role', in: 'query', description: `Only accounts of this role: ${ROLES.join(', ')}`, schema: z.enum(ROLES) }],
      response: { description: 'A page of accounts', schema: v1List('UserList', User) },
      errors: {
        400: 'A bad page, per_page, sort, cursor, search or role',
        403: 'Not an administrator, or the token lacks users:read',
      },
    },
  }),
];
