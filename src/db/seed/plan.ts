// The whole demo data set, built in memory by pure functions before anything is written:
// the same size gives the same plan, row for row.
import { ADMIN, AUTHORS, JOHNDOE, PLATFORM, generateBuyers, type AccountSeed } from './accounts';
import { buildCategories, buildItems, type CategorySeed, type ItemSeed } from './catalog';
import { buildLedger, type LedgerEntrySeed } from './ledger';
import { buildFavorites, buildPurchases, planBuyers, type FavoriteSeed, type PurchaseSeed } from './purchases';
import { randomFor } from './random';
import { buildWebhook, buildWorkspaces, type WebhookSeed, type WorkspaceSeed } from './workspaces';

export interface SeedSize {
  /** Items in the catalog. */
  items: number;
  /** Buyers besides johndoe. */
  buyers: number;
  /** Purchases in all, johndoe's included. */
  purchases: number;
}

export const DEFAULT_SEED_SIZE: SeedSize = { items: 300, buyers: 40, purchases: 600 };

export interface DemoPlan {
  accounts: AccountSeed[];
  categories: CategorySeed[];
  items: ItemSeed[];
  /** Per item slug: how many of its purchases were downloaded. */
  downloadCounts: Map<string, number>;
  purchases: PurchaseSeed[];
  ledger: LedgerEntrySeed[];
  /** Per username; accounts without entries have none and a zero balance. */
  balances: Map<string, bigint>;
  favorites: FavoriteSeed[];
  workspaces: WorkspaceSeed[];
  webhooks: WebhookSeed[];
}

function checkSize(size: SeedSize): void {
  // johndoe's carts need a catalog to choose from; below this the data would look broken.
  if (!Number.isInteger(size.items) || size.items < 20) throw new Error('seed size: at least 20 items');
  if (!Number.isInteger(size.buyers) || size.buyers < 0) throw new Error('seed size: buyers must be an integer >= 0');
  if (!Number.isInteger(size.purchases) || size.purchases < 0) throw new Error('seed size: purchases must be an integer >= 0');
}

export function buildDemoPlan(size: SeedSize = DEFAULT_SEED_SIZE, platformFeePercent = 30): DemoPlan {
  checkSize(size);
  const otherBuyers = generateBuyers(randomFor('buyers'), size.buyers);
  const accounts = [ADMIN, PLATFORM, ...AUTHORS, JOHNDOE, ...otherBuyers];
  const items = buildItems(randomFor('items'), size.items, AUTHORS);
  const buyers = planBuyers(randomFor('deposits'), [JOHNDOE, ...otherBuyers]);
  const purchases = buildPurchases(randomFor('purchases'), buyers, items, size.purchases, platformFeePercent);
  const { entries, balances } = buildLedger(randomFor('ledger'), buyers, purchases, PLATFORM.username);

  const downloadCounts = new Map<string, number>();
  for (const p of purchases) if (p.downloaded) downloadCounts.set(p.item.slug, (downloadCounts.get(p.item.slug) ?? 0) + 1);

  return {
    accounts,
    categories: buildCategories(),
    items,
    downloadCounts,
    purchases,
    ledger: entries,
    balances,
    favorites: buildFavorites(randomFor('favorites'), buyers, items),
    workspaces: buildWorkspaces(randomFor('workspaces'), AUTHORS, accounts),
    webhooks: [buildWebhook(randomFor('webhooks'), AUTHORS[0]!, purchases)],
  };
}
