// Purchases in GraphQL: the Purchase node, the buyer's purchases on Account, code
// verification for authors, and the purchaseItem mutation.
//
// Who reads a purchase: its buyer (scope purchase:list) and the author of its item
// (purchase:verify or sales:read). Nobody else, whatever the route (connection, node(id:),
// verification). Earnings and fee are the author's business only.
import { Account } from '../accounts/schema';
import { Item } from '../catalog/schema';
import { LicenseType, RefundState } from '../generated/prisma/enums';
import { ownedWith, grantOfRule, scopeRule, scopesOfRule, viewerIdOrNone } from '../graphql/authorization';
import { builder } from '../graphql/builder';
import { offsetArgument, withTotalCount } from '../graphql/connection-fields';
import { loadPage } from '../graphql/pages';
import { needsWideColumns, wideColumn } from '../graphql/wide-columns';
import { enforceRateLimit } from '../limits/enforce';
import type { Context } from '../graphql/context';
import { Money, money } from '../shared/money-schema';
import { purchaseItem, type PurchaseOutcome } from './buy';
import { buyerPurchaseCount, buyerPurchasesPage, type PurchaseRow, type PurchaseWideField } from './buyer-page';
import { normalizePurchaseCode } from './codes';

export const LicenseTypeEnum = builder.enumType(LicenseType, {
  name: 'LicenseType',
  description: 'The license a purchase grants: REGULAR for one end product, EXTENDED for products that are sold.',
  values: {
    REGULAR: { description: 'For one end product; costs the regular price.' },
    EXTENDED: { description: 'For end products that are sold; costs the extended price.' },
  },
});

export const RefundStateEnum = builder.enumType(RefundState, {
  name: 'RefundState',
  description: 'NONE unless a refund was asked for (REQUESTED) or made (REFUNDED).',
  values: {
    NONE: { description: 'No refund was asked for.' },
    REQUESTED: { description: 'A refund was asked for and not yet made; the purchase can still be downloaded.' },
    REFUNDED: { description: 'The money was returned: the purchase can no longer be downloaded and counts in no sales totals.' },
  },
});

// ─── Who may read what ───────────────────────────────────────────────────────

type PurchaseParties = { id: number; buyerId: number; authorId: number };

// Scope maps are constants: scope-auth caches a map's outcome per request by identity, so a
// fresh object per row would be evaluated again for every field of every row.
// A buyer reads a purchase with purchase:list, or through the mutation that just made it
// (PurchaseItemPayload.purchase grants JUST_BOUGHT): a token that may only buy must still
// learn its purchase code.
const JUST_BOUGHT = 'purchaseJustMade';
const BUYER_SCOPES = { 'purchase:list': true, $granted: JUST_BOUGHT } as const;
const AUTHOR_SCOPES = { $any: { 'purchase:verify': true, 'sales:read': true } } as const;

/** The buyer with purchase:list, or the item's author with purchase:verify or sales:read. */
const purchaseReader = scopeRule(
  ['purchase:list', 'purchase:verify', 'sales:read'],
  (purchase: PurchaseParties, context: Context) => {
    const viewer = context.viewer;
    if (!viewer) return false;
    if (viewer.accountId === purchase.buyerId) return BUYER_SCOPES;
    if (viewer.accountId === purchase.authorId) return AUTHOR_SCOPES;
    return false;
  },
  { granted: JUST_BOUGHT },
);

/** The item's author only (earnings and fees). */
const purchaseAuthor = scopeRule(['purchase:verify', 'sales:read'], (purchase: PurchaseParties, context: Context) =>
  context.viewer?.accountId === purchase.authorId ? AUTHOR_SCOPES : false,
);

const onField = (rule: typeof purchaseReader) =>
  scopeRule(scopesOfRule(rule)!, (purchase: PurchaseParties, _args: unknown, context: Context) => rule(purchase, context), {
    granted: grantOfRule(rule),
  });
const readerRule = onField(purchaseReader);
const authorRule = onField(purchaseAuthor);

/** Who may read a field under readerRule, for the field descriptions. */
const READERS = "Its buyer (scope purchase:list) or its item's author (purchase:verify or sales:read) only.";

// ─── Types ───────────────────────────────────────────────────────────────────

/** A column the buyer's page reads only when the operation shows it (src/graphql/wide-columns.ts). */
const wide = <Field extends PurchaseWideField>(purchase: PurchaseRow, field: Field) => wideColumn('Purchase', purchase, field);

export const Purchase = builder.loadableNode('Purchase', {
  id: { resolve: (purchase) => purchase.id, parse: (id) => Number(id), authScopes: readerRule },
  description: 'A purchase of one item under one license. Visible to its buyer and to the author of the item only.',
  // node(id:) of someone else's purchase finds nothing, like an unknown id.
  load: (ids: number[], context: Context) =>
    context.services.db.prisma.purchase.findMany({
      where: { id: { in: ids }, OR: [{ buyerId: viewerIdOrNone(context) }, { authorId: viewerIdOrNone(context) }] },
    }),
  sort: (purchase: PurchaseRow) => purchase.id,
  authScopes: purchaseReader,
  fields: (t) => ({
    // A UUID: every code is one (src/purchases/codes.ts, and the seed's). The code arguments
    // below stay String: they forgive case and blanks, and a malformed code answers null,
    // as an unknown one does (codes cannot be probed), instead of BAD_USER_INPUT.
    code: t.expose('code', {
      type: 'UUID',
      description: 'The purchase code: the buyer gives it to the author to prove the purchase.',
      authScopes: readerRule,
    }),
    licenseType: t.field({
      type: LicenseTypeEnum,
      description: `The license bought. ${READERS}`,
      authScopes: readerRule,
      resolve: (purchase) => wide(purchase, 'licenseType'),
    }),
    price: t.field({
      type: Money,
      description: 'What the buyer paid.',
      authScopes: readerRule,
      resolve: (purchase) => money(wide(purchase, 'pricePaidCents'), wide(purchase, 'currency')),
    }),
    authorEarnings: t.field({
      type: Money,
      description: "The author's share: the price less the platform fee. The author only.",
      authScopes: authorRule,
      resolve: (purchase) => money(wide(purchase, 'authorEarningsCents'), wide(purchase, 'currency')),
    }),
    platformFee: t.field({
      type: Money,
      description: "The platform's fee. The author only.",
      authScopes: authorRule,
      resolve: (purchase) => money(wide(purchase, 'platformFeeCents'), wide(purchase, 'currency')),
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
    supportedUntil: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'End of author support; null when the item comes without support.',
      authScopes: readerRule,
      resolve: (purchase) => wide(purchase, 'supportedUntil'),
    }),
    downloaded: t.boolean({
      description: 'Whether the buyer has downloaded the item.',
      authScopes: readerRule,
      resolve: (purchase) => wide(purchase, 'downloaded'),
    }),
    purchasedAt: t.expose('purchasedAt', { type: 'DateTime', description: `When the purchase was made. ${READERS}`, authScopes: readerRule }),
    refundState: t.field({
      type: RefundStateEnum,
      description: `Whether a refund was asked for or made. ${READERS}`,
      authScopes: readerRule,
      resolve: (purchase) => wide(purchase, 'refundState'),
    }),
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
        const buyerId = viewerIdOrNone(context);
        const { db } = context.services;
        return loadPage(
          args,
          (page) => buyerPurchasesPage(db, buyerId, page, needsWideColumns(context, 'Purchase')),
          () => buyerPurchaseCount(db, buyerId),
        );
      },
    },
    { ...withTotalCount, description: 'A page of your purchases.' },
    { description: 'One of your purchases in the list.' },
  ),
  purchase: t.field({
    type: Purchase,
    nullable: true,
    description: 'One of your purchases by its code; null when you have none with that code (scope purchase:list).',
    authScopes: ownedWith('purchase:list'),
    args: { code: t.arg.string({ required: true, description: 'The purchase code; case and surrounding blanks do not matter.' }) },
    resolve: (account, args, context) => {
      // A malformed code looks up '' (never a code): the answer is null, like an unknown code.
      const code = normalizePurchaseCode(args.code) ?? '';
      return context.services.db.prisma.purchase.findFirst({ where: { code, buyerId: account.id } });
    },
  }),
}));

// ─── Verification ────────────────────────────────────────────────────────────

builder.queryFields((t) => ({
  purchase: t.field({
    type: Purchase,
    nullable: true,
    description:
      'A purchase by its code, for its buyer (scope purchase:list) or for the author of its item (scope purchase:verify; ' +
      'counts against the verification budget). Any other code answers null, as an unknown one does.',
    authScopes: { $any: { 'purchase:list': true, 'purchase:verify': true } },
    args: { code: t.arg.string({ required: true, description: 'The purchase code.' }) },
    resolve: async (_root, args, context) => {
      const viewer = context.viewer!;
      const code = normalizePurchaseCode(args.code) ?? '';
      const purchases = context.services.db.prisma.purchase;
      // As the buyer first: that costs no verification budget.
      if (viewer.scopes.has('purchase:list')) {
        const bought = await purchases.findFirst({ where: { code, buyerId: viewer.accountId } });
        if (bought || !viewer.scopes.has('purchase:verify')) return bought;
      }
      await enforceRateLimit(context, 'verification');
      return purchases.findFirst({ where: { code, authorId: viewer.accountId } });
    },
  }),
  verifyPurchase: t.field({
    type: Purchase,
    nullable: true,
    description:
      'Checks a purchase code a buyer gave you (scope purchase:verify). Returns the purchase when the code belongs to one of ' +
      'YOUR items; any other code (unknown, malformed, or for someone else’s item) answers null, the same answer, so codes cannot be probed.',
    authScopes: { 'purchase:verify': true },
    args: { code: t.arg.string({ required: true, description: 'The purchase code the buyer gave you; case and surrounding blanks do not matter.' }) },
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
  description: 'What to buy: an item and a license, with an optional key that makes retries safe.',
  fields: (t) => ({
    itemId: t.globalID({ for: Item, required: true, description: 'The global id of the item (Item.id).' }),
    license: t.field({
      type: LicenseTypeEnum,
      required: true,
      description: "The license to buy: it decides the price (the item's regular or extended price).",
    }),
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
    purchase: t.field({
      type: Purchase,
      description: 'The purchase, with its code; readable here even without purchase:list (scope purchase:create).',
      authScopes: { 'purchase:create': true },
      grantScopes: [JUST_BOUGHT],
      resolve: (outcome) => outcome.purchaseId,
    }),
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

builder.mutationFields((t) => ({
  purchaseItem: t.field({
    type: PurchaseItemPayload,
    description:
      'Buys an item with your balance (scope purchase:create). Errors: NOT_FOUND for an unknown, draft or removed item; ' +
      'BAD_USER_INPUT (field itemId) for your own item; INSUFFICIENT_FUNDS when your balance is too low (nothing is charged); ' +
      'CONFLICT when the idempotencyKey was used for another item or license.',
    authScopes: { 'purchase:create': true },
    args: { input: t.arg({ type: PurchaseItemInput, required: true, description: 'The item, the license and an optional idempotencyKey.' }) },
    resolve: (_root, { input }, context) =>
      purchaseItem(
        { prisma: context.services.db.prisma, now: context.services.now, feePercent: context.services.config.PLATFORM_FEE_PERCENT },
        { buyerId: context.viewer!.accountId, itemId: Number(input.itemId.id), license: input.license, idempotencyKey: input.idempotencyKey },
      ),
  }),
}));
