// The whole demo data set, built in memory by pure functions before anything is written:
// the same size gives the same plan, row for row, laid out before REFERENCE_DATE; then
// moved in time as a whole to end at the seed's "now" (the same rows, other dates).
import { ADMIN, AUTHORS, JOHNDOE, PLATFORM, generateBuyers, type AccountSeed } from './accounts';
import { buildCategories, buildItems, type CategorySeed, type ItemSeed } from './catalog';
import { REFERENCE_DATE, addMinutes, addMonths, minutesToNow } from './dates';
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
  /** Per item slug: how many of its purchases were not refunded (items.sales_count). */
  salesCounts: Map<string, number>;
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

/**
 * The plan of a seed run at `now`: laid out before REFERENCE_DATE, then moved to end at
 * `now` (moveDates). The default keeps the reference dates.
 */
export function buildDemoPlan(size: SeedSize = DEFAULT_SEED_SIZE, platformFeePercent = 30, now: Date = REFERENCE_DATE): DemoPlan {
  checkSize(size);
  const otherBuyers = generateBuyers(randomFor('buyers'), size.buyers);
  const accounts = [ADMIN, PLATFORM, ...AUTHORS, JOHNDOE, ...otherBuyers];
  const items = buildItems(randomFor('items'), size.items, AUTHORS);
  const buyers = planBuyers(randomFor('deposits'), [JOHNDOE, ...otherBuyers]);
  const purchases = buildPurchases(randomFor('purchases'), buyers, items, size.purchases, platformFeePercent);
  const { entries, balances } = buildLedger(randomFor('ledger'), buyers, purchases, PLATFORM.username);

  const downloadCounts = new Map<string, number>();
  const salesCounts = new Map<string, number>();
  for (const p of purchases) {
    if (p.downloaded) downloadCounts.set(p.item.slug, (downloadCounts.get(p.item.slug) ?? 0) + 1);
    if (p.refundState !== 'REFUNDED') salesCounts.set(p.item.slug, (salesCounts.get(p.item.slug) ?? 0) + 1);
  }

  const plan: DemoPlan = {
    accounts,
    categories: buildCategories(),
    items,
    downloadCounts,
    salesCounts,
    purchases,
    ledger: entries,
    balances,
    favorites: buildFavorites(randomFor('favorites'), buyers, items),
    workspaces: buildWorkspaces(randomFor('workspaces'), AUTHORS, accounts),
    webhooks: [buildWebhook(randomFor('webhooks'), AUTHORS[0]!, purchases)],
  };
  moveDates(plan, minutesToNow(now));
  return plan;
}

/**
 * Moves every date of a freshly built plan `minutes` later, but the accounts' registration
 * dates (johndoe's is the documents' example; the accounts are shared constants): whatever
 * happened after a registration still does, and the order of everything else is kept.
 * Support periods are calendar months, so they are counted again from the moved purchase.
 */
function moveDates(plan: DemoPlan, minutes: number): void {
  if (minutes === 0) return;
  const move = (date: Date) => addMinutes(date, minutes);
  for (const item of plan.items) {
    item.createdAt = move(item.createdAt);
    if (item.publishedAt) item.publishedAt = move(item.publishedAt);
    for (const version of item.versions) version.releasedAt = move(version.releasedAt);
  }
  for (const purchase of plan.purchases) {
    purchase.purchasedAt = move(purchase.purchasedAt);
    if (purchase.refundedAt) purchase.refundedAt = move(purchase.refundedAt);
    if (purchase.supportedUntil) purchase.supportedUntil = addMonths(purchase.purchasedAt, purchase.item.supportMonths);
  }
  for (const entry of plan.ledger) entry.createdAt = move(entry.createdAt);
  for (const favorite of plan.favorites) favorite.createdAt = move(favorite.createdAt);
  for (const workspace of plan.workspaces) {
    workspace.createdAt = move(workspace.createdAt);
    for (const member of workspace.members) member.joinedAt = move(member.joinedAt);
  }
  for (const webhook of plan.webhooks) {
    webhook.createdAt = move(webhook.createdAt);
    for (const delivery of webhook.deliveries) delivery.createdAt = move(delivery.createdAt);
  }
}
