// Credentials for tests: personal access tokens made the way the API makes them, and
// sessions through the real login mutation.
import { createPersonalAccessToken } from '../../src/accounts/tokens';
import type { Scope } from '../../src/accounts/scopes';
import type { TestGateway } from './gateway';

export async function accountId(t: TestGateway, username: string): Promise<number> {
  const account = await t.db.prisma.account.findUniqueOrThrow({ where: { username }, select: { id: true } });
  return account.id;
}

/** A personal access token for a demo account, with exactly these scopes. */
export async function tokenFor(
  t: TestGateway,
  username: string,
  scopes: Scope[],
  options: { expiresAt?: Date; name?: string } = {},
): Promise<string> {
  const { token } = await createPersonalAccessToken(
    t.db.prisma,
    await accountId(t, username),
    { name: options.name ?? `test ${scopes.join(' ')}`, scopes, expiresAt: options.expiresAt },
    { now: new Date() },
  );
  return token;
}

/** Logs a demo account in through GraphQL; returns the session's token pair. */
export async function loginAs(t: TestGateway, username: string) {
  const { email } = await t.db.prisma.account.findUniqueOrThrow({ where: { username }, select: { email: true } });
  const { data, errors } = await t.graphql<{ login: { accessToken: string; refreshToken: string } }>(
    `mutation Login($input: LoginInput!) { login(input: $input) { accessToken refreshToken } }`,
    { input: { email, password: t.demoPassword } } as never,
  );
  if (errors) throw new Error(`login failed: ${errors[0]!.message}`);
  return data!.login;
}
