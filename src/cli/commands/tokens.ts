// Operator commands for credentials: personal access tokens and legacy api keys.
// `create` prints only the secret on stdout, so scripts can capture it.
import { createLegacyApiKey } from '../../accounts/legacy-keys';
import { createPersonalAccessToken, revokePersonalAccessToken } from '../../accounts/tokens';
import type { Database } from '../../db/client';
import { withDatabase } from '../database';
import type { Command } from '../command';

async function accountIdOf(db: Database, username: string | undefined): Promise<number> {
  if (!username) throw new Error('give a username');
  const account = await db.prisma.account.findUnique({ where: { username }, select: { id: true } });
  if (!account) throw new Error(`no account named ${username}`);
  return account.id;
}

/** --name value / --name=value */
function option(args: string[], name: string): string | undefined {
  const index = args.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (index < 0) return undefined;
  const arg = args[index]!;
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[index + 1];
}

export const tokenCommands: Command[] = [
  {
    name: 'tokens create',
    usage: 'tokens create <username> --scopes a,b [--name N] [--expires ISO-date]',
    summary: 'creates a personal access token and prints its secret (only) on stdout',
    async run(args, context) {
      const scopes =
        option(args, 'scopes')
          ?.split(',')
          .map((scope) => scope.trim())
          .filter(Boolean) ?? [];
      const expires = option(args, 'expires');
      const expiresAt = expires ? new Date(expires) : null;
      if (expiresAt && Number.isNaN(expiresAt.getTime())) throw new Error(`--expires: not a date: ${expires}`);
      await withDatabase(context.config, async (db) => {
        const accountId = await accountIdOf(db, args[0]);
        const { token, record } = await createPersonalAccessToken(
          db.prisma,
          accountId,
          { name: option(args, 'name') ?? 'cli', scopes, expiresAt },
          { now: new Date() },
        );
        context.info(`created token ${record.id} (${record.prefix}…) with ${record.scopes.join(', ')}`);
        context.out(token);
      });
    },
  },
  {
    name: 'tokens list',
    usage: 'tokens list <username>',
    summary: "lists a user's personal access tokens (never their secrets)",
    async run(args, context) {
      await withDatabase(context.config, async (db) => {
        const accountId = await accountIdOf(db, args[0]);
        const tokens = await db.prisma.personalAccessToken.findMany({ where: { accountId }, orderBy: { id: 'asc' } });
        for (const token of tokens) {
          const state = token.revokedAt ? 'revoked' : token.expiresAt && token.expiresAt <= new Date() ? 'expired' : 'active';
          context.out(
            [token.id, `${token.prefix}…`, state, token.name, token.scopes.join(','), token.lastUsedAt?.toISOString() ?? 'never used'].join('\t'),
          );
        }
      });
    },
  },
  {
    name: 'tokens revoke',
    usage: 'tokens revoke <username> <token-id>',
    summary: 'revokes a personal access token',
    async run(args, context) {
      const id = Number(args[1]);
      if (!Number.isInteger(id)) throw new Error('give the numeric token id (see tokens list)');
      await withDatabase(context.config, async (db) => {
        await revokePersonalAccessToken(db.prisma, await accountIdOf(db, args[0]), id, new Date());
        context.info(`revoked token ${id}`);
      });
    },
  },
  {
    name: 'keys create-legacy',
    usage: 'keys create-legacy <username>',
    summary: 'issues a deprecated legacy api key and prints it (only) on stdout',
    async run(args, context) {
      await withDatabase(context.config, async (db) => {
        const { key, record } = await createLegacyApiKey(db.prisma, await accountIdOf(db, args[0]));
        context.info(`created legacy api key ${record.id} (${record.prefix}…); it is deprecated, prefer tokens`);
        context.out(key);
      });
    },
  },
];
