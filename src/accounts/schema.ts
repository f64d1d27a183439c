// Accounts, sessions and personal access tokens in GraphQL. Public profile fields are
// open to everyone (an item's author); private ones (email, balance, plan, role) only to
// the account itself, with the `user:account` scope.
import { Kind, type GraphQLResolveInfo, type SelectionNode } from 'graphql';
import { ownedWith } from '../graphql/authorization';
import { accountsById, type AccountRow, type AccountWideField } from '../db/rows-by-id';
import { builder } from '../graphql/builder';
import type { Context } from '../graphql/context';
import { unauthenticated } from '../graphql/errors';
import { Money, money } from '../shared/money-schema';
import type { PersonalAccessToken as PersonalAccessTokenModel } from '../generated/prisma/client';
import { Plan, Role } from '../generated/prisma/enums';
import { ALL_SCOPES, SCOPES } from './scopes';
import { z } from 'zod';
import { clearable, emailAddress, oneLine } from '../shared/validation';
import { PASSWORD_MAX, PASSWORD_MIN, passwordProblem, type PasswordContext } from './password-policy';
import { PROFILE_LIMITS } from './profile';
import { atMost } from '../graphql/validation';
import { needsWideColumns, wideColumn } from '../graphql/wide-columns';
import { login, refresh, register, revokeSession, type TokenPair } from './sessions';
import { createPersonalAccessToken, revokePersonalAccessToken } from './tokens';

export const RoleEnum = builder.enumType(Role, {
  name: 'Role',
  description: 'What kind of account it is. Only AUTHOR and ADMIN accounts can create items and publish versions.',
  values: {
    BUYER: { description: 'Buys items; cannot create items of its own.' },
    AUTHOR: { description: 'Can also create items, edit them and publish their versions.' },
    ADMIN: { description: 'An administrator account; in this API it can do what an AUTHOR can.' },
  },
});
const PlanEnum = builder.enumType(Plan, {
  name: 'Plan',
  description: 'Decides the account-wide rate limit.',
  values: {
    FREE: { description: 'The default plan: 60 requests a minute unless the operator configured otherwise.' },
    PRO: { description: '600 requests a minute unless the operator configured otherwise.' },
    ENTERPRISE: { description: '6000 requests a minute unless the operator configured otherwise.' },
  },
});
const SCOPE_LIST = Object.keys(SCOPES).join(', ');

/** Private fields: only the account itself, and only with `user:account`. */
const ownAccount = ownedWith('user:account');

const SocialLink = builder.objectRef<{ network: string; url: string }>('SocialLink').implement({
  description: 'A link to the account on another network.',
  fields: (t) => ({
    network: t.exposeString('network', { description: 'The network\'s name, lower-case, e.g. "github".' }),
    // String, not URL: links are answered as they were given, and the documents' own
    // example account has "/" for its links.
    url: t.exposeString('url', { description: 'The address of the account on that network, as it was given.' }),
  }),
});

type ProfileShape = {
  profileHeading: string | null;
  profileDescription: string | null;
  contactEmail: string | null;
  socialLinks: unknown;
  avatarUrl: string | null;
  coverUrl: string | null;
};

const Profile = builder.objectRef<ProfileShape>('Profile').implement({
  description: 'The public profile of an account.',
  fields: (t) => ({
    heading: t.exposeString('profileHeading', { nullable: true, description: 'A one-line headline; null when none is set.' }),
    description: t.exposeString('profileDescription', { nullable: true, description: 'A longer text about the account; null when none is set.' }),
    contactEmail: t.expose('contactEmail', {
      type: 'EmailAddress',
      nullable: true,
      description: 'A contact address the account chose to show publicly; null when none is set.',
    }),
    socialLinks: t.field({
      type: [SocialLink],
      description: 'Links to the account on other networks, in a stable order.',
      resolve: (profile) => Object.entries((profile.socialLinks ?? {}) as Record<string, string>).map(([network, url]) => ({ network, url })),
    }),
    avatarUrl: t.expose('avatarUrl', { type: 'URL', nullable: true, description: 'URL of the profile picture; null when none is set.' }),
    coverUrl: t.expose('coverUrl', { type: 'URL', nullable: true, description: 'URL of the cover image; null when none is set.' }),
  }),
});

/** Fields of Account that read nothing but its id: the account's own lists and records. */
const ID_ONLY_FIELDS = new Set(['__typename', 'id', 'databaseId', 'purchases', 'purchase', 'sales', 'statement', 'favorites', 'items', 'item']);

/** Whether the selection under a field asks for anything of the account's row. */
function selectsRowFields(
  info: GraphQLResolveInfo,
  selections: readonly SelectionNode[] = info.fieldNodes.flatMap((node) => node.selectionSet?.selections ?? []),
): boolean {
  return selections.some((selection) => {
    if (selection.kind === Kind.FIELD) return !ID_ONLY_FIELDS.has(selection.name.value);
    const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : info.fragments[selection.name.value];
    return !fragment || selectsRowFields(info, fragment.selectionSet.selections);
  });
}

export type { AccountRow };

/** Accounts by id, for a whole page at once (one statement per request and page). */
export function loadAccounts(ids: readonly number[], context: Context): Promise<AccountRow[]> {
  return accountsById(context.services.db, ids, needsWideColumns(context, 'Account'));
}

const wide = <Field extends AccountWideField>(account: AccountRow, field: Field) => wideColumn('Account', account, field);

export const Account = builder.loadableNode('Account', {
  id: { resolve: (account) => account.id, parse: (id) => Number(id) },
  description: 'A marketplace account: a buyer, an author or both.',
  load: (ids: number[], context: Context) => loadAccounts(ids, context),
  sort: (account) => account.id,
  authScopes: { public: true },
  fields: (t) => ({
    databaseId: t.exposeInt('id', { description: 'The numeric id used by the REST API.', authScopes: { public: true } }),
    username: t.exposeString('username', {
      description: 'The unique name of the account, shown as the author of its items.',
      authScopes: { public: true },
    }),
    firstName: t.string({ description: 'May be empty ("").', authScopes: { public: true }, resolve: (account) => wide(account, 'firstName') }),
    lastName: t.string({ description: 'May be empty ("").', authScopes: { public: true }, resolve: (account) => wide(account, 'lastName') }),
    fullName: t.string({
      description: 'First and last name joined by a space; empty when both are.',
      authScopes: { public: true },
      resolve: (account) => `${wide(account, 'firstName')} ${wide(account, 'lastName')}`.trim(),
    }),
    profile: t.field({
      type: Profile,
      description: 'The public profile: heading, description, links and pictures.',
      authScopes: { public: true },
      resolve: (account) => ({
        profileHeading: wide(account, 'profileHeading'),
        profileDescription: wide(account, 'profileDescription'),
        contactEmail: wide(account, 'contactEmail'),
        socialLinks: wide(account, 'socialLinks'),
        avatarUrl: wide(account, 'avatarUrl'),
        coverUrl: wide(account, 'coverUrl'),
      }),
    }),
    registeredAt: t.field({
      type: 'DateTime',
      description: 'When the account was created.',
      authScopes: { public: true },
      resolve: (account) => wide(account, 'registeredAt'),
    }),
    email: t.field({
      type: 'EmailAddress',
      description: 'The address the account logs in with. Your own account only, with scope user:account.',
      authScopes: ownAccount,
      resolve: (account) => wide(account, 'email'),
    }),
    balance: t.field({
      type: Money,
      description: 'Money available for purchases; sales earnings are credited to it. Your own account only, with scope user:account.',
      authScopes: ownAccount,
      resolve: (account) => money(wide(account, 'balanceCents'), account.currency),
    }),
    role: t.expose('role', {
      type: RoleEnum,
      description: 'Whether the account can sell items. Your own account only, with scope user:account.',
      authScopes: ownAccount,
    }),
    plan: t.expose('plan', {
      type: PlanEnum,
      description: 'Decides your rate limit. Your own account only, with scope user:account.',
      authScopes: ownAccount,
    }),
  }),
});

type TokenRow = PersonalAccessTokenModel;

/** Only the owner, with a credential allowed to manage tokens. */
const ownToken = ownedWith('tokens:manage', (token: TokenRow) => token.accountId);

export const PersonalAccessToken = builder.loadableNode('PersonalAccessToken', {
  id: { resolve: (token) => token.id, parse: (id) => Number(id) },
  description: 'A personal access token. Its secret is shown once, when it is created.',
  // Only the owner's tokens are ever loaded; their fields need a credential that manages tokens.
  load: (ids: number[], context: Context) =>
    context.services.db.prisma.personalAccessToken.findMany({ where: { id: { in: ids }, accountId: context.viewer?.accountId ?? -1 } }),
  sort: (token: TokenRow) => token.id,
  authScopes: ownToken.onType,
  fields: (t) => ({
    name: t.exposeString('name', {
      description: 'The label given at creation, 1 to 100 characters (scope tokens:manage).',
      authScopes: { 'tokens:manage': true },
    }),
    prefix: t.exposeString('prefix', {
      description: 'The first characters of the secret, to tell tokens apart.',
      authScopes: { 'tokens:manage': true },
    }),
    scopes: t.exposeStringList('scopes', {
      description: 'The documented scope names, e.g. "items:read".',
      authScopes: { 'tokens:manage': true },
    }),
    createdAt: t.expose('createdAt', {
      type: 'DateTime',
      description: 'When the token was created (scope tokens:manage).',
      authScopes: { 'tokens:manage': true },
    }),
    lastUsedAt: t.expose('lastUsedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the token last authenticated a request, to within a minute; null if it never has (scope tokens:manage).',
      authScopes: { 'tokens:manage': true },
    }),
    expiresAt: t.expose('expiresAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the token stops working; null when it never expires (scope tokens:manage).',
      authScopes: { 'tokens:manage': true },
    }),
    revokedAt: t.expose('revokedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the token was revoked; null while it is not (scope tokens:manage).',
      authScopes: { 'tokens:manage': true },
    }),
  }),
});

/** register, login and refreshSession each answer a new session, in a payload named after the mutation. */
const sessionPayload = (name: string, description: string) =>
  builder.objectRef<TokenPair>(name).implement({
    description: `${description} A session is a short-lived access token and a refresh token that works once.`,
    fields: (t) => ({
      accessToken: t.exposeString('accessToken', { description: 'Send it as `Authorization: Bearer <accessToken>`.' }),
      refreshToken: t.exposeString('refreshToken', {
        description: 'Exchange it once for a new pair (refreshSession) before the access token expires.',
      }),
      tokenType: t.exposeString('tokenType', { description: 'Always "Bearer".' }),
      expiresIn: t.exposeInt('expiresIn', { description: 'Seconds until the access token expires.' }),
      account: t.field({ type: Account, description: 'The account the session belongs to.', resolve: (pair) => pair.accountId }),
    }),
  });

const RegisterPayload = sessionPayload('RegisterPayload', 'The account created, logged in.');
const LoginPayload = sessionPayload('LoginPayload', 'The session opened.');
const RefreshSessionPayload = sessionPayload('RefreshSessionPayload', 'The session, with a new pair of tokens.');

const LogoutPayload = builder.objectRef<{ sessionEnded: boolean }>('LogoutPayload').implement({
  description: 'The session ended by logout.',
  fields: (t) => ({
    sessionEnded: t.exposeBoolean('sessionEnded', {
      description: 'True: the access and refresh tokens of this session no longer work.',
      authScopes: { session: true },
    }),
  }),
});

const RevokePersonalAccessTokenPayload = builder.objectRef<PersonalAccessTokenModel>('RevokePersonalAccessTokenPayload').implement({
  description: 'The token revoked.',
  fields: (t) => ({
    personalAccessToken: t.field({
      type: PersonalAccessToken,
      description: 'The token, with its revokedAt set.',
      authScopes: { 'tokens:manage': true },
      resolve: (token) => token,
    }),
  }),
});

const sessionDeps = (context: Context) => ({
  prisma: context.services.db.prisma,
  config: context.services.config,
  now: context.services.now,
  throttle: context.services.loginThrottle,
});

builder.queryFields((t) => ({
  viewer: t.field({
    type: Account,
    description: 'The account of the credential that made the request; null for anonymous callers. Its private fields need the `user:account` scope.',
    // Null rather than an error for anonymous callers, so a page can ask for the viewer and the catalog at once.
    nullable: true,
    authScopes: { public: true },
    // Asked only for its own lists (`viewer { purchases … }`), the account needs no row of its own.
    resolve: (_root, _args, context, info) => {
      if (!context.viewer) return null;
      return selectsRowFields(info) ? context.viewer.accountId : ({ id: context.viewer.accountId } as AccountRow);
    },
  }),
  personalAccessTokens: t.field({
    type: [PersonalAccessToken],
    description: 'Your personal access tokens, newest first (secrets are never shown again).',
    authScopes: { 'tokens:manage': true },
    resolve: (_root, _args, context) =>
      context.services.db.prisma.personalAccessToken.findMany({
        where: { accountId: context.viewer!.accountId },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      }),
  }),
}));

const USERNAME = /^[a-z0-9](?:[a-z0-9_-]{1,28})[a-z0-9]$/i;
const NAME = clearable(oneLine({ max: PROFILE_LIMITS.name }));

// Checked as one object, so every bad field is reported at once: plugin-validation stops
// checking an input's fields after the first one that fails; a zod object checks them all.
const RegisterFields = z
  .object({
    email: emailAddress().transform((email) => email.toLowerCase()),
    username: z.string().trim().regex(USERNAME, 'must be 3 to 30 letters, digits, "-" or "_", starting and ending with a letter or digit'),
    password: z.string().superRefine(async (password, context) => {
      const problem = await passwordProblem(password);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    }),
    firstName: NAME,
    lastName: NAME,
  })
  // Built from the account's own words: only knowable once the fields are known.
  .superRefine(async (input, context) => {
    const problem = await passwordProblem(input.password, input as PasswordContext);
    if (problem) context.addIssue({ code: 'custom', path: ['password'], message: problem });
  });

const RegisterInput = builder.inputType('RegisterInput', {
  description: 'A new account. Every field is checked, and every problem reported at once.',
  fields: (t) => ({
    email: t.string({
      required: true,
      description: 'An email address no other account uses, at most 254 characters; stored lower-cased. You log in with it.',
    }),
    username: t.string({
      required: true,
      description: '3 to 30 letters, digits, "-" or "_", starting and ending with a letter or digit.',
    }),
    password: t.string({
      required: true,
      description: `${PASSWORD_MIN} to ${PASSWORD_MAX} characters, hard to guess (a passphrase of unrelated words is), and not your username or email.`,
    }),
    firstName: t.string({ required: false, description: `At most ${PROFILE_LIMITS.name} characters.` }),
    lastName: t.string({ required: false, description: `At most ${PROFILE_LIMITS.name} characters.` }),
  }),
  validate: RegisterFields,
});

// The emails of RegisterInput and LoginInput stay String: registration reports every bad
// field at once (a scalar's refusal would come alone, before the others are checked), and
// login forgives case and surrounding blanks, which an EmailAddress would not.
const LoginInput = builder.inputType('LoginInput', {
  description: 'The credentials of an account.',
  fields: (t) => ({
    email: t.string({ required: true, description: 'The email address of the account; case and surrounding blanks do not matter.' }),
    password: t.string({ required: true, description: 'The password of the account.' }),
  }),
});

const CreatePersonalAccessTokenInput = builder.inputType('CreatePersonalAccessTokenInput', {
  description: 'A new personal access token: a name, its scopes and an optional expiry.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'A label to recognise the token by: 1 to 100 characters, trimmed.' }),
    scopes: t.stringList({
      required: true,
      ...atMost(ALL_SCOPES.length),
      description: `Only what you need; never more than the caller holds. One or more of: ${SCOPE_LIST}.`,
    }),
    expiresAt: t.field({ type: 'DateTime', required: false, description: 'Omit for a token that does not expire.' }),
  }),
});

const CreatePersonalAccessTokenPayload = builder
  .objectRef<{ token: string; record: PersonalAccessTokenModel }>('CreatePersonalAccessTokenPayload')
  .implement({
    description: 'The token created, with its secret.',
    fields: (t) => ({
      token: t.exposeString('token', { description: 'The secret. It is shown this once: store it now.' }),
      personalAccessToken: t.field({
        type: PersonalAccessToken,
        description: 'The token as it is listed from now on (name, prefix, scopes), without its secret.',
        resolve: (payload) => payload.record,
      }),
    }),
  });

builder.mutationFields((t) => ({
  register: t.field({
    type: RegisterPayload,
    description: 'Creates an account and logs it in.',
    authScopes: { public: true },
    args: { input: t.arg({ type: RegisterInput, required: true, description: 'The new account.' }) },
    resolve: (_root, { input }, context) => register(sessionDeps(context), input),
  }),
  login: t.field({
    type: LoginPayload,
    description: 'Exchanges email and password for a session. Wrong credentials get one generic error; repeated failures must wait.',
    authScopes: { public: true },
    args: { input: t.arg({ type: LoginInput, required: true, description: 'Email and password.' }) },
    resolve: (_root, { input }, context) => login(sessionDeps(context), input.email, input.password, context.clientAddress),
  }),
  refreshSession: t.field({
    type: RefreshSessionPayload,
    description: 'Exchanges a refresh token for a new pair. Each refresh token works once; reusing one ends the session.',
    authScopes: { public: true },
    args: { refreshToken: t.arg.string({ required: true, description: 'The refreshToken of the latest pair of the session.' }) },
    resolve: (_root, args, context) => refresh(sessionDeps(context), args.refreshToken),
  }),
  logout: t.field({
    type: LogoutPayload,
    description: 'Ends the current session: its access and refresh tokens stop working.',
    authScopes: { session: true },
    resolve: async (_root, _args, context) => {
      if (context.viewer?.credential !== 'session') throw unauthenticated();
      await revokeSession(context.services.db.prisma, context.viewer.credentialId, context.services.now(), 'logout');
      return { sessionEnded: true };
    },
  }),
  createPersonalAccessToken: t.field({
    type: CreatePersonalAccessTokenPayload,
    description: 'Creates a token. The secret is in `token`, returned this once.',
    authScopes: { 'tokens:manage': true },
    args: { input: t.arg({ type: CreatePersonalAccessTokenInput, required: true, description: 'The name, scopes and expiry of the token.' }) },
    resolve: (_root, { input }, context) =>
      createPersonalAccessToken(context.services.db.prisma, context.viewer!.accountId, input, {
        now: context.services.now(),
        creator: context.viewer!,
      }),
  }),
  revokePersonalAccessToken: t.field({
    type: RevokePersonalAccessTokenPayload,
    description: 'Revokes a token: requests with it are refused from the next one on, on every instance.',
    authScopes: { 'tokens:manage': true },
    args: {
      id: t.arg.globalID({
        for: [PersonalAccessToken],
        required: true,
        description: "The global id of one of your tokens (PersonalAccessToken.id); anyone else's is NOT_FOUND.",
      }),
    },
    resolve: (_root, args, context) =>
      revokePersonalAccessToken(context.services.db.prisma, context.viewer!.accountId, Number(args.id.id), context.services.now()),
  }),
}));
