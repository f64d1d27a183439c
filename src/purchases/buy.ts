// Buying an item with the buyer's balance. One transaction: lock the two accounts (buyer,
// author) in id order, debit the buyer only if the balance covers the price, credit the
// author's earnings, write the purchase and its two ledger lines, record the platform's
// fee as pending (credited by settlement, src/ledger/platform-fees.ts: no purchase waits
// on the platform's row), count the sale on the item (items.sales_count). Either all of
// it happens or none of it.
//
// Idempotency: a buyer may send an idempotencyKey; a retry with the same key returns the
// first purchase and charges nothing. The check runs after the buyer's row is locked, so
// a concurrent retry waits for the first attempt and then sees it; the unique index on
// (buyer_id, idempotency_key) is the last line of defence (P2002 → return the original).
import { PUBLIC_STATUSES } from '../catalog/visibility';
import { Prisma, type LicenseType, type PrismaClient } from '../generated/prisma/client';
import { badInput, conflict, insufficientFunds, notFound } from '../graphql/errors';
import { credit, debit, lockAccounts, platformFeeCents, writeLedgerLines } from '../ledger/ledger';
import { owePlatformFee } from '../ledger/platform-fees';
import { addMonths } from '../shared/dates';
import { newPurchaseCode } from './codes';
import { recordEvent } from '../webhooks';

export interface PurchaseRequest {
  buyerId: number;
  itemId: number;
  license: LicenseType;
  idempotencyKey?: string | null;
}

export interface PurchaseOutcome {
  purchaseId: number;
  /** The buyer's balance after the purchase (for a replay: the balance now). */
  balanceCents: bigint;
  currency: string;
  /** True when an earlier purchase with the same idempotency key was returned. */
  replayed: boolean;
}

export interface PurchaseDeps {
  prisma: PrismaClient;
  now: () => Date;
  /** PLATFORM_FEE_PERCENT. */
  feePercent: number;
}

export const IDEMPOTENCY_KEY_MAX_LENGTH = 128;

/** PGlite runs one transaction at a time: under load a purchase may queue for a while. */
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 15_000 } as const;

function checkIdempotencyKey(key: string | null | undefined): string | null {
  if (key == null) return null;
  if (key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX_LENGTH || key.trim() !== key) {
    throw badInput('idempotencyKey', `must be 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} characters without surrounding blanks`);
  }
  return key;
}

type Earlier = { id: number; itemId: number; licenseType: LicenseType };

/** An earlier purchase under the same key: the same request replays it, another one conflicts. */
function replayOrConflict(earlier: Earlier, request: PurchaseRequest): number {
  if (earlier.itemId !== request.itemId || earlier.licenseType !== request.license) {
    throw conflict('This idempotencyKey was already used for a different purchase (another item or license)');
  }
  return earlier.id;
}

const licenseName = (license: LicenseType) => (license === 'EXTENDED' ? 'Extended' : 'Regular');

export async function purchaseItem(deps: PurchaseDeps, request: PurchaseRequest): Promise<PurchaseOutcome> {
  const idempotencyKey = checkIdempotencyKey(request.idempotencyKey);
  try {
    return await deps.prisma.$transaction((tx) => buyInTransaction(tx, deps, request, idempotencyKey), TRANSACTION_OPTIONS);
  } catch (error) {
    // Two attempts with one key raced past the check (the index caught the second).
    if (idempotencyKey && error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const earlier = await deps.prisma.purchase.findUnique({
        where: { buyerId_idempotencyKey: { buyerId: request.buyerId, idempotencyKey } },
        select: { id: true, itemId: true, licenseType: true, buyer: { select: { balanceCents: true, currency: true } } },
      });
      if (earlier) {
        const purchaseId = replayOrConflict(earlier, request);
        return { purchaseId, balanceCents: earlier.buyer.balanceCents, currency: earlier.buyer.currency, replayed: true };
      }
    }
    throw error;
  }
}

async function buyInTransaction(
  tx: Prisma.TransactionClient,
  deps: PurchaseDeps,
  request: PurchaseRequest,
  idempotencyKey: string | null,
): Promise<PurchaseOutcome> {
  const { buyerId } = request;
  // Read without a lock: only its author is needed to know which accounts to lock.
  const item = await tx.item.findUnique({
    where: { id: request.itemId },
    select: {
      id: true,
      name: true,
      slug: true,
      authorId: true,
      status: true,
      regularPriceCents: true,
      extendedPriceCents: true,
      currency: true,
      supportMonths: true,
    },
  });

  const locked = await lockAccounts(tx, item ? [buyerId, item.authorId] : [buyerId]);
  const buyer = locked.find((account) => account.id === buyerId);
  if (!buyer) throw notFound('Account');

  if (idempotencyKey) {
    const earlier = await tx.purchase.findUnique({
      where: { buyerId_idempotencyKey: { buyerId, idempotencyKey } },
      select: { id: true, itemId: true, licenseType: true },
    });
    if (earlier) {
      const purchaseId = replayOrConflict(earlier, request);
      return { purchaseId, balanceCents: buyer.balanceCents, currency: buyer.currency, replayed: true };
    }
  }

  // Drafts and removed items cannot be bought, not even by their author: they do not exist for buyers.
  if (!item || !(PUBLIC_STATUSES as readonly string[]).includes(item.status)) throw notFound('Item');
  // An input problem, not a state conflict: retrying can never succeed (so BAD_USER_INPUT, not CONFLICT).
  if (item.authorId === buyerId) throw badInput('itemId', 'you cannot buy your own item');
  if (item.currency !== buyer.currency) {
    throw badInput('itemId', `the item is priced in ${item.currency}, your balance is in ${buyer.currency}`);
  }

  const price = request.license === 'EXTENDED' ? item.extendedPriceCents : item.regularPriceCents;
  const fee = platformFeeCents(price, deps.feePercent);
  const earnings = price - fee;

  const buyerBalance = await debit(tx, buyerId, price);
  if (buyerBalance === null) throw insufficientFunds();
  const authorBalance = await credit(tx, item.authorId, earnings);

  // After the locks, so an account's ledger lines are in time order as well as id order.
  const now = deps.now();
  const code = newPurchaseCode();
  const purchase = await tx.purchase.create({
    data: {
      code,
      buyerId,
      itemId: item.id,
      authorId: item.authorId,
      licenseType: request.license,
      pricePaidCents: price,
      authorEarningsCents: earnings,
      platformFeeCents: fee,
      currency: item.currency,
      supportedUntil: item.supportMonths > 0 ? addMonths(now, item.supportMonths) : null,
      purchasedAt: now,
      idempotencyKey,
    },
    select: { id: true },
  });
  // The item's public sales count, in this transaction (so it never counts a purchase that was
  // rolled back). In SQL, like the download counter: a count is not an edit of the item, so
  // updatedAt stays. The row lock it takes is held to the commit, as the accounts' are.
  await tx.$executeRaw`UPDATE "items" SET "sales_count" = "sales_count" + 1 WHERE "id" = ${item.id}`;

  const what = `${item.name} (${licenseName(request.license)} license)`;
  const common = { currency: item.currency, reference: code, purchaseId: purchase.id, createdAt: now };
  await writeLedgerLines(tx, [
    { ...common, accountId: buyerId, kind: 'PURCHASE', amountCents: -price, balanceAfterCents: buyerBalance, description: `Purchase of ${what}` },
    { ...common, accountId: item.authorId, kind: 'SALE', amountCents: earnings, balanceAfterCents: authorBalance, description: `Sale of ${what}` },
  ]);
  await owePlatformFee(tx, {
    purchaseId: purchase.id,
    amountCents: fee,
    currency: item.currency,
    reference: code,
    description: `Platform fee on ${what}`,
    createdAt: now,
  });

  // The author's webhooks hear of the sale in its transaction: never of a rolled-back one.
  await recordEvent(tx, {
    accountId: item.authorId,
    type: 'purchase.created',
    occurredAt: now,
    data: {
      purchase_code: code,
      license_type: request.license === 'EXTENDED' ? 'extended' : 'regular',
      price: { cents: price, currency: item.currency },
      author_earnings: { cents: earnings, currency: item.currency },
      item: { id: item.id, slug: item.slug, name: item.name },
      buyer: { username: buyer.username },
      purchased_at: now.toISOString(),
    },
  });

  return { purchaseId: purchase.id, balanceCents: buyerBalance, currency: buyer.currency, replayed: false };
}
