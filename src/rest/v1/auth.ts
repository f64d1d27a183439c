// POST /api/v1/auth/register|login|refresh|logout (004_…): sessions, answered in the
// document's bare token shape {"access_token","refresh_token","token_type","expires_in"}.
import { graphql } from '../../generated/gql';
import { restError } from '../envelopes';
import { RestFailure, type Route } from '../router';

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
    summary: 'Create an account and log it in',
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
    summary: 'Exchange email and password for an access and a refresh token',
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
    summary: 'Exchange a refresh token (once) for a new pair',
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
    async handle({ run }) {
      await run(Logout, {});
      return { status: 204 };
    },
  },
];
