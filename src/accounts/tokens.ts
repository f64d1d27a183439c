// Personal access tokens: created under "API Token Key" with a name, scopes and an
// optional expiry. The secret is returned once; lists show its visible prefix only.
import type { PrismaClient } from '../generated/prisma/client';
import type { Viewer } from '../graphql/context';
import { badInput, forbidden, notFound } from '../graphql/errors';
import { isScope, type Scope } from './scopes';
import { generateSecret, hashSecret, TOKEN_PREFIX, visiblePrefix } from './secrets';

export interface NewTokenInput {
  name: string;
  scopes: readonly string[];
  expiresAt?: Date | null;
}

/** Checks a token request; `creator` (when given) bounds the scopes it may grant. */
export function validateTokenRequest(input: NewTokenInput, now: Date, creator?: Viewer): Scope[] {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 100) throw badInput('name', 'must be 1 to 100 characters');
  if (input.scopes.length === 0) throw badInput('scopes', 'give at least one scope');
  const unknown = input.scopes.filter((scope) => !isScope(scope));
  if (unknown.length) throw badInput('scopes', `unknown scope(s): ${unknown.join(', ')}`);
  const scopes = [...new Set(input.scopes)] as Scope[];
  if (input.expiresAt && input.expiresAt.getTime() <= now.getTime()) throw badInput('expiresAt', 'must be in the future');
  if (creator) {
    const broader = scopes.filter((scope) => !creator.scopes.has(scope));
    if (broader.length) {
      throw forbidden(`A token cannot grant scopes it does not hold: ${broader.join(', ')}`, { requiredScopes: broader });
    }
  }
  return scopes.sort();
}

export async function createPersonalAccessToken(
  prisma: PrismaClient,
  accountId: number,
  input: NewTokenInput,
  options: { now: Date; creator?: Viewer },
) {
  const scopes = validateTokenRequest(input, options.now, options.creator);
  const token = generateSecret(TOKEN_PREFIX);
  const record = await prisma.personalAccessToken.create({
    data: {
      accountId,
      name: input.name.trim(),
      scopes,
      prefix: visiblePrefix(token),
      tokenHash: hashSecret(token),
      expiresAt: input.expiresAt ?? null,
    },
  });
  return { token, record };
}

export async function revokePersonalAccessToken(prisma: PrismaClient, accountId: number, tokenId: number, now: Date) {
  // Scoped to the owner: someone else's token id answers exactly as an unknown one.
  const token = await prisma.personalAccessToken.findFirst({ where: { id: tokenId, accountId } });
  if (!token) throw notFound('Personal access token');
  if (token.revokedAt) return token;
  return prisma.personalAccessToken.update({ where: { id: token.id }, data: { revokedAt: now } });
}
