// Writes a demo plan into the database with batched multi-row INSERTs: a few dozen
// statements in all, instead of one per row. Rows are inserted oldest first, so ids grow
// with time as in a live database.
import type { Prisma } from '../../generated/prisma/client';
import type { DemoPlan } from './plan';
import { saleEvent } from './workspaces';

type Tx = Prisma.TransactionClient;

/** Rows per INSERT: well below PostgreSQL's 65,535 bind parameters for our widest table. */
const BATCH_SIZE = 1000;

async function inBatches<Row, Result>(rows: readonly Row[], write: (batch: Row[]) => Promise<Result>): Promise<Result[]> {
  const results: Result[] = [];
  for (let start = 0; start < rows.length; start += BATCH_SIZE) results.push(await write(rows.slice(start, start + BATCH_SIZE)));
  return results;
}

/** Looks up the id a natural key (username, slug, code) got; a miss is a bug in the plan. */
function idOf(ids: Map<string, number>, key: string, what: string): number {
  const id = ids.get(key);
  if (id === undefined) throw new Error(`demo seed: no ${what} "${key}"`);
  return id;
}

async function insertAccounts(tx: Tx, plan: DemoPlan, passwordHash: string): Promise<Map<string, number>> {
  const rows = plan.accounts.map((account) => ({
    username: account.username,
    email: account.email,
    firstName: account.firstName,
    lastName: account.lastName,
    passwordHash,
    role: account.role,
    plan: account.plan,
    balanceCents: plan.balances.get(account.username) ?? 0n,
    registeredAt: account.registeredAt,
    updatedAt: account.registeredAt,
    profileHeading: account.profileHeading,
    profileDescription: account.profileDescription,
    contactEmail: account.contactEmail,
    socialLinks: account.socialLinks,
    avatarUrl: account.avatarUrl,
    coverUrl: account.coverUrl,
  }));
  const created = await inBatches(rows, (data) => tx.account.createManyAndReturn({ data, select: { id: true, username: true } }));
  return new Map(created.flat().map((row) => [row.username, row.id]));
}

async function insertCategories(tx: Tx, plan: DemoPlan): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  // Two rounds: a sub-category row needs its parent's id.
  for (const parents of [true, false]) {
    const data = plan.categories
      .filter((category) => (category.parentSlug === null) === parents)
      .map((category) => ({
        name: category.name,
        slug: category.slug,
        position: category.position,
        parentId: category.parentSlug === null ? null : idOf(ids, category.parentSlug, 'category'),
      }));
    for (const row of await tx.category.createManyAndReturn({ data, select: { id: true, slug: true } })) ids.set(row.slug, row.id);
  }
  return ids;
}

async function insertItems(tx: Tx, plan: DemoPlan, accountIds: Map<string, number>, categoryIds: Map<string, number>) {
  const rows = plan.items.map((item) => {
    const latest = item.versions[item.versions.length - 1];
    return {
      authorId: idOf(accountIds, item.authorUsername, 'account'),
      name: item.name,
      slug: item.slug,
      description: item.description,
      type: item.type,
      categoryId: idOf(categoryIds, item.categorySlug, 'category'),
      subCategoryId: idOf(categoryIds, item.subCategorySlug, 'category'),
      options: item.options,
      tags: item.tags,
      demoUrl: item.demoUrl,
      thumbnailUrl: item.thumbnailUrl,
      previewImageUrl: item.previewImageUrl,
      previewVideoUrl: item.previewVideoUrl,
      previewAudioUrl: item.previewAudioUrl,
      screenshots: item.screenshots,
      regularPriceCents: item.regularPriceCents,
      extendedPriceCents: item.extendedPriceCents,
      supportMonths: item.supportMonths,
      status: item.status,
      publishedAt: item.publishedAt,
      downloadCount: plan.downloadCounts.get(item.slug) ?? 0,
      salesCount: plan.salesCounts.get(item.slug) ?? 0,
      latestVersion: latest?.version ?? null,
      createdAt: item.createdAt,
      updatedAt: latest?.releasedAt ?? item.createdAt,
    };
  });
  const created = await inBatches(rows, (data) => tx.item.createManyAndReturn({ data, select: { id: true, slug: true } }));
  const itemIds = new Map(created.flat().map((row) => [row.slug, row.id]));

  const versions = plan.items.flatMap((item) =>
    item.versions.map((version) => ({
      itemId: idOf(itemIds, item.slug, 'item'),
      version: version.version,
      changelog: version.changelog,
      releasedAt: version.releasedAt,
      fileKey: version.fileKey,
      fileName: version.fileName,
      fileSize: version.file.byteLength,
      fileSha256: version.fileSha256,
    })),
  );
  await inBatches(versions, (data) => tx.itemVersion.createMany({ data }));
  return itemIds;
}

async function insertPurchases(tx: Tx, plan: DemoPlan, accountIds: Map<string, number>, itemIds: Map<string, number>) {
  const rows = plan.purchases.map((p) => ({
    code: p.code,
    buyerId: idOf(accountIds, p.buyerUsername, 'account'),
    itemId: idOf(itemIds, p.item.slug, 'item'),
    authorId: idOf(accountIds, p.item.authorUsername, 'account'),
    licenseType: p.licenseType,
    pricePaidCents: p.pricePaidCents,
    authorEarningsCents: p.authorEarningsCents,
    platformFeeCents: p.platformFeeCents,
    supportedUntil: p.supportedUntil,
    downloaded: p.downloaded,
    purchasedAt: p.purchasedAt,
    refundState: p.refundState,
    refundedAt: p.refundedAt,
  }));
  const created = await inBatches(rows, (data) => tx.purchase.createManyAndReturn({ data, select: { id: true, code: true } }));
  const purchaseIds = new Map(created.flat().map((row) => [row.code, row.id]));

  const entries = plan.ledger.map((entry) => ({
    accountId: idOf(accountIds, entry.username, 'account'),
    kind: entry.kind,
    amountCents: entry.amountCents,
    balanceAfterCents: entry.balanceAfterCents,
    reference: entry.reference,
    description: entry.description,
    purchaseId: entry.purchaseCode === null ? null : idOf(purchaseIds, entry.purchaseCode, 'purchase'),
    createdAt: entry.createdAt,
  }));
  await inBatches(entries, (data) => tx.ledgerEntry.createMany({ data }));
}

async function insertCommunity(tx: Tx, plan: DemoPlan, accountIds: Map<string, number>, itemIds: Map<string, number>) {
  const favorites = plan.favorites.map((f) => ({
    accountId: idOf(accountIds, f.username, 'account'),
    itemId: idOf(itemIds, f.itemSlug, 'item'),
    createdAt: f.createdAt,
  }));
  await inBatches(favorites, (data) => tx.favorite.createMany({ data }));

  const workspaces = await tx.workspace.createManyAndReturn({
    data: plan.workspaces.map((w) => ({
      name: w.name,
      slug: w.slug,
      ownerId: idOf(accountIds, w.ownerUsername, 'account'),
      createdAt: w.createdAt,
      updatedAt: w.createdAt,
    })),
    select: { id: true, slug: true },
  });
  const workspaceIds = new Map(workspaces.map((row) => [row.slug, row.id]));
  await tx.workspaceMember.createMany({
    data: plan.workspaces.flatMap((w) =>
      w.members.map((m) => ({
        workspaceId: idOf(workspaceIds, w.slug, 'workspace'),
        accountId: idOf(accountIds, m.username, 'account'),
        role: m.role,
        joinedAt: m.joinedAt,
      })),
    ),
  });

  for (const webhook of plan.webhooks) {
    await tx.webhook.create({
      data: {
        accountId: idOf(accountIds, webhook.ownerUsername, 'account'),
        url: webhook.url,
        events: webhook.events,
        secret: webhook.secret,
        createdAt: webhook.createdAt,
        updatedAt: webhook.createdAt,
        deliveries: {
          createMany: { data: webhook.deliveries.map(({ sale, ...d }) => ({ ...d, payload: saleEvent(sale) as Prisma.InputJsonObject })) },
        },
      },
    });
  }
}

export async function insertPlan(tx: Tx, plan: DemoPlan, passwordHash: string): Promise<void> {
  const accountIds = await insertAccounts(tx, plan, passwordHash);
  const categoryIds = await insertCategories(tx, plan);
  const itemIds = await insertItems(tx, plan, accountIds, categoryIds);
  await insertPurchases(tx, plan, accountIds, itemIds);
  await insertCommunity(tx, plan, accountIds, itemIds);
}
