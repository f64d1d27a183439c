// Deterministic demo data: the documents' example buyer johndoe, authors, a catalog of a
// few hundred items with downloadable releases, purchases with balanced statements,
// favorites, workspaces and a webhook, ending when the seed runs. Two seeds of the same
// size hold the same rows but for their dates, all moved by the same number of minutes,
// and password hashes (each has a fresh salt); seeded at the same `now`, the same rows.
import { hashPassword } from '../../accounts/passwords';
import type { FileStore } from '../../downloads/file-store';
import type { PrismaClient } from '../../generated/prisma/client';
import type { Database } from '../client';
import { JOHNDOE } from './accounts';
import type { ItemSeed } from './catalog';
import { insertPlan } from './insert';
import { DEFAULT_SEED_SIZE, buildDemoPlan, type DemoPlan, type SeedSize } from './plan';

export { DEMO_ACCOUNTS } from './accounts';
export type { SeedSize } from './plan';
export { JOHNDOE_PURCHASE_COUNT } from './purchases';
export { wipeData } from './wipe';

export interface SeedOptions {
  /** The password of every demo account. */
  password: string;
  /** Where the items' release archives are written. */
  fileStore: FileStore;
  size?: Partial<SeedSize>;
  /** The platform's share of each sale, in percent (the PLATFORM_FEE_PERCENT setting). */
  platformFeePercent?: number;
  /** When the demo data ends (its newest purchases are within the hour before); the clock by default. */
  now?: Date;
}

export interface SeedSummary {
  accounts: number;
  categories: number;
  items: number;
  versions: number;
  purchases: number;
  ledgerEntries: number;
  favorites: number;
  workspaces: number;
  webhooks: number;
}

/** Any constant works, as long as nothing else takes this advisory lock. */
const SEED_LOCK_KEY = 4_720_260_101;
const FILE_WRITES_AT_ONCE = 16;

/** johndoe's account row. */
export function findJohnDoe(prisma: PrismaClient) {
  return prisma.account.findUniqueOrThrow({ where: { username: JOHNDOE.username } });
}

/** Seeds an empty database; fails when it already has accounts. */
export async function seedDemoData(prisma: PrismaClient, options: SeedOptions): Promise<SeedSummary> {
  const summary = await seed(prisma, options, 'fail-if-not-empty');
  return summary!; // 'fail-if-not-empty' throws rather than return null
}

/** Seeds only a database without accounts (a first start); null when there was nothing to do. */
export async function seedIfEmpty(db: Pick<Database, 'prisma'>, options: SeedOptions): Promise<SeedSummary | null> {
  // The cheap check first: most starts find data and should not plan or hash anything.
  if ((await db.prisma.account.count()) > 0) return null;
  return seed(db.prisma, options, 'skip-if-not-empty');
}

async function seed(prisma: PrismaClient, options: SeedOptions, whenNotEmpty: 'fail-if-not-empty' | 'skip-if-not-empty') {
  const plan = buildDemoPlan({ ...DEFAULT_SEED_SIZE, ...options.size }, options.platformFeePercent, options.now ?? new Date());
  // One hash for every demo account: scrypt is slow by design.
  const passwordHash = await hashPassword(options.password);
  // Files before rows, so that no committed version points at a missing file. Writing them
  // again is harmless: the same size gives the same bytes, whatever the day (catalog.ts).
  await writeReleaseFiles(options.fileStore, plan.items);

  const seeded = await prisma.$transaction(
    async (tx) => {
      // Two instances starting on one empty PostgreSQL database must not both seed it.
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
      if ((await tx.account.count()) > 0) {
        if (whenNotEmpty === 'skip-if-not-empty') return false;
        throw new Error('the database already has accounts: the demo data goes into an empty database only');
      }
      await insertPlan(tx, plan, passwordHash);
      return true;
    },
    // PGlite is one connection and a large seed takes a while: no 5-second default here.
    { maxWait: 30_000, timeout: 300_000 },
  );
  return seeded ? summarize(plan) : null;
}

async function writeReleaseFiles(store: FileStore, items: readonly ItemSeed[]): Promise<void> {
  const versions = items.flatMap((item) => item.versions);
  for (let start = 0; start < versions.length; start += FILE_WRITES_AT_ONCE) {
    await Promise.all(versions.slice(start, start + FILE_WRITES_AT_ONCE).map((v) => store.put(v.fileKey, v.file)));
  }
}

function summarize(plan: DemoPlan): SeedSummary {
  return {
    accounts: plan.accounts.length,
    categories: plan.categories.length,
    items: plan.items.length,
    versions: plan.items.reduce((sum, item) => sum + item.versions.length, 0),
    purchases: plan.purchases.length,
    ledgerEntries: plan.ledger.length,
    favorites: plan.favorites.length,
    workspaces: plan.workspaces.length,
    webhooks: plan.webhooks.length,
  };
}
