// Purchases in GraphQL: the Purchase node, the buyer's purchases on Account, code
// verification for authors, and the purchaseItem mutation.
//
// Who reads a purchase: its buyer (scope purchase:list) and the author of its item
// (purchase:verify or sales:read). Nobody else, whatever the route (connection, node(id:),
// verification). Earnings and fee are the author's business only.
import { decodeGlobalID } from '@pothos/plugin-relay';
import { Account } from '../accounts/schema';
import { Item } from '../catalog/schema';
import type { Purchase as PurchaseModel } from '../generated/prisma/client';
import { LicenseType, RefundState } from '../generated/prisma/enums';
import { ownedWith, viewerIdOrNone } from '../graphql/authorization';
import { builder } from '../graphql/builder';
import { offsetArgument, withTotalCount } from '../graphql/connection-fields';
import { loadPage } from '../graphql/pages';
import { enforceRateLimit } from '../limits/enforce';
import type { Context } from '../graphql/context';
import { badInput } from '../graphql/errors';
import { Money, money } from '../shared/money-schema';
import { purchaseItem, type PurchaseOutcome } from './buy';
import { normalizePurchaseCode } from './codes';

export const LicenseTypeEnum = builder.enumType(LicenseType, {
  name: 'LicenseType',
  description: 'The license a purchase grants: REGULAR for one end product, EXTENDED for products that are sold.',
});

export const RefundStateEnum = builder.enumType(RefundState, {
  name: 'RefundState',
  description: 'NONE unless a refund was asked for (REQUESTED) or made (REFUNDED).',
});

// ─── Who may read what ───────────────────────────────────────────────────────

/**
 * Purchases this request may show its buyer even without `purchase:list`: the one a
 * `purchaseItem` mutation just made (or replayed). A token that may only buy must still
 * learn its purchase code. Keyed by the request's context object, so it dies with it.
 */
const shownToBuyerInRequest = new WeakMap<Context, Set<number>>();

export function allowBuyerToSee(context: Context, purchaseId: number): void {
  let ids = shownToBuyerInRequest.get(context);
  if (!ids) shownToBuyerInRequest.set(context, (ids = new Set()));
  ids.add(purchaseId);
}

type PurchaseParties = { id: number; buyerId: number; authorId: number };

// Scope maps are constants: scope-auth caches a map's outcome per request by identity, so a
// fresh object per row would be evaluated again for every field of every row.
const BUYER_SCOPES = { 'purchase:list': true } as const;
const AUTHOR_SCOPES = { $any: { 'purchase:verify': true, 'sales:read': true } } as const;

/** The buyer with purchase:list, or the item's author with purchase:verify or sales:read. */
export function purchaseReader(purchase: PurchaseParties, context: Context) {
  const viewer = context.viewer;
  if (!viewer) return false;
  if (viewer.accountId === purchase.buyerId) {
    return shownToBuyerInRequest.get(context)?.has(purchase.id) ? true : BUYER_SCOPES;
  }
  if (viewer.accountId === purchase.authorId) return AUTHOR_SCOPES;
  return false;
}

/** The item's author only (earnings and fees). */
export function purchaseAuthor(purchase: PurchaseParties, context: Context) {
  const viewer = context.viewer;
  if (!viewer || viewer.accountId !== purchase.authorId) return false;
  return AUTHOR_SCOPES;
}

const readerRule = (purchase: PurchaseParties, _args: unknown, context: Context) => purchaseReader(purchase, context);
const authorRule = (purchase: PurchaseParties, _args: unknown, context: Context) => purchaseAuthor(purchase, context);

// ─── Types ───────────────────────────────────────────────────────────────────

type PurchaseRow = PurchaseModel;

export const Purchase = builder.loadableNode('Purchase', {
  id: { resolve: (purchase) => purchase.id, parse: (id) => Number(id), authScopes: readerRule },
  description: 'A purchase of one item under one license. Visible to its buyer and to the author of the item only.',
  // node(id:) of someone else's purchase finds nothing, like an unknown id.
  load: (ids: number[], context: Context) =>
    context.services.db.prisma.purchase.findMany({
      where: { id: { in: ids }, OR: [{ buyerId: viewerIdOrNone(context) }, { authorId: viewerIdOrNone(context) }] },
    }),
  sort: (purchase: PurchaseRow) => purchase.id,
  authScopes: (purchase, context) => purchaseReader(purchase, context),
  fields: (t) => ({
    code: t.exposeString('code', {
      description: 'The purchase code: the buyer gives it to the author to prove the purchase.',
      authScopes: readerRule,
    }),
    licenseType: t.expose('licenseType', { type: LicenseTypeEnum, authScopes: readerRule }),
    price: t.field({
      type: Money,
      description: 'What the buyer paid.',
      authScopes: readerRule,
      resolve: (purchase) => money(purchase.pricePaidCents, purchase.currency),
    }),
    authorEarnings: t.field({
      type: Money,
      description: "The author's share: the price less the platform fee. The author only.",
      authScopes: authorRule,
      resolve: (purchase) => money(purchase.authorEarningsCents, purchase.currency),
    }),
    platformFee: t.field({
      type: Money,
      description: "The platform's fee. The author only.",
      authScopes: authorRule,
      resolve: (purchase) => money(purchase.platformFeeCents, purchase.currency),
    }),
    item: t.field({
      type: Item,
      // Nullable on purpose: an item withdrawn since is not loaded, and one withdrawn item must
      // not wipe out a buyer's whole purchase list (non-null errors bubble up).
      nullable: true,
      description: 'The item bought. Null when the item has since been withdrawn from the catalog.',
      authScopes: readerRule,
      resolve: (purchase) => purchase.itemId,
    }),
    buyer: t.field({
      type: Account,
      description: "The buyer. Only the account's public fields can be read through here.",
      authScopes: readerRule,
      resolve: (purchase) => purchase.buyerId,
    }),
    supportedUntil: t.expose('supportedUntil', {
      type: 'DateTime',
      nullable: true,
      description: 'End of author support; null when the item comes without support.',
      authScopes: readerRule,
    }),
    downloaded: t.exposeBoolean('downloaded', { description: 'Whether the buyer has downloaded the item.', authScopes: readerRule }),
    purchasedAt: t.expose('purchasedAt', { type: 'DateTime', authScopes: readerRule }),
    refundState: t.expose('refundState', { type: RefundStateEnum, authScopes: readerRule }),
  }),
});

// ─── The buyer's purchases ───────────────────────────────────────────────────

export const NEWEST_PURCHASE_FIRST = [{ purchasedAt: 'desc' as const }, { id: 'desc' as const }];

builder.objectFields(Account, (t) => ({
  purchases: t.connection(
    {
      type: Purchase,
      description: 'Your purchases, newest first (scope purchase:list; your own account only).',
      authScopes: ownedWith('purchase:list'),
      args: offsetArgument(),
      resolve: (_account, args, context) => {
        // Rows of the viewer's own account only, even where the field is refused anyway.
        const where = { buyerId: viewerIdOrNone(context) };
        const purchases = context.services.db.prisma.purchase;
        return loadPage(args, (page) => purchases.findMany({ ...page, where, orderBy: NEWEST_PURCHASE_FIRST }), () => purchases.count({ where }));
      },
    },
    withTotalCount,
  ),
  purchase: t.field({
    type: Purchase,
    nullable: true,
    description: 'One of your purchases by its code; null when you have none with that code (scope purchase:list).',
    authScopes: ownedWith('purchase:list'),
    args: { code: t.arg.string({ required: true }) },
    resolve: (account, args, context) => {
      // A malformed code looks up '' (never a code): the answer is null, like an unknown code.
      const code = normalizePurchaseCode(args.code) ?? '';
      return context.services.db.prisma.purchase.findFirst({ where: { code, buyerId: account.id } });
    },
  }),
}));

// ─── Verification ────────────────────────────────────────────────────────────

builder.queryFields((t) => ({
  verifyPurchase: t.field({
    type: Purchase,
    nullable: true,
    description:
      'Checks a purchase code a buyer gave you (scope purchase:verify). Returns the purchase when the code belongs to one of ' +
      'YOUR items; any other code (unknown, malformed, or for someone else’s item) answers null, the same answer, so codes cannot be probed.',
    authScopes: { 'purchase:verify': true },
    args: { code: t.arg.string({ required: true }) },
    resolve: async (_root, args, context) => {
      await enforceRateLimit(context, 'verification');
      // One lookup for every case (a malformed code looks up '', never a code), so unknown,
      // malformed and other authors' codes get the same answer after the same work.
      const code = normalizePurchaseCode(args.code) ?? '';
      return context.services.db.prisma.purchase.findFirst({ where: { code, authorId: context.viewer!.accountId } });
    },
  }),
}));

// ─── Buying ──────────────────────────────────────────────────────────────────

const PurchaseItemInput = builder.inputType('PurchaseItemInput', {
  fields: (t) => ({
    // Decoded in the resolver (not t.globalID) so a wrong id is a BAD_USER_INPUT naming itemId.
    itemId: t.id({ required: true, description: 'The global id of the item (Item.id).' }),
    license: t.field({ type: LicenseTypeEnum, required: true }),
    idempotencyKey: t.string({
      required: false,
      description:
        'Any string up to 128 characters chosen by the client. A retry with the same key returns the first purchase and charges ' +
        'nothing; the same key with another item or license is a CONFLICT.',
    }),
  }),
});

const PurchaseItemPayload = builder.objectRef<PurchaseOutcome>('PurchaseItemPayload').implement({
  description: 'The purchase made (or, for a retried idempotency key, the one made the first time) and your balance.',
  fields: (t) => ({
    purchase: t.field({ type: Purchase, authScopes: { 'purchase:create': true }, resolve: (outcome) => outcome.purchaseId }),
    balance: t.field({
      type: Money,
      description: 'Your balance after the purchase (for a retried idempotencyKey: your balance now).',
      authScopes: { 'purchase:create': true },
      resolve: (outcome) => money(outcome.balanceCents, outcome.currency),
    }),
    replayed: t.exposeBoolean('replayed', {
      description: 'True when this answers a retry: the purchase was made by an earlier request with the same idempotencyKey.',
      authScopes: { 'purchase:create': true },
    }),
  }),
});

/** The database id in an Item global id; BAD_USER_INPUT for anything else. */
function itemIdFrom(globalId: string): number {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    throw badInput('itemId', 'is not an item id');
  }
  const id = Number(decoded.id);
  if (decoded.typename !== 'Item' || !/^\d{1,10}$/.test(decoded.id) || id > 2_147_483_647) {
    throw badInput('itemId', 'is not an item id');
  }
  return id;
}

builder.mutationFields((t) => ({
  purchaseItem: t.field({
    type: PurchaseItemPayload,
    description:
      'Buys an item with your balance (scope purchase:create). Errors: NOT_FOUND for an unknown, draft or removed item; ' +
      'BAD_USER_INPUT (field itemId) for your own item; INSUFFICIENT_FUNDS when your balance is too low (nothing is charged); ' +
      'CONFLICT when the idempotencyKey was used for another item or license.',
    authScopes: { 'purchase:create': true },
    args: { input: t.arg({ type: PurchaseItemInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const itemId = itemIdFrom(String(input.itemId));
      const outcome = await purchaseItem(
        { prisma: context.services.db.prisma, now: context.services.now, feePercent: context.services.config.PLATFORM_FEE_PERCENT },
        { buyerId: context.viewer!.accountId, itemId, license: input.license, idempotencyKey: input.idempotencyKey },
      );
      allowBuyerToSee(context, outcome.purchaseId);
      return outcome;
    },
  }),
}));
