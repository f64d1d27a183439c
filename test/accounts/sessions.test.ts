// Sessions: register, login, refresh with rotation and reuse detection, logout, throttling.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../../src/generated/gql';
import { startTestGateway, type TestGateway } from '../support/gateway';

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway({ ACCESS_TOKEN_TTL: '60' });
});
afterAll(() => t.close());

const Register = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) { accessToken refreshToken tokenType expiresIn account { username } }
  }
`);
const Login = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) { accessToken refreshToken tokenType expiresIn account { username } }
  }
`);
const Refresh = graphql(`
  mutation Refresh($refreshToken: String!) {
    refreshSession(refreshToken: $refreshToken) { accessToken refreshToken }
  }
`);
const Logout = graphql(`mutation Logout { logout { sessionEnded } }`);
const Me = graphql(`query Me { viewer { username email } }`);

describe('register and login', () => {
  it('registers an account, then logs in with its password', async () => {
    const registered = await t.graphql(Register, {
      input: { email: 'New.User@Example.com', username: 'new_user', password: 'correct horse battery' },
    });
    expect(registered.errors).toBeUndefined();
    expect(registered.data!.register).toMatchObject({ tokenType: 'Bearer', expiresIn: 60, account: { username: 'new_user' } });

    const me = await t.graphql(Me, {}, { token: registered.data!.register.accessToken });
    expect(me.data!.viewer).toEqual({ username: 'new_user', email: 'new.user@example.com' });

    const login = await t.graphql(Login, { input: { email: 'new.user@example.com', password: 'correct horse battery' } });
    expect(login.data!.login.account.username).toBe('new_user');
    const stored = await t.db.prisma.account.findUniqueOrThrow({ where: { username: 'new_user' } });
    expect(stored.passwordHash).toMatch(/^scrypt\$/);
    expect(stored.passwordHash).not.toContain('correct horse');
  });

  it('refuses duplicate emails and usernames with CONFLICT, and bad input with the field', async () => {
    const duplicate = await t.graphql(Register, { input: { email: 'john.doe@example.com', username: 'someone', password: 'long enough pw' } });
    expect(duplicate.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const short = await t.graphql(Register, { input: { email: 'a@b.co', username: 'abc', password: 'short' } });
    expect(short.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    const email = await t.graphql(Register, { input: { email: 'not-an-email', username: 'abcd', password: 'long enough pw' } });
    expect(email.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
  });

  it('gives one generic error for a wrong password and for an unknown email', async () => {
    const wrong = await t.graphql(Login, { input: { email: 'john.doe@example.com', password: 'wrong password' } });
    const unknown = await t.graphql(Login, { input: { email: 'nobody@example.com', password: 'wrong password' } });
    expect(wrong.errors?.[0]?.message).toBe('Invalid email or password');
    expect(unknown.errors?.[0]?.message).toBe('Invalid email or password');
    expect(wrong.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(unknown.status).toBe(wrong.status);
  });

  it('slows down repeated failures from one address, then answers RATE_LIMITED with retryAfter', async () => {
    const attempt = (password: string) => t.graphql(Login, { input: { email: 'pixelforge@example.com', password } }, { headers: {} });
    const codes: unknown[] = [];
    for (let i = 0; i < 6; i++) codes.push((await attempt(`guess-${i}`)).errors?.[0]?.extensions?.code);
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('UNAUTHENTICATED'));
    const blocked = await attempt(t.demoPassword);
    expect(blocked.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
    // Even the right password must wait until the delay is over.
    expect(blocked.data?.login ?? null).toBeNull();
  });
});

describe('refresh tokens', () => {
  it('rotate on every use; the old one stops working and reusing it ends the whole session', async () => {
    const first = (await t.graphql(Login, { input: { email: 'john.doe@example.com', password: t.demoPassword } })).data!.login;
    const second = (await t.graphql(Refresh, { refreshToken: first.refreshToken })).data!.refreshSession;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    const third = (await t.graphql(Refresh, { refreshToken: second.refreshToken })).data!.refreshSession;

    // Reusing an already-used token: refused, and the family (session) is revoked...
    const reuse = await t.graphql(Refresh, { refreshToken: first.refreshToken });
    expect(reuse.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // ...so the newest refresh token and every access token of the session stop too.
    expect((await t.graphql(Refresh, { refreshToken: third.refreshToken })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const me = await t.graphql(Me, {}, { token: third.accessToken });
    expect(me.status).toBe(401);
  });

  it('expire with the access token lifetime', async () => {
    const pair = (await t.graphql(Login, { input: { email: 'john.doe@example.com', password: t.demoPassword } })).data!.login;
    t.setNow(new Date(Date.now() + 61_000));
    try {
      const me = await t.graphql(Me, {}, { token: pair.accessToken });
      expect(me.status).toBe(401);
      expect(me.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      t.setNow(null);
    }
  });
});

describe('logout', () => {
  it('ends the session: its access token and refresh token stop working', async () => {
    const pair = (await t.graphql(Login, { input: { email: 'john.doe@example.com', password: t.demoPassword } })).data!.login;
    const out = await t.graphql(Logout, {}, { token: pair.accessToken });
    expect(out.data!.logout.sessionEnded).toBe(true);
    expect((await t.graphql(Me, {}, { token: pair.accessToken })).status).toBe(401);
    expect((await t.graphql(Refresh, { refreshToken: pair.refreshToken })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('is for sessions only', async () => {
    const anonymous = await t.graphql(Logout);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
