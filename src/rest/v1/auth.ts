// POST /api/v1/auth/register|login|refresh|logout (004_…): sessions, answered in the
// document's bare token shape {"access_token","refresh_token","token_type","expires_in"}.
import { z } from 'zod';
import { graphql } from '../../generated/gql';
import { restError } from '../envelopes';
import { Count, named } from '../registry';
import { RestFailure, type Route } from '../router';

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
const RegisterBody = named(
  'RegisterBody',
  z.object({ email: z.string(), username: z.string(), password: z.string().describe('At least 8 characters') }),
);
const LoginBody = named('LoginBody', z.object({ email: z.string(), password: z.string() }));
const RefreshBody = named('RefreshBody', z.object({ refresh_token: z.string() }));

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
const Logout = graphql(`mutation RestLogout { logout }`);

function tokenBody(pair: { accessToken: string; refreshToken: string; tokenType: string; expiresIn: number }) {
  return {
    access_token: pair.accessToken,
    refresh_token: pair.refreshToken,
    token_type: pair.tokenType,
    expires_in: pair.expiresIn,
  };
}

/** A required string field of the JSON body, or 400 naming it. */
export function requiredString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.length === 0) {
    throw new RestFailure(restError('BAD_USER_INPUT', `${field} is required`, { details: { field, reason: 'is required' } }));
  }
  return value;
}

export const authRoutes: Route[] = [
  {
    method: 'POST',
    path: '/api/v1/auth/register',
    profile: 'v1',
    public: true,
    summary: 'Create an account and log it in',
    docs: {
      tag: 'sessions',
      body: { description: 'The new account', schema: RegisterBody, required: true },
      response: { status: 201, description: 'The new session', schema: TokenPair },
      errors: { 400: 'A missing or invalid field', 409: 'The email or username is taken' },
    },
    async handle({ body, run }) {
      const input = {
        email: requiredString(body, 'email'),
        username: requiredString(body, 'username'),
        password: requiredString(body, 'password'),
      };
      const { register } = await run(Register, { input });
      return { status: 201, body: tokenBody(register) };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/auth/login',
    profile: 'v1',
    public: true,
    summary: 'Exchange email and password for an access and a refresh token',
    docs: {
      tag: 'sessions',
      body: { description: 'The credentials', schema: LoginBody, required: true },
      response: { description: 'The new session', schema: TokenPair },
      errors: { 400: 'A missing field', 401: 'Wrong email or password', 429: 'Too many failed logins: wait Retry-After seconds' },
    },
    async handle({ body, run }) {
      const input = { email: requiredString(body, 'email'), password: requiredString(body, 'password') };
      const { login } = await run(Login, { input });
      return { body: tokenBody(login) };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/auth/refresh',
    profile: 'v1',
    public: true,
    summary: 'Exchange a refresh token (once) for a new pair',
    docs: {
      tag: 'sessions',
      body: { description: 'The refresh token', schema: RefreshBody, required: true },
      response: { description: 'The new pair', schema: TokenPair },
      errors: { 400: 'refresh_token missing', 401: 'The refresh token is unknown, used or expired' },
    },
    async handle({ body, run }) {
      const { refreshSession } = await run(Refresh, { refreshToken: requiredString(body, 'refresh_token') });
      return { body: tokenBody(refreshSession) };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/auth/logout',
    profile: 'v1',
    summary: 'End the session of the bearer access token',
    docs: {
      tag: 'sessions',
      response: { status: 204, description: 'The session is over: its access and refresh tokens stop working' },
      errors: { 401: 'No session access token' },
    },
    async handle({ run }) {
      await run(Logout, {});
      return { status: 204 };
    },
  },
];
