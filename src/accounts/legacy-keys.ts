// Legacy api keys (001_…): deprecated, still honoured on the REST paths. Issued by
// operators (for clients that cannot move to tokens yet) and stored hashed like tokens.
import type { PrismaClient } from '../generated/prisma/client';
import { generateSecret, hashSecret, LEGACY_KEY_PREFIX, visiblePrefix } from './secrets';

export async function createLegacyApiKey(prisma: PrismaClient, accountId: number) {
  const key = generateSecret(LEGACY_KEY_PREFIX);
  const record = await prisma.legacyApiKey.create({
    data: { accountId, keyHash: hashSecret(key), prefix: visiblePrefix(key) },
  });
  return { key, record };
}
