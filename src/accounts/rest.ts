// Accounts over REST: the sessions of 004_… (register, login, refresh, logout, in the
// document's bare token shape) and the account details of 000_… (v1) and 001_… (legacy).
import { z } from 'zod';
import { graphql } from '../generated/gql';
import type { AccountDetailsFragment } from '../generated/gql/graphql';
import { v1Data } from '../rest/envelopes';
import { badParameter } from '../rest/errors';
import { restDate } from '../rest/format';
import { Count, named } from '../rest/registry';
import { route } from '../rest/route';
import { centsToNumber } from '../shared/money';

const Register = graphql(`
  mutation RestRegister($input: RegisterInput!) {
    register(input: $input) { accessToken refreshToken tokenType expiresIn }
  }
`);
const Login = graphql(`
  mutation RestLogin($input: LoginInput!) {
    login(input: $input) { accessToken refreshToken tokenType expiresIn }
  }
`);
const Refresh = graphql(`
  mutation RestRefresh($refreshToken: String!) {
    refreshSession(refreshToken: $refreshToken) { accessToken refreshToken tokenType expiresIn }
  }
`);
const Logout = graphql(`mutation RestLogout { logout { sessionEnded } }`);

graphql(`
  fragment AccountDetails on Account {
    username
    firstName
    lastName
    fullName
    email
    balance { cents currency }
    profile { heading description contactEmail socialLinks { network url } avatarUrl coverUrl }
    registeredAt
  }
`);

const AccountDetailsQuery = graphql(`
  query RestAccountDetails {
    viewer { ...AccountDetails }
  }
`);

const TokenPair = named(
  'TokenPair',
  z.strictObject({
    access_token: z.string(),
    refresh_token: z.string().describe('Works once: exchange it at /api/v1/auth/refresh'),
    token_type: z.literal('Bearer'),
    expires_in: Count.describe('Seconds until the access token expires'),
  }),
  "004_…'s session answer (no envelope, as the document shows it).",
);

const AccountDetails = named(
  'AccountDetails',
  z.strictObject({
    name: z.strictObject({ firstname: z.string(), lastname: z.string(), full_name: z.string() }),
    username: z.string(),
    email: z.string(),
    balance: z.number().describe('A decimal amount as a JSON number, e.g. 100.00'),
    currency: z.string(),
    profile: z.strictObject({
      heading: z.string().nullable(),
      description: z.string().nullable(),
      contact: z.strictObject({ email: z.string().nullable() }),
      social_links: z
        .record(z.string(), z.string())
        .describe('Network → link, e.g. {"facebook": "/", "x": "/"} (the documents show a list of pairs, which is not JSON)'),
      media: z.strictObject({ avatar: z.string().nullable(), cover: z.string().nullable() }),
    }),
    registered_at: z.string(),
  }),
  'The account as 000_… and 001_… show it.',
  {
    name: { firstname: 'John', lastname: 'Doe', full_name: 'John Doe' },
    username: 'johndoe',
    email: 'john.doe@example.com',
    balance: 100,
    currency: 'USD',
    profile: {
      heading: 'Profile Heading',
      description: 'Profile Description',
      contact: { email: 'contact@example.com' },
      social_links: { facebook: '/', x: '/' },
      media: { avatar: 'https://example.com/avatar.jpg', cover: 'https://example.com/cover.jpg' },
    },
    registered_at: '2024-04-27T12:00:00Z',
  },
);
const AccountDetailsResponse = v1Data('AccountDetailsResponse', AccountDetails);

/** social_links is an object: the documents' list of pairs is not valid JSON. */
const accountDetails = (account: AccountDetailsFragment): z.infer<typeof AccountDetails> => ({
  name: { firstname: account.firstName, lastname: account.lastName, full_name: account.fullName },
  username: account.username,
  email: account.email,
  balance: centsToNumber(account.balance.cents),
  currency: account.balance.currency,
  profile: {
    heading: account.profile.heading,
    description: account.profile.description,
    contact: { email: account.profile.contactEmail },
    social_links: Object.fromEntries(account.profile.socialLinks.map((link) => [link.network, link.url])),
    media: { avatar: account.profile.avatarUrl, cover: account.profile.coverUrl },
  },
  registered_at: restDate(account.registeredAt)!,
});

type Pair = { accessToken: string; refreshToken: string; tokenType: string; expiresIn: number };
const tokenBody = (pair: Pair) => ({
  access_token: pair.accessToken,
  refresh_token: pair.refreshToken,
  token_type: pair.tokenType,
  expires_in: pair.expiresIn,
});

/** A required string of the JSON body, or 400 naming it. */
function required(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.length === 0) throw badParameter(field, 'is required');
  return value;
}

const details = {
  operation: AccountDetailsQuery,
  reply: (data: { viewer: AccountDetailsFragment | null }) => ({ body: { status: 'success', data: accountDetails(data.viewer!) } }),
};
const sessions = { profile: 'v1', public: true } as const;

export const accountRoutes = [
  route({
    method: 'POST',
    path: '/api/v1/auth/register',
    ...sessions,
    summary: 'Create an account and log it in',
    operation: Register,
    variables: ({ body }) => ({
      input: { email: required(body, 'email'), username: required(body, 'username'), password: required(body, 'password') },
    }),
    reply: (data) => ({ status: 201, body: tokenBody(data.register) }),
    docs: {
      tag: 'sessions',
      body: {
        description: 'The new account',
        schema: named('RegisterBody', z.object({ email: z.string(), username: z.string(), password: z.string() })),
        required: true,
      },
      response: { status: 201, description: 'The new session', schema: TokenPair },
      errors: { 400: 'A missing or invalid field', 409: 'The email or username is taken' },
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/auth/login',
    ...sessions,
    summary: 'Exchange email and password for an access and a refresh token',
    operation: Login,
    variables: ({ body }) => ({ input: { email: required(body, 'email'), password: required(body, 'password') } }),
    reply: (data) => ({ body: tokenBody(data.login) }),
    docs: {
      tag: 'sessions',
      body: { description: 'The credentials', schema: named('LoginBody', z.object({ email: z.string(), password: z.string() })), required: true },
      response: { description: 'The new session', schema: TokenPair },
      errors: { 400: 'A missing field', 401: 'Wrong email or password', 429: 'Too many failed logins: wait Retry-After seconds' },
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/auth/refresh',
    ...sessions,
    summary: 'Exchange a refresh token (once) for a new pair',
    operation: Refresh,
    variables: ({ body }) => ({ refreshToken: required(body, 'refresh_token') }),
    reply: (data) => ({ body: tokenBody(data.refreshSession) }),
    docs: {
      tag: 'sessions',
      body: { description: 'The refresh token', schema: named('RefreshBody', z.object({ refresh_token: z.string() })), required: true },
      response: { description: 'The new pair', schema: TokenPair },
      errors: { 400: 'refresh_token missing', 401: 'The refresh token is unknown, used or expired' },
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/auth/logout',
    profile: 'v1',
    summary: 'End the session of the bearer access token',
    operation: Logout,
    reply: () => ({ status: 204 }),
    docs: {
      tag: 'sessions',
      response: { status: 204, description: 'The session is over: its access and refresh tokens stop working' },
      errors: { 401: 'No session access token' },
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/account/details',
    profile: 'v1',
    summary: 'The authenticated account (also the token check "ping")',
    ...details,
    docs: {
      description: 'Also the token check ("ping"): use it to verify a token works and has the scope.',
      response: { description: 'The account', schema: AccountDetailsResponse },
    },
  }),
  route({
    method: 'GET',
    path: '/api/account/details',
    profile: 'legacy',
    deprecated: true,
    summary: 'The account of the api key',
    ...details,
    docs: {
      response: { description: 'The account', schema: AccountDetailsResponse },
    },
  }),
];
