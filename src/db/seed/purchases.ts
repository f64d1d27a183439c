// Demo purchases: buyers top up once, then buy in "carts" of one to three items paid at
// the same instant, which gives the same-timestamp ties pagination has to get right.
import type { LicenseType, RefundState } from '../../generated/prisma/client';
import { JOHNDOE, JOHNDOE_FINAL_BALANCE_CENTS, type AccountSeed } from './accounts';
import type { ItemSeed } from './catalog';
import { REFERENCE_DATE, addDays, addHours, addMinutes, addMonths, dateBetween, maxDate, recentDateBetween } from './dates';
import type { Random } from './random';

export interface BuyerSeed {
  account: AccountSeed;
  /** The buyer's one top-up, before any purchase. */
  depositAt: Date;
  /** What the buyer has left after paying for every demo purchase; refunds come on top. */
  keepCents: number;
}

export interface PurchaseSeed {
  code: string;
  buyerUsername: string;
  item: ItemSeed;
  licenseType: LicenseType;
  pricePaidCents: number;
  platformFeeCents: number;
  authorEarningsCents: number;
  supportedUntil: Date | null;
  downloaded: boolean;
  purchasedAt: Date;
  refundState: RefundState;
  refundedAt: Date | null;
}

export interface FavoriteSeed {
  username: string;
  itemSlug: string;
  createdAt: Date;
}

/** johndoe's carts: 12 purchases, three of the carts holding several items bought at once. */
const JOHNDOE_CARTS = [1, 2, 1, 1, 3, 1, 2, 1] as const;
export const JOHNDOE_PURCHASE_COUNT = JOHNDOE_CARTS.reduce((sum, size) => sum + size, 0);

/** Purchases fall in the two years before "now", more of them lately, the last minutes before it. */
const HISTORY_START = addDays(REFERENCE_DATE, -730);
const LAST_PURCHASE = addMinutes(REFERENCE_DATE, -10);

export function planBuyers(random: Random, accounts: readonly AccountSeed[]): BuyerSeed[] {
  return accounts.map((account) => ({
    account,
    depositAt: addHours(account.registeredAt, random.int(1, 48)),
    keepCents: account.username === JOHNDOE.username ? JOHNDOE_FINAL_BALANCE_CENTS : random.int(1, 40) * 500,
  }));
}

/** Splits `total` purchases among buyers, a few buying much more than most (as in real shops). */
function purchaseCounts(buyers: readonly BuyerSeed[], total: number): number[] {
  const others = Math.max(0, total - JOHNDOE_PURCHASE_COUNT);
  const weights = buyers.map((buyer, index) => (buyer.account.username === JOHNDOE.username ? 0 : 1 / (index + 1) ** 0.7));
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((weight) => (sum === 0 ? 0 : Math.floor((others * weight) / sum)));
  // Hand out what rounding down left over, heaviest buyers first.
  let left = others - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0 && sum > 0; i = (i + 1) % counts.length) {
    if (weights[i]! > 0) {
      counts[i]! += 1;
      left -= 1;
    }
  }
  return buyers.map((buyer, index) => (buyer.account.username === JOHNDOE.username ? JOHNDOE_PURCHASE_COUNT : counts[index]!));
}

/** Cart sizes adding up to `count`. */
function cartSizes(random: Random, buyer: BuyerSeed, count: number): number[] {
  if (buyer.account.username === JOHNDOE.username) return [...JOHNDOE_CARTS];
  const sizes: number[] = [];
  for (let left = count; left > 0; ) {
    const size = Math.min(
      left,
      random.weighted([
        [1, 70],
        [2, 20],
        [3, 10],
      ] as const),
    );
    sizes.push(size);
    left -= size;
  }
  return sizes;
}

/** Items that can be bought, by publication date, to find "what was on sale at time t" quickly. */
class Shelf {
  private readonly items: ItemSeed[];

  constructor(items: readonly ItemSeed[]) {
    this.items = items
      .filter((item) => item.status !== 'DRAFT' && item.publishedAt)
      .sort((a, b) => a.publishedAt!.getTime() - b.publishedAt!.getTime());
  }

  /** How many items were published before `date` (they are the first ones). */
  private countBefore(date: Date): number {
    let low = 0;
    let high = this.items.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.items[mid]!.publishedAt! < date) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** A random item on sale at `date` that the buyer does not own yet, if one is found. */
  pick(random: Random, date: Date, owned: Set<string>): ItemSeed | undefined {
    const available = this.countBefore(date);
    if (available === 0) return undefined;
    for (let attempt = 0; attempt < 20; attempt++) {
      const item = this.items[random.int(0, available - 1)]!;
      if (!owned.has(item.slug)) return item;
    }
    return undefined;
  }
}

function purchase(random: Random, code: string, buyer: BuyerSeed, item: ItemSeed, purchasedAt: Date, feePercent: number): PurchaseSeed {
  const licenseType: LicenseType = random.chance(0.15) ? 'EXTENDED' : 'REGULAR';
  const price = licenseType === 'EXTENDED' ? item.extendedPriceCents : item.regularPriceCents;
  const fee = Math.round((price * feePercent) / 100);
  return {
    code,
    buyerUsername: buyer.account.username,
    item,
    licenseType,
    pricePaidCents: price,
    platformFeeCents: fee,
    authorEarningsCents: price - fee,
    supportedUntil: item.supportMonths > 0 ? addMonths(purchasedAt, item.supportMonths) : null,
    downloaded: random.chance(0.7),
    purchasedAt,
    refundState: 'NONE',
    refundedAt: null,
  };
}

/** Refunds a couple of purchases (never johndoe's: his balance is the documents' $100.00). */
function addRefunds(random: Random, purchases: PurchaseSeed[]): void {
  const candidates = purchases.filter((p) => p.buyerUsername !== JOHNDOE.username && p.purchasedAt < addDays(REFERENCE_DATE, -10));
  const [requested, ...refunded] = random.sample(candidates, 1 + Math.max(2, Math.round(purchases.length * 0.01)));
  for (const p of refunded) {
    p.refundState = 'REFUNDED';
    p.refundedAt = addHours(p.purchasedAt, random.int(2, 7 * 24));
    p.downloaded = false;
  }
  // One refund the buyer asked for and nobody has decided on yet: no money moved.
  if (requested) requested.refundState = 'REQUESTED';
}

export function buildPurchases(
  random: Random,
  buyers: readonly BuyerSeed[],
  items: readonly ItemSeed[],
  total: number,
  feePercent: number,
): PurchaseSeed[] {
  const shelf = new Shelf(items);
  const counts = purchaseCounts(buyers, total);
  const codes = new Set<string>();
  const newCode = () => {
    let code = random.uuid();
    while (codes.has(code)) code = random.uuid();
    codes.add(code);
    return code;
  };

  const purchases: PurchaseSeed[] = [];
  buyers.forEach((buyer, index) => {
    const owned = new Set<string>();
    const from = maxDate(addHours(buyer.depositAt, 1), HISTORY_START);
    for (const size of cartSizes(random, buyer, counts[index]!)) {
      const paidAt = recentDateBetween(random, from, LAST_PURCHASE);
      for (let n = 0; n < size; n++) {
        const item = shelf.pick(random, paidAt, owned);
        if (!item) continue;
        owned.add(item.slug);
        purchases.push(purchase(random, newCode(), buyer, item, paidAt, feePercent));
      }
    }
  });
  // Oldest first, so ids grow with time; a cart's items keep their order (the sort is stable).
  purchases.sort((a, b) => a.purchasedAt.getTime() - b.purchasedAt.getTime());
  addRefunds(random, purchases);
  return purchases;
}

/** Favorites: johndoe keeps several, other buyers none to a handful. */
export function buildFavorites(random: Random, buyers: readonly BuyerSeed[], items: readonly ItemSeed[]): FavoriteSeed[] {
  const published = items.filter((item) => item.status === 'PUBLISHED');
  const favorites = buyers.flatMap((buyer) => {
    const count = buyer.account.username === JOHNDOE.username ? 6 : random.int(0, 5);
    return random.sample(published, count).map((item) => ({
      username: buyer.account.username,
      itemSlug: item.slug,
      createdAt: dateBetween(random, maxDate(buyer.account.registeredAt, item.publishedAt!), addDays(REFERENCE_DATE, -1)),
    }));
  });
  return favorites.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}
