// Downloads: a buyer asks for a link to the latest version of an item they bought (a
// DownloadGrant row, short-lived), and the gateway serves the file to whoever presents
// the signed link before it expires.
import { PUBLIC_STATUSES } from '../catalog/visibility';
import type { Config } from '../config';
import type { PrismaClient } from '../generated/prisma/client';
import { forbidden, notFound } from '../graphql/errors';
import { recordEvent } from '../webhooks';
import { downloadLinkPath } from './links';

export interface DownloadLink {
  /** Absolute when the gateway's origin is known, else a path on the gateway. */
  url: string;
  expiresAt: Date;
  fileName: string;
  fileSize: number;
  version: string;
  sha256: string;
}

export interface IssueDownloadOptions {
  prisma: PrismaClient;
  config: Pick<Config, 'APP_SECRET' | 'DOWNLOAD_LINK_TTL'>;
  now: Date;
  buyerId: number;
  /** Which purchase: by its code, or the buyer's newest (not refunded) purchase of the item with this slug. */
  purchase: { code: string } | { itemSlug: string };
  /** Origin the link is made absolute against, e.g. "https://market.example.com". */
  origin?: string;
}

/**
 * Issues a link to the latest version of a purchased item. An unknown code, somebody
 * else's purchase and a refunded one all give the same NOT_FOUND, so a caller cannot tell
 * which codes exist. By slug: NOT_FOUND for an unknown slug (items are public), FORBIDDEN
 * when the buyer has no purchase of it, unless the item is free (regular price 0) and
 * public (published or unlisted): 002_… lets anyone signed in download a free product
 * without buying it, so the grant is then the account's, not a purchase's (the download
 * budget still counts it, and the item's download count still grows). A refund that is
 * only REQUESTED still allows downloads. The item's status does not matter for a
 * purchase: a buyer keeps what they paid for even after the item is removed.
 */
export async function issueDownloadLink(options: IssueDownloadOptions): Promise<DownloadLink> {
  const { prisma, config, now } = options;
  const itemSelect = { id: true, slug: true, name: true, latestVersion: true } as const;
  const select = { id: true, code: true, itemId: true, item: { select: itemSelect } } as const;
  const notRefunded = { buyerId: options.buyerId, refundState: { not: 'REFUNDED' as const } };
  let purchase: { id: number; code: string; itemId: number; item: { id: number; slug: string; name: string; latestVersion: string | null } } | null;
  /** A free item downloaded without a purchase. */
  let free: { id: number; slug: string; name: string; latestVersion: string | null } | null = null;
  if ('code' in options.purchase) {
    purchase = await prisma.purchase.findFirst({ where: { code: options.purchase.code, ...notRefunded }, select });
    if (!purchase) throw notFound('Purchase');
  } else {
    const item = await prisma.item.findUnique({
      where: { slug: options.purchase.itemSlug },
      select: { ...itemSelect, status: true, regularPriceCents: true },
    });
    purchase = item
      ? await prisma.purchase.findFirst({ where: { itemId: item.id, ...notRefunded }, orderBy: [{ purchasedAt: 'desc' }, { id: 'desc' }], select })
      : null;
    const isPublic = Boolean(item && (PUBLIC_STATUSES as readonly string[]).includes(item.status));
    if (!purchase && item && isPublic && item.regularPriceCents === 0) free = item;
    else if (!purchase) {
      // A draft or removed item nobody let you buy is as unknown as a slug that names nothing:
      // the answer must not tell that it exists. Only a public item is "not purchased".
      if (!item || !isPublic) throw notFound('Item');
      throw forbidden('You have not purchased this item');
    }
  }
  const item = purchase?.item ?? free!;
  // The latest version is the one the catalog and the version checks call latest.
  const latest = item.latestVersion;
  const version = latest
    ? await prisma.itemVersion.findUnique({
        where: { itemId_version: { itemId: item.id, version: latest } },
        select: { id: true, version: true, fileName: true, fileSize: true, fileSha256: true },
      })
    : null;
  if (!version) throw notFound('Downloadable version');

  // Whole seconds: the expiry travels in the link as a unix time.
  const expires = Math.floor(now.getTime() / 1000) + config.DOWNLOAD_LINK_TTL;
  const expiresAt = new Date(expires * 1000);
  const code = purchase?.code ?? null;
  // The buyer's webhooks hear of the link in the transaction that grants it.
  const grant = await prisma.$transaction(async (tx) => {
    const created = await tx.downloadGrant.create({
      data: { ...(purchase ? { purchaseId: purchase.id } : { accountId: options.buyerId }), versionId: version.id, createdAt: now, expiresAt },
      select: { id: true },
    });
    await recordEvent(tx, {
      accountId: options.buyerId,
      type: 'download.issued',
      occurredAt: now,
      data: {
        purchase_code: code,
        item: { id: item.id, slug: item.slug, name: item.name },
        version: version.version,
        expires_at: expiresAt.toISOString(),
      },
    });
    return created;
  });
  const path = downloadLinkPath(config.APP_SECRET, { grantId: grant.id, expires });
  return {
    url: options.origin ? new URL(path, options.origin).toString() : path,
    expiresAt,
    fileName: version.fileName,
    fileSize: version.fileSize,
    version: version.version,
    sha256: version.fileSha256,
  };
}

export interface GrantForDownload {
  id: number;
  expiresAt: Date;
  downloadedAt: Date | null;
  /** Null for a free item downloaded without a purchase. */
  purchase: { id: number; itemId: number; refundState: string } | null;
  version: { itemId: number; fileKey: string; fileName: string; fileSha256: string };
}

export function findGrant(prisma: PrismaClient, grantId: number): Promise<GrantForDownload | null> {
  return prisma.downloadGrant.findUnique({
    where: { id: grantId },
    select: {
      id: true,
      expiresAt: true,
      downloadedAt: true,
      purchase: { select: { id: true, itemId: true, refundState: true } },
      version: { select: { itemId: true, fileKey: true, fileName: true, fileSha256: true } },
    },
  });
}

/**
 * Records a download in one transaction: the grant's downloadedAt, the purchase's
 * `downloaded` flag (a free download has no purchase) and the item's download count. A grant counts once: fetching the same
 * link again (a resumed or retried download) serves the file but counts nothing.
 * Returns whether this was the grant's first download.
 */
export async function recordDownload(prisma: PrismaClient, grant: GrantForDownload, now: Date): Promise<boolean> {
  // Only `tx` inside: on PGlite the root client would wait for this transaction (one connection).
  return prisma.$transaction(async (tx) => {
    const first = await tx.downloadGrant.updateMany({ where: { id: grant.id, downloadedAt: null }, data: { downloadedAt: now } });
    if (first.count === 0) return false;
    if (grant.purchase) await tx.purchase.update({ where: { id: grant.purchase.id }, data: { downloaded: true }, select: { id: true } });
    // Raw, because a Prisma update would also move the item's @updatedAt, which means "content changed".
    await tx.$executeRaw`UPDATE "items" SET "download_count" = "download_count" + 1 WHERE "id" = ${grant.version.itemId}`;
    return true;
  });
}
