// Accounts as administrators see them, and legacy api keys as an account issues its own.
//
// - `Query.accounts` (004_…'s GET /users): every account, searchable and filterable by
//   role, for administrators only. "Administrator" is the account role ADMIN (the seed's
//   `admin`); the credential also needs the scope users:read (sessions hold every scope).
//   Anyone else is FORBIDDEN, whatever their scopes. The edges carry what only an
//   administrator may read of another account: its email and role (Account.email and
//   Account.role stay the account's own).
// - `createLegacyApiKey` / `revokeLegacyApiKey`: the deprecated api_key of 001_…, which a
//   user gets from the workspace settings. Issuing needs a signed-in session: a key holds
//   the four scopes of the legacy API, so a personal access token could otherwise mint a
//   credential broader than itself. Revoking needs tokens:manage (sessions hold it).
//   src/accounts/legacy-keys.ts has the rules (one key per account; shown once; hashed).
import { builder } from '../graphql/builder';
import { offsetArgument, withTotalCount } from '../graphql/connection-fields';
import type { Context } from '../graphql/context';
import { forbidden } from '../graphql/errors';
import { loadPage } from '../graphql/pages';
import type { Prisma } from '../generated/prisma/client';
import type { Role } from '../generated/prisma/enums';
import { z } from 'zod';
import { replaceLegacyApiKey, revokeLegacyApiKeys } from './legacy-keys';
import { Account, type AccountRow, RoleEnum } from './schema';

const ADMIN_SCOPE = { 'users:read': true } as const;
const SEARCH_MAX_LENGTH = 200;

function accountsWhere(search: string | null | undefined, role: Role | null | undefined): Prisma.AccountWhereInput {
  const text = search?.trim();
  return {
    ...(role && { role }),
    ...(text && {
      OR: (['username', 'email', 'firstName', 'lastName'] as const).map((column) => ({
        [column]: { contains: text, mode: 'insensitive' as const },
      })),
    }),
  };
}

builder.queryFields((t) => ({
  accounts: t.connection(
    {
      type: Account,
      description:
        'Every account, oldest first, for administrators only: an account whose role is ADMIN, with scope users:read. ' +
        'Anyone else is FORBIDDEN. The edges carry the email and role of each account.',
      authScopes: ADMIN_SCOPE,
      args: {
        ...offsetArgument(),
        search: t.arg.string({
          required: false,
          description: `Only accounts whose username, email, first or last name contains this text (any case); at most ${SEARCH_MAX_LENGTH} characters.`,
          validate: z.string().max(SEARCH_MAX_LENGTH, `must be at most ${SEARCH_MAX_LENGTH} characters`),
        }),
        role: t.arg({ type: RoleEnum, required: false, description: 'Only accounts of this role.' }),
      },
      resolve: (_root, args, context) => {
        if (context.viewer?.role !== 'ADMIN') throw forbidden('Only administrators can list accounts');
        const where = accountsWhere(args.search, args.role);
        const accounts = context.services.db.prisma.account;
        return loadPage(
          args,
          (page) => accounts.findMany({ ...page, where, orderBy: { id: 'asc' }, omit: { passwordHash: true } }),
          () => accounts.count({ where }),
          (row: AccountRow) => ({ node: row, email: row.email, role: row.role }),
        );
      },
    },
    { ...withTotalCount, description: 'A page of accounts, as administrators see them.' },
    {
      description: 'An account, with what only administrators may read of it.',
      fields: (edge) => ({
        email: edge.field({
          type: 'EmailAddress',
          description: 'The address the account logs in with.',
          authScopes: ADMIN_SCOPE,
          resolve: (row) => (row as unknown as { email: string }).email,
        }),
        role: edge.field({
          type: RoleEnum,
          description: 'Whether the account buys, sells or administers.',
          authScopes: ADMIN_SCOPE,
          resolve: (row) => (row as unknown as { role: Role }).role,
        }),
      }),
    },
  ),
}));

// ─── Legacy api keys ───────────────────────────────────────────────────────────────

/** Any signed-in caller reaches the resolver, which serves sessions only (with a message saying so). */
const SESSION = { authenticated: true } as const;
const MANAGE = { 'tokens:manage': true } as const;

interface IssuedKey {
  key: string;
  prefix: string;
  createdAt: Date;
  replaced: number;
}

const CreateLegacyApiKeyPayload = builder.objectRef<IssuedKey>('CreateLegacyApiKeyPayload').implement({
  description: 'Your new legacy api key. It is shown this once; only its hash is kept.',
  fields: (t) => ({
    apiKey: t.exposeString('key', {
      description: 'The key: send it as ?api_key= or X-API-Key on the REST paths. Shown this once: store it now.',
      authScopes: SESSION,
    }),
    prefix: t.exposeString('prefix', { description: 'The first characters of the key, to recognise it later.', authScopes: SESSION }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the key was issued.', authScopes: SESSION }),
    replacedKeys: t.exposeInt('replaced', {
      description: 'How many earlier keys of yours were revoked by this one (an account has one key at a time).',
      authScopes: SESSION,
    }),
  }),
});

const RevokeLegacyApiKeyPayload = builder.objectRef<{ revoked: number }>('RevokeLegacyApiKeyPayload').implement({
  description: 'Your legacy api keys revoked.',
  fields: (t) => ({
    revokedKeys: t.exposeInt('revoked', {
      description: 'How many keys were revoked: 0 when you had none (revoking is idempotent).',
      authScopes: MANAGE,
    }),
  }),
});

const legacyKeysOn = (context: Context) => {
  if (!context.services.config.LEGACY_API_KEYS) throw forbidden('Legacy API keys are turned off on this marketplace; use a personal access token');
};

builder.mutationFields((t) => ({
  createLegacyApiKey: t.field({
    type: CreateLegacyApiKeyPayload,
    description:
      'Issues your legacy api key (deprecated; the 001_… API): it holds user:account, items:read, purchase:verify and purchase:list, ' +
      'on the REST paths only. One key per account: an earlier one is revoked. A signed-in session only (never a token, ' +
      'which could otherwise mint a credential broader than itself). The key is in the payload this once.',
    authScopes: SESSION,
    resolve: async (_root, _args, context) => {
      if (context.viewer?.credential !== 'session') {
        throw forbidden('Legacy api keys are issued to a signed-in session only: log in and use its access token, not a token or a key');
      }
      legacyKeysOn(context);
      const { key, record, replaced } = await replaceLegacyApiKey(context.services.db.prisma, context.viewer.accountId, context.services.now());
      return { key, prefix: record.prefix, createdAt: record.createdAt, replaced };
    },
  }),
  revokeLegacyApiKey: t.field({
    type: RevokeLegacyApiKeyPayload,
    description: 'Revokes your legacy api key (every one, CLI-issued ones included): requests with it are refused from the next one on.',
    authScopes: MANAGE,
    resolve: async (_root, _args, context) => ({
      revoked: await revokeLegacyApiKeys(context.services.db.prisma, context.viewer!.accountId, context.services.now()),
    }),
  }),
}));
