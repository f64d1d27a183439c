// Version checks for auto-updaters (002_…: GET /api/version/{slug}, POST /api/version/check).
//
// Versions are compared as Semantic Versioning 2.0.0 (https://semver.org): MAJOR.MINOR.PATCH,
// numeric parts compared as numbers (1.10.0 > 1.9.0), a pre-release sorts before its
// release (1.0.0-beta < 1.0.0), build metadata (+…) is ignored. A version a client sends
// must be strict SemVer (no "v" prefix, no "1.2"); anything else is BAD_USER_INPUT naming
// the entry.
//
// Choices where the documents are silent:
// - The answer has one entry per entry sent, in the same order (duplicates included), so a
//   client can zip them. An unknown slug, or an item the caller may not see, is reported
//   with latestVersion null and updateAvailable false rather than failing the whole batch:
//   one delisted plugin must not stop a site from updating the rest.
// - A stored latest version that is not SemVer (versions are free text when published)
//   counts as an update whenever it differs from the version sent.
// - The batch is one SQL statement, whatever its size; at most 100 entries.
import type { PrismaClient } from '../generated/prisma/client';
import type { Viewer } from '../graphql/context';
import { badInput } from '../graphql/errors';
import { visibleItemWhere } from './visibility';

export const MAX_VERSION_CHECKS = 100;
const MAX_VERSION_LENGTH = 256;

export interface SemVer {
  /** Decimal strings without leading zeros: compared by length, then text, so any size is exact. */
  core: [string, string, string];
  prerelease: string[];
}

const NUMERIC = '0|[1-9]\\d*';
const PRERELEASE_ID = `(?:${NUMERIC}|\\d*[A-Za-z-][0-9A-Za-z-]*)`;
const SEMVER = new RegExp(
  `^(${NUMERIC})\\.(${NUMERIC})\\.(${NUMERIC})(?:-(${PRERELEASE_ID}(?:\\.${PRERELEASE_ID})*))?(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?$`,
);

export function parseSemVer(text: string): SemVer | null {
  if (text.length > MAX_VERSION_LENGTH) return null;
  const match = SEMVER.exec(text);
  if (!match) return null;
  return { core: [match[1]!, match[2]!, match[3]!], prerelease: match[4] ? match[4].split('.') : [] };
}

function compareNumeric(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

const isNumeric = (id: string) => /^\d+$/.test(id);

/** < 0 when a is older than b, 0 when they have the same precedence, > 0 when a is newer. */
export function compareSemVer(a: SemVer, b: SemVer): number {
  for (let i = 0; i < 3; i++) {
    const order = compareNumeric(a.core[i]!, b.core[i]!);
    if (order !== 0) return order;
  }
  // A version without pre-release is newer than the same version with one.
  if (a.prerelease.length === 0 || b.prerelease.length === 0) return b.prerelease.length - a.prerelease.length;
  for (let i = 0; i < Math.min(a.prerelease.length, b.prerelease.length); i++) {
    const x = a.prerelease[i]!;
    const y = b.prerelease[i]!;
    if (x === y) continue;
    if (isNumeric(x) && isNumeric(y)) return compareNumeric(x, y);
    if (isNumeric(x) !== isNumeric(y)) return isNumeric(x) ? -1 : 1; // numeric ids sort first
    return x < y ? -1 : 1;
  }
  return a.prerelease.length - b.prerelease.length;
}

/** Whether `latestText` is newer than the version sent (see the file comment for non-SemVer latest versions). */
export function isUpdate(current: SemVer, currentText: string, latestText: string): boolean {
  const latest = parseSemVer(latestText);
  if (!latest) return latestText !== currentText;
  return compareSemVer(latest, current) > 0;
}

export interface VersionCheckInput {
  slug: string;
  version: string;
}

export interface VersionCheckResult {
  slug: string;
  /** The version the client sent, as sent. */
  currentVersion: string;
  /** The newest version the caller can see; null for an unknown or hidden item. */
  latestVersion: string | null;
  updateAvailable: boolean;
}

/** Latest versions of the visible items among `slugs`, in one statement. */
async function latestVersions(prisma: PrismaClient, viewer: Viewer | null, slugs: string[]): Promise<Map<string, string | null>> {
  if (slugs.length === 0) return new Map();
  const rows = await prisma.item.findMany({
    where: { AND: [{ slug: { in: slugs } }, visibleItemWhere(viewer)] },
    select: { slug: true, latestVersion: true },
  });
  return new Map(rows.map((row) => [row.slug, row.latestVersion]));
}

export async function checkVersions(
  prisma: PrismaClient,
  viewer: Viewer | null,
  products: readonly VersionCheckInput[],
): Promise<VersionCheckResult[]> {
  if (products.length > MAX_VERSION_CHECKS) {
    throw badInput('products', `at most ${MAX_VERSION_CHECKS} entries per check, got ${products.length}`);
  }
  // Every entry is validated before anything is read.
  const parsed = products.map((product, index) => {
    const version = parseSemVer(product.version);
    if (!version) {
      throw badInput(
        `products[${index}].version`,
        `"${product.version.slice(0, 64)}" (for "${product.slug.slice(0, 64)}") is not a semantic version such as 1.2.0`,
      );
    }
    return version;
  });
  const latest = await latestVersions(prisma, viewer, [...new Set(products.map((product) => product.slug))]);
  return products.map((product, index) => {
    const latestVersion = latest.get(product.slug) ?? null;
    return {
      slug: product.slug,
      currentVersion: product.version,
      latestVersion,
      updateAvailable: latestVersion !== null && isUpdate(parsed[index]!, product.version, latestVersion),
    };
  });
}

export interface LatestVersionInfo {
  slug: string;
  version: string;
  changelog: string;
  releasedAt: Date;
}

/** The latest release of a visible item; null for an unknown or hidden item, or one with no release yet. */
export async function findLatestVersion(prisma: PrismaClient, viewer: Viewer | null, slug: string): Promise<LatestVersionInfo | null> {
  const item = await prisma.item.findFirst({
    where: { AND: [{ slug }, visibleItemWhere(viewer)] },
    select: { id: true, slug: true, latestVersion: true },
  });
  if (!item?.latestVersion) return null;
  const release = await prisma.itemVersion.findUnique({
    where: { itemId_version: { itemId: item.id, version: item.latestVersion } },
    select: { version: true, changelog: true, releasedAt: true },
  });
  return release ? { slug: item.slug, ...release } : null;
}
