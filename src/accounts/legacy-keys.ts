// Legacy api keys (001_…): deprecated, still honoured on the REST paths. Stored hashed like
// tokens (only a SHA-256 of the key is kept). Two ways to get one:
// - the operator CLI (`keys create-legacy`), for clients that cannot move to tokens yet: it
//   adds a key and leaves the account's other keys alone;
// - the account itself (`createLegacyApiKey`, POST /api/v1/users/me/api-key: "workspace
//   settings"): one key per account, so issuing a new one revokes every key the account
//   had, CLI-issued ones included. The key is shown once, in the answer.
// Revoking (`revokeLegacyApiKey`) revokes every active key of the account at once.
import type { PrismaClient } from '../generated/prisma/client';
import { generateSecret, hashSecret, LEGACY_KEY_PREFIX, visiblePrefix } from './secrets';

export async function createLegacyApiKey(prisma: PrismaClient, accountId: number) {
  const key = generateSecret(LEGACY_KEY_PREFIX);
  const record = await prisma.legacyApiKey.create({
    data: { accountId, keyHash: hashSecret(key), prefix: visiblePrefix(key) },
  });
  return { key, record };
}

/** Issues the account's one key: every key it had is revoked in the same transaction. */
export async function replaceLegacyApiKey(prisma: PrismaClient, accountId: number, now: Date) {
  const key = generateSecret(LEGACY_KEY_PREFIX);
  return prisma.$transaction(async (tx) => {
    const { count: replaced } = await tx.legacyApiKey.updateMany({ where: { accountId, revokedAt: null }, data: { revokedAt: now } });
    const record = await tx.legacyApiKey.create({
      data: { accountId, keyHash: hashSecret(key), prefix: visiblePrefix(key), createdAt: now },
    });
    return { key, record, replaced };
  });
}

/** Revokes every active key of the account; the number revoked (0 when it had none). */
export async function revokeLegacyApiKeys(prisma: PrismaClient, accountId: number, now: Date): Promise<number> {
  const { count } = await prisma.legacyApiKey.updateMany({ where: { accountId, revokedAt: null }, data: { revokedAt: now } });
  return count;
}
