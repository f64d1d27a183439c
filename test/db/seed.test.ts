// The demo seed: johndoe as the documents show him, books that balance, release files
// that match their checksums, the same rows on every run, and dates that end when it runs.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client';
import { applyMigrations } from '../../src/db/migrations';
import { DEMO_ACCOUNTS, JOHNDOE_PURCHASE_COUNT, findJohnDoe, seedDemoData, seedIfEmpty, wipeData, type SeedSummary } from '../../src/db/seed';
import { REFERENCE_DATE } from '../../src/db/seed/dates';
import { buildDemoPlan } from '../../src/db/seed/plan';
import { addMonths } from '../../src/shared/dates';
import { LocalFileStore, type FileStore, type StoredFile } from '../../src/downloads/file-store';
import { openTestDatabase, type TestDatabase } from '../support/databases';

class MemoryFileStore implements FileStore {
  readonly files = new Map<string, Uint8Array>();

  async put(key: string, data: Uint8Array | string): Promise<void> {
    this.files.set(key, typeof data === 'string' ? new TextEncoder().encode(data) : data);
  }

  async open(key: string): Promise<StoredFile | null> {
    const data = this.files.get(key);
    return data ? { size: data.byteLength, body: new Blob([new Uint8Array(data)]).stream() } : null;
  }

  async exists(key: string): Promise<boolean> {
    return this.files.has(key);
  }
}

/** Every seeded row of every table (password hashes aside: each has a fresh salt). */
async function seededRows(db: Database) {
  const { prisma } = db;
  const byId = { orderBy: { id: 'asc' } } as const;
  return {
    accounts: await prisma.account.findMany({ ...byId, omit: { passwordHash: true } }),
    categories: await prisma.category.findMany(byId),
    items: await prisma.item.findMany(byId),
    versions: await prisma.itemVersion.findMany(byId),
    purchases: await prisma.purchase.findMany(byId),
    ledger: await prisma.ledgerEntry.findMany(byId),
    favorites: await prisma.favorite.findMany(byId),
    workspaces: await prisma.workspace.findMany(byId),
    members: await prisma.workspaceMember.findMany({ orderBy: [{ workspaceId: 'asc' }, { accountId: 'asc' }] }),
    webhooks: await prisma.webhook.findMany(byId),
    deliveries: await prisma.webhookDelivery.findMany(byId),
  };
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * The rows as one hash. `withoutDates`: every date (a Date, or an instant in a JSON
 * payload) counts as the same value, for seeds made at different moments.
 */
async function digest(db: Database, { withoutDates = false } = {}): Promise<string> {
  const tables = await seededRows(db);
  const json = JSON.stringify(tables, function (key, value) {
    const raw = (this as Record<string, unknown>)[key];
    if (withoutDates && (raw instanceof Date || (typeof raw === 'string' && ISO_INSTANT.test(raw)))) return 'a date';
    return typeof value === 'bigint' ? value.toString() : value;
  });
  return createHash('sha256').update(json).digest('hex');
}

/** Every Date in a value, with the key it sits under, in a fixed order. */
function datesOf(value: unknown, key = '', into: Array<{ key: string; date: Date }> = []) {
  if (value instanceof Date) into.push({ key, date: value });
  else if (Array.isArray(value)) for (const entry of value) datesOf(entry, key, into);
  else if (value instanceof Map) for (const [name, entry] of value) datesOf(entry, String(name), into);
  else if (value && typeof value === 'object') for (const [name, entry] of Object.entries(value)) datesOf(entry, name, into);
  return into;
}

/** How many rows a query that looks for broken rows found (portable: PostgreSQL returns counts as strings). */
async function violations(db: Database, sql: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) AS broken`);
  return Number(row?.n);
}

let fresh: Database;
let freshFiles: MemoryFileStore;
let summary: SeedSummary;
let seedMs: number;
/** The moment the fresh database was seeded at. */
let seededAt: Date;
/** A copy of the database global setup seeded (PGlite, or the PostgreSQL server with TEST_DATABASE=postgres). */
let template: TestDatabase;

beforeAll(async () => {
  fresh = await openDatabase({ dataDir: 'memory://' });
  await applyMigrations(fresh);
  freshFiles = new MemoryFileStore();
  const started = performance.now();
  seededAt = new Date();
  summary = await seedDemoData(fresh.prisma, { password: 'seed-test-password', fileStore: freshFiles, now: seededAt });
  seedMs = performance.now() - started;
  template = await openTestDatabase();
});

afterAll(async () => {
  await fresh?.close();
  await template?.close();
});

describe('seedDemoData', () => {
  it('fills an empty embedded database in a few seconds', () => {
    expect(seedMs).toBeLessThan(15_000);
    expect(summary.items).toBeGreaterThanOrEqual(200);
    expect(summary.purchases).toBeGreaterThanOrEqual(300);
  });

  it('creates johndoe exactly as the API documents show him, $100.00 left after his purchases', async () => {
    const johndoe = await findJohnDoe(fresh.prisma);
    expect(johndoe).toMatchObject({
      username: 'johndoe',
      email: 'john.doe@example.com',
      firstName: 'John',
      lastName: 'Doe',
      role: 'BUYER',
      plan: 'FREE',
      balanceCents: 10_000n,
      currency: 'USD',
      profileHeading: 'Profile Heading',
      profileDescription: 'Profile Description',
      contactEmail: 'contact@example.com',
      socialLinks: { facebook: '/', x: '/' },
      avatarUrl: 'https://example.com/avatar.jpg',
      coverUrl: 'https://example.com/cover.jpg',
      registeredAt: new Date('2024-04-27T12:00:00Z'),
    });
  });

  it('gives johndoe a dozen purchases, some paid at the same instant, and several favorites', async () => {
    const johndoe = await findJohnDoe(fresh.prisma);
    const purchases = await fresh.prisma.purchase.findMany({ where: { buyerId: johndoe.id } });
    expect(purchases).toHaveLength(JOHNDOE_PURCHASE_COUNT);
    expect(purchases.length).toBeGreaterThanOrEqual(10);
    expect(purchases.length).toBeLessThanOrEqual(15);
    const instants = new Set(purchases.map((p) => p.purchasedAt.getTime()));
    expect(instants.size).toBeLessThan(purchases.length); // ties, for pagination tests
    expect(await fresh.prisma.favorite.count({ where: { accountId: johndoe.id } })).toBeGreaterThanOrEqual(3);
  });

  it('creates the documented accounts and a population of buyers', async () => {
    const accounts = await fresh.prisma.account.findMany();
    const byName = new Map(accounts.map((a) => [a.username, a]));
    const authors = DEMO_ACCOUNTS.authors.map((a) => byName.get(a.username));
    expect(authors.length).toBeGreaterThanOrEqual(3);
    for (const author of authors) expect(author?.role).toBe('AUTHOR');
    expect(authors.some((author) => author?.plan === 'PRO')).toBe(true);
    expect(byName.get(DEMO_ACCOUNTS.admin.username)?.role).toBe('ADMIN');
    expect(byName.get(DEMO_ACCOUNTS.platform.username)?.role).toBe('ADMIN');
    const otherBuyers = accounts.filter((a) => a.role === 'BUYER' && a.username !== 'johndoe');
    expect(otherBuyers.length).toBeGreaterThanOrEqual(5);
    expect(summary.accounts).toBe(accounts.length);
  });

  it('builds categories with sub-categories and a catalog of every type', async () => {
    const categories = await fresh.prisma.category.findMany({ include: { subCategories: true } });
    const parents = categories.filter((c) => c.parentId === null);
    expect(parents.map((c) => c.slug).sort()).toEqual(['audio', 'plugins', 'scripts', 'themes', 'video']);
    for (const parent of parents) expect(parent.subCategories.length).toBeGreaterThanOrEqual(2);

    const byType = await fresh.prisma.item.groupBy({ by: ['type'], _count: true });
    expect(byType.map((g) => g.type).sort()).toEqual(['AUDIO', 'PLUGIN', 'SCRIPT', 'THEME', 'VIDEO']);
    const byStatus = await fresh.prisma.item.groupBy({ by: ['status'], _count: true });
    const statusCount = Object.fromEntries(byStatus.map((g) => [g.status, g._count]));
    expect(statusCount.PUBLISHED).toBeGreaterThan(summary.items / 2);
    expect(statusCount.DRAFT).toBeGreaterThan(0);
    expect(statusCount.UNLISTED).toBeGreaterThan(0);
  });

  it('keeps every item consistent: prices, media by type, dates, sub-category under its category', async () => {
    expect(await violations(fresh, `SELECT id FROM items WHERE extended_price_cents <= regular_price_cents OR regular_price_cents <= 0`)).toBe(0);
    expect(await violations(fresh, `SELECT id FROM items WHERE support_months NOT IN (0, 6, 12)`)).toBe(0);
    expect(await violations(fresh, `SELECT id FROM items WHERE (status = 'DRAFT') <> (published_at IS NULL)`)).toBe(0);
    // The documents: no preview image for audio; audio and video previews only on their own type.
    expect(
      await violations(
        fresh,
        `SELECT id FROM items WHERE (type = 'AUDIO') <> (preview_image_url IS NULL)
            OR (type = 'AUDIO') <> (preview_audio_url IS NOT NULL)
            OR (type = 'VIDEO') <> (preview_video_url IS NOT NULL)`,
      ),
    ).toBe(0);
    expect(await violations(fresh, `SELECT i.id FROM items i JOIN categories s ON s.id = i.sub_category_id WHERE s.parent_id <> i.category_id`)).toBe(
      0,
    );
  });

  it('gives every item 1–4 releases, semver and dates ascending, the newest as latestVersion', async () => {
    const items = await fresh.prisma.item.findMany({ include: { versions: { orderBy: { releasedAt: 'asc' } } } });
    const semver = (v: string) => v.split('.').map(Number) as [number, number, number];
    const compare = (a: string, b: string) => {
      const [x, y] = [semver(a), semver(b)];
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
    };
    for (const item of items) {
      expect(item.versions.length).toBeGreaterThanOrEqual(1);
      expect(item.versions.length).toBeLessThanOrEqual(4);
      for (let i = 1; i < item.versions.length; i++) {
        expect(compare(item.versions[i - 1]!.version, item.versions[i]!.version)).toBeLessThan(0);
        expect(item.versions[i - 1]!.releasedAt < item.versions[i]!.releasedAt).toBe(true);
      }
      expect(item.latestVersion).toBe(item.versions.at(-1)!.version);
    }
    const changelogs = items.flatMap((item) => item.versions.slice(1).map((v) => v.changelog));
    expect(changelogs.length).toBeGreaterThan(0);
    for (const changelog of changelogs) expect(changelog).toMatch(/^- (Fixed|Added|Improved) .+(\n- (Fixed|Added|Improved) .+)*$/);
  });

  it('prices every purchase by its license and splits it 70/30 between author and platform', async () => {
    expect(
      await violations(
        fresh,
        `SELECT p.id FROM purchases p JOIN items i ON i.id = p.item_id
          WHERE p.price_paid_cents <> CASE p.license_type WHEN 'EXTENDED' THEN i.extended_price_cents ELSE i.regular_price_cents END
             OR p.platform_fee_cents <> round(p.price_paid_cents * 0.30)
             OR p.author_earnings_cents <> p.price_paid_cents - p.platform_fee_cents
             OR p.author_id <> i.author_id
             OR (i.support_months = 0) <> (p.supported_until IS NULL)
             OR p.supported_until <> p.purchased_at + make_interval(months => i.support_months)
             OR p.purchased_at < i.published_at
             OR length(p.code) <> 36`,
      ),
    ).toBe(0);
    const refunds = await fresh.prisma.purchase.count({ where: { refundState: 'REFUNDED', refundedAt: { not: null } } });
    expect(refunds).toBeGreaterThanOrEqual(2);
  });

  it('counts each item’s sales on its row: the purchases that were not refunded', async () => {
    expect(
      await violations(
        fresh,
        `SELECT i.id FROM items i
          WHERE i.sales_count <> (SELECT count(*) FROM purchases p WHERE p.item_id = i.id AND p.refund_state <> 'REFUNDED')`,
      ),
    ).toBe(0);
    // Refunded sales exist, and are left out: the counts add up to fewer than all purchases.
    const [sums] = await fresh.query<{ counted: number; all: number }>(
      `SELECT (SELECT sum(sales_count) FROM items)::int AS counted, (SELECT count(*) FROM purchases)::int AS all`,
    );
    expect(Number(sums?.counted)).toBeGreaterThan(0);
    expect(Number(sums?.counted)).toBeLessThan(Number(sums?.all));
  });

  it('balances the books: balance = sum of entries = last running balance, never negative', async () => {
    // Each entry's balanceAfter is the running total of its account, in (createdAt, id) order.
    expect(
      await violations(
        fresh,
        `SELECT id FROM (
           SELECT id, balance_after_cents,
                  sum(amount_cents) OVER (PARTITION BY account_id ORDER BY created_at, id) AS running
             FROM ledger_entries) e
          WHERE balance_after_cents <> running OR running < 0`,
      ),
    ).toBe(0);
    expect(
      await violations(
        fresh,
        `SELECT a.id FROM accounts a
           LEFT JOIN LATERAL (SELECT balance_after_cents FROM ledger_entries l WHERE l.account_id = a.id
                              ORDER BY created_at DESC, id DESC LIMIT 1) last ON true
          WHERE a.balance_cents <> COALESCE((SELECT sum(amount_cents) FROM ledger_entries l WHERE l.account_id = a.id), 0)
             OR a.balance_cents <> COALESCE(last.balance_after_cents, 0)
             OR a.balance_cents < 0`,
      ),
    ).toBe(0);
    // Money only moves between accounts: what is in them is what was deposited.
    const [money] = await fresh.query<{ balances: string; deposits: string }>(
      `SELECT (SELECT sum(balance_cents) FROM accounts)::text AS balances,
              (SELECT sum(amount_cents) FROM ledger_entries WHERE kind = 'DEPOSIT')::text AS deposits`,
    );
    expect(money?.balances).toBe(money?.deposits);
  });

  it('starts every buyer with a deposit and books each sale, and each refund, as lines that cancel out', async () => {
    expect(
      await violations(
        fresh,
        `SELECT a.id FROM accounts a WHERE a.role = 'BUYER'
            AND (SELECT count(*) FROM ledger_entries l WHERE l.account_id = a.id AND l.kind = 'DEPOSIT') <> 1`,
      ),
    ).toBe(0);
    expect(
      await violations(
        fresh,
        `SELECT * FROM (
           SELECT DISTINCT ON (l.account_id) l.account_id, l.kind
             FROM ledger_entries l JOIN accounts a ON a.id = l.account_id
            WHERE a.role = 'BUYER'
            ORDER BY l.account_id, l.created_at, l.id) first
          WHERE kind <> 'DEPOSIT'`,
      ),
    ).toBe(0);
    expect(
      await violations(
        fresh,
        `SELECT p.id FROM purchases p JOIN ledger_entries l ON l.purchase_id = p.id
          GROUP BY p.id, p.refund_state
         HAVING sum(l.amount_cents) <> 0
             OR count(*) <> CASE p.refund_state WHEN 'REFUNDED' THEN 6 ELSE 3 END
             OR bool_or(l.reference <> p.code)`,
      ),
    ).toBe(0);
    expect(await violations(fresh, `SELECT id FROM purchases p WHERE NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.purchase_id = p.id)`)).toBe(
      0,
    );
  });

  it('stores every release file with the recorded size and SHA-256, as a ZIP archive', async () => {
    const versions = await fresh.prisma.itemVersion.findMany();
    expect(freshFiles.files.size).toBe(versions.length);
    for (const version of versions) {
      const bytes = freshFiles.files.get(version.fileKey);
      expect(bytes, version.fileKey).toBeDefined();
      expect(bytes!.byteLength).toBe(version.fileSize);
      expect(createHash('sha256').update(bytes!).digest('hex')).toBe(version.fileSha256);
      expect(Buffer.from(bytes!.subarray(0, 4)).toString('latin1')).toBe('PK\x03\x04');
    }
  });

  it('adds workspaces with members and a webhook with a delivery log', async () => {
    const workspaces = await fresh.prisma.workspace.findMany({ include: { members: true } });
    expect(workspaces.length).toBeGreaterThanOrEqual(3);
    for (const workspace of workspaces) {
      expect(workspace.members.find((m) => m.role === 'OWNER')?.accountId).toBe(workspace.ownerId);
      expect(workspace.members.length).toBeGreaterThanOrEqual(2);
    }
    const webhooks = await fresh.prisma.webhook.findMany({ include: { deliveries: true } });
    expect(webhooks).toHaveLength(1);
    expect(webhooks[0]!.deliveries.length).toBeGreaterThanOrEqual(2);
  });
});

describe('dates', () => {
  it('end when the seed runs: nothing after it, the newest purchases minutes before it', async () => {
    const [latest] = await fresh.query<Record<string, Date | null>>(
      `SELECT (SELECT max(purchased_at) FROM purchases) AS purchases,
              (SELECT max(created_at) FROM ledger_entries) AS ledger,
              (SELECT max(greatest(created_at, published_at)) FROM items) AS items,
              (SELECT max(released_at) FROM item_versions) AS versions,
              (SELECT max(created_at) FROM favorites) AS favorites,
              (SELECT max(joined_at) FROM workspace_members) AS members,
              (SELECT max(created_at) FROM webhook_deliveries) AS deliveries,
              (SELECT max(refunded_at) FROM purchases) AS refunds`,
    );
    for (const [what, date] of Object.entries(latest!)) {
      expect(new Date(date!).getTime(), what).toBeLessThanOrEqual(seededAt.getTime());
    }
    const newest = new Date(latest!.purchases!);
    expect(seededAt.getTime() - newest.getTime()).toBeLessThan(60 * 60_000);
  });

  it('give the last 30 days and the last week sales, more of them lately than long ago', async () => {
    const since = (days: number) =>
      fresh.prisma.purchase.count({ where: { purchasedAt: { gte: new Date(seededAt.getTime() - days * 86_400_000) } } });
    const [day, week, month, year] = [await since(1), await since(7), await since(30), await since(365)];
    expect(day).toBeGreaterThan(0);
    expect(week).toBeGreaterThan(day);
    expect(month).toBeGreaterThanOrEqual(30);
    // A marketplace that grows: the last 30 days sell more than an average 30 days of the year.
    expect(month).toBeGreaterThan((year * 30) / 365);
  });

  it('give "this month" sales from its first hour on', () => {
    // Plans seeded an hour into a month, on days of several lengths and years.
    for (const now of ['2027-03-01T01:00:00Z', '2028-02-01T01:00:00Z', '2026-12-01T01:00:00Z']) {
      const start = new Date(now);
      start.setUTCHours(0);
      const plan = buildDemoPlan(undefined, 30, new Date(now));
      expect(plan.purchases.filter((p) => p.purchasedAt >= start && p.purchasedAt <= new Date(now)).length, now).toBeGreaterThan(0);
    }
  });

  it('are the only difference between two plans made at different moments, all moved by the same minutes', () => {
    const early = buildDemoPlan(undefined, 30, new Date('2027-01-10T08:30:00Z'));
    const late = buildDemoPlan(undefined, 30, new Date('2027-06-02T17:45:59Z'));
    const shift = Date.parse('2027-06-02T17:45:00Z') - Date.parse('2027-01-10T08:30:00Z');
    // The same rows but for their dates (payloads are written from the purchases, files never hold a date).
    const withoutDates = (plan: unknown) =>
      JSON.stringify(plan, function (key, value) {
        const raw = (this as Record<string, unknown>)[key];
        if (raw instanceof Date) return 'a date';
        if (raw instanceof Map) return [...raw];
        if (raw instanceof Uint8Array) return createHash('sha256').update(raw).digest('hex');
        return typeof value === 'bigint' ? value.toString() : value;
      });
    expect(withoutDates(late)).toBe(withoutDates(early));

    const [before, after] = [datesOf(early), datesOf(late)];
    expect(after.map((entry) => entry.key)).toEqual(before.map((entry) => entry.key));
    expect(before.length).toBeGreaterThan(3_000);
    const kinds = new Set<string>();
    after.forEach(({ key, date }, index) => {
      const moved = date.getTime() - before[index]!.date.getTime();
      if (key === 'registeredAt')
        expect(moved, key).toBe(0); // registrations stay: johndoe's is the documents'
      else if (key !== 'supportedUntil') expect(moved, key).toBe(shift);
      kinds.add(key);
    });
    expect([...kinds].sort()).toEqual(
      ['createdAt', 'joinedAt', 'publishedAt', 'purchasedAt', 'refundedAt', 'registeredAt', 'releasedAt', 'supportedUntil'].sort(),
    );
    // Support periods are calendar months from the moved purchase, as a live purchase counts them.
    for (const p of late.purchases) if (p.supportedUntil) expect(p.supportedUntil).toEqual(addMonths(p.purchasedAt, p.item.supportMonths));
    // Before the reference date, the plan keeps its reference dates.
    expect(datesOf(buildDemoPlan(undefined, 30, new Date('2020-01-01T00:00:00Z')))).toEqual(datesOf(buildDemoPlan(undefined, 30, REFERENCE_DATE)));
  });
});

describe('determinism', () => {
  it('writes the same rows as the seed global setup made on another database, but for dates moved alike', async () => {
    expect(await digest(fresh, { withoutDates: true })).toBe(await digest(template.db, { withoutDates: true }));
    // Every date moved by the time between the two seeds (whole minutes), the accounts' not at all.
    const [ours, theirs] = [await seededRows(fresh), await seededRows(template.db)];
    expect(datesOf(ours.accounts)).toEqual(datesOf(theirs.accounts));
    const moves = new Set<number>();
    for (const table of Object.keys(ours) as Array<keyof typeof ours>) {
      if (table === 'accounts') continue;
      const [mine, other] = [datesOf(ours[table]), datesOf(theirs[table])];
      expect(mine.map((entry) => entry.key)).toEqual(other.map((entry) => entry.key));
      mine.forEach(({ key, date }, index) => {
        if (key !== 'supportedUntil') moves.add(date.getTime() - other[index]!.date.getTime());
      });
    }
    expect(moves.size).toBe(1);
    expect([...moves][0]! % 60_000).toBe(0);
  });

  it('wrote the template release files too, the very bytes this seed wrote', async () => {
    const store = new LocalFileStore(inject('filesDir'));
    const versions = await template.db.prisma.itemVersion.findMany({ select: { fileKey: true } });
    for (const { fileKey } of versions) expect(await store.exists(fileKey), fileKey).toBe(true);
    // Release files hold no date: a file store shared by seeds of different days matches every one of them.
    const ours = await fresh.prisma.itemVersion.findMany({ orderBy: { id: 'asc' }, select: { fileKey: true, fileSha256: true, fileSize: true } });
    const theirs = await template.db.prisma.itemVersion.findMany({
      orderBy: { id: 'asc' },
      select: { fileKey: true, fileSha256: true, fileSize: true },
    });
    expect(ours).toEqual(theirs);
  });
});

describe('seedIfEmpty and wipeData', () => {
  it('leaves a database that has accounts alone', async () => {
    const before = await template.db.prisma.account.count();
    expect(await seedIfEmpty(template.db, { password: 'unused-password', fileStore: new MemoryFileStore() })).toBeNull();
    expect(await template.db.prisma.account.count()).toBe(before);
  });

  it('refuses to seed twice', async () => {
    await expect(seedDemoData(template.db.prisma, { password: 'unused-password', fileStore: new MemoryFileStore() })).rejects.toThrow(
      /already has accounts/,
    );
  });

  it('empties the data tables but keeps the migration history, and the next seed is identical', async () => {
    const before = await digest(fresh);
    await wipeData(fresh.prisma);
    expect(await fresh.prisma.account.count()).toBe(0);
    expect(await fresh.prisma.ledgerEntry.count()).toBe(0);
    expect(await violations(fresh, `SELECT 1 FROM _prisma_migrations`)).toBeGreaterThan(0);

    // Seeded at the same moment, the very same rows, dates included.
    expect(await seedIfEmpty(fresh, { password: 'seed-test-password', fileStore: new MemoryFileStore(), now: seededAt })).toEqual(summary);
    expect(await digest(fresh)).toBe(before);
  });
});
