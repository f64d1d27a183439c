// Rows by id in one plain statement (`WHERE id = ANY($1)`), for the DataLoaders behind
// the to-one relations of every page (an item's author and category, a purchase's item).
// A full row is the object Prisma's findMany would answer (its field names and types); a
// card (items, accounts) is the same object without its wide columns, read when the
// operation shows nothing beyond the card (src/graphql/wide-columns.ts). They exist
// because Prisma's client spends ≈ 0.9 ms of CPU more than the driver on 50 item rows
// (docs/benchmarks.md, "Row loaders").
// Written as Prisma writes them (`FROM "public"."items" AS "t0"`) so statement counts in
// tests read the same. `rowTable` also serves the other plain statements of hot paths
// (src/purchases/buyer-page.ts): the same columns, conversions and Prisma types.
//
// Timestamps and arrays are read in the forms the driver decodes natively: a timestamp as
// its epoch milliseconds (a float8, then `new Date`), an array as JSON (JSON.parse). The
// driver's own text parsers for them (postgres-date, postgres-array) cost more than the
// rest of the row: 50 item rows take ≈ 0.35 ms of CPU this way against ≈ 0.55 ms.
import type { Account, Category, Item } from '../generated/prisma/client';
import type { Database } from './client';

type Kind = 'plain' | 'enum' | 'timestamp' | 'bigint' | 'array';
type Columns<Row> = { [Field in keyof Row]: readonly [column: string, kind?: Kind] };

export interface RowTable<Row> {
  /** Its columns read from "t0", each named by its field. */
  columns: string;
  /** `SELECT <every column> FROM <table> AS "t0"`: add the WHERE and ORDER BY. */
  selectFrom: string;
  /** By id: `selectFrom` with `WHERE "t0"."id" = ANY($1)`. */
  select: string;
  convert: (raw: Record<string, unknown>) => Row;
  /** Read through a join as `alias`: its columns (each named `${prefix}${field}`) and the row they hold. */
  joinedAs: (alias: string, prefix: string) => JoinedColumns<Row>;
}

export interface JoinedColumns<Row> {
  columns: string;
  /** The row in a raw row of the joined statement; null when the LEFT JOIN found none. */
  take: (raw: Record<string, unknown>) => Row | null;
}

function selected(alias: string, column: string, kind: Kind | undefined): string {
  const source = `"${alias}"."${column}"`;
  switch (kind) {
    case 'enum':
      return `${source}::text`;
    // Prisma's DateTime columns are TIMESTAMP(3) holding UTC; the epoch of a timestamp
    // without time zone is read as UTC. date_part is float8 arithmetic (extract's numeric
    // costs the server more); rounding restores the exact millisecond.
    case 'timestamp':
      return `date_part('epoch', ${source}) * 1000`;
    case 'array':
      return `to_json(${source})`;
    default:
      return source;
  }
}

export function rowTable<Row>(table: string, fieldColumns: Columns<Row>): RowTable<Row> {
  const entries = Object.entries(fieldColumns) as Array<[string, readonly [string, Kind?]]>;
  const columnsAs = (alias: string, prefix: string) =>
    entries.map(([field, [column, kind]]) => `${selected(alias, column, kind)} AS "${prefix}${field}"`).join(', ');
  const fields = entries.map(([field]) => field);
  const fieldsOf = (wanted: Kind) => entries.filter(([, [, kind]]) => kind === wanted).map(([field]) => field);
  const bigints = fieldsOf('bigint');
  const timestamps = fieldsOf('timestamp');
  const columns = columnsAs('t0', '');
  const selectFrom = `SELECT ${columns} FROM "public"."${table}" AS "t0"`;
  const convert = (raw: Record<string, unknown>): Row => {
    // pg answers int8 as text, PGlite as a number or bigint: Prisma's type is bigint.
    for (const field of bigints) raw[field] = BigInt(raw[field] as string);
    for (const field of timestamps) if (raw[field] !== null) raw[field] = new Date(Math.round(raw[field] as number));
    return raw as Row;
  };
  return {
    columns,
    selectFrom,
    select: `${selectFrom} WHERE "t0"."id" = ANY($1)`,
    convert,
    joinedAs: (alias, prefix) => {
      const keys = fields.map((field) => [field, `${prefix}${field}`] as const);
      const idKey = `${prefix}id`;
      return {
        columns: columnsAs(alias, prefix),
        take: (raw) => {
          if (raw[idKey] === null) return null;
          const row: Record<string, unknown> = {};
          for (const [field, key] of keys) row[field] = raw[key];
          return convert(row);
        },
      };
    },
  };
}

/** An item's columns that a list shows (a card): everything but the wide ones below. */
const ITEM_CARD = {
  id: ['id'],
  authorId: ['author_id'],
  name: ['name'],
  slug: ['slug'],
  type: ['type', 'enum'],
  categoryId: ['category_id'],
  subCategoryId: ['sub_category_id'],
  regularPriceCents: ['regular_price_cents'],
  extendedPriceCents: ['extended_price_cents'],
  currency: ['currency'],
  supportMonths: ['support_months'],
  status: ['status', 'enum'],
  publishedAt: ['published_at', 'timestamp'],
  downloadCount: ['download_count'],
  salesCount: ['sales_count'],
  latestVersion: ['latest_version'],
} as const;

/** The wide ones: text, lists, media and bookkeeping, read when an operation shows them. */
const ITEM_WIDE = {
  description: ['description'],
  options: ['options', 'array'],
  tags: ['tags', 'array'],
  demoUrl: ['demo_url'],
  thumbnailUrl: ['thumbnail_url'],
  previewImageUrl: ['preview_image_url'],
  previewVideoUrl: ['preview_video_url'],
  previewAudioUrl: ['preview_audio_url'],
  screenshots: ['screenshots', 'array'],
  createdAt: ['created_at', 'timestamp'],
  updatedAt: ['updated_at', 'timestamp'],
} as const;

export type ItemWideField = keyof typeof ITEM_WIDE;
/** Relations read in the item's own statement (src/db/joined-items.ts), for its fields to answer without a loader. */
export interface JoinedRelations {
  author?: AccountRow;
  category?: Category;
  subCategory?: Category | null;
}
/** An item as loaders and pages answer it: its wide columns only when they were read. */
export type ItemRow = Omit<Item, ItemWideField> & Partial<Pick<Item, ItemWideField>> & { joined?: JoinedRelations };

/** Every column of an item, or its card's (see src/graphql/wide-columns.ts). */
export const itemRows = {
  full: rowTable<ItemRow>('items', { ...ITEM_CARD, ...ITEM_WIDE }),
  card: rowTable<ItemRow>('items', ITEM_CARD),
};

/** An account's columns that its name on a page needs (an item's author, a buyer). */
const ACCOUNT_CARD = {
  id: ['id'],
  username: ['username'],
  role: ['role', 'enum'],
  plan: ['plan', 'enum'],
  currency: ['currency'],
} as const;

/** The rest: names, money, dates and the profile (never the password hash). */
const ACCOUNT_WIDE = {
  email: ['email'],
  firstName: ['first_name'],
  lastName: ['last_name'],
  balanceCents: ['balance_cents', 'bigint'],
  registeredAt: ['registered_at', 'timestamp'],
  updatedAt: ['updated_at', 'timestamp'],
  profileHeading: ['profile_heading'],
  profileDescription: ['profile_description'],
  contactEmail: ['contact_email'],
  socialLinks: ['social_links'],
  avatarUrl: ['avatar_url'],
  coverUrl: ['cover_url'],
} as const;

/** An account as the API reads it: never its password hash. */
export type AccountFullRow = Omit<Account, 'passwordHash'>;
export type AccountWideField = keyof typeof ACCOUNT_WIDE;
/** An account as the loader answers it: its wide columns only when they were read. */
export type AccountRow = Omit<AccountFullRow, AccountWideField> & Partial<Pick<AccountFullRow, AccountWideField>>;

export const accountRows = {
  full: rowTable<AccountFullRow>('accounts', { ...ACCOUNT_CARD, ...ACCOUNT_WIDE }),
  card: rowTable<AccountRow>('accounts', ACCOUNT_CARD),
};

export const categoryRows = rowTable<Category>('categories', {
  id: ['id'],
  name: ['name'],
  slug: ['slug'],
  parentId: ['parent_id'],
  position: ['position'],
});

/** Rows by id (in no particular order), read by a table's (or a joined statement's) `select`. */
export async function rowsById<Row>(db: Database, table: Pick<RowTable<Row>, 'select' | 'convert'>, ids: readonly number[]): Promise<Row[]> {
  const rows = await db.query<Record<string, unknown>>(table.select, [[...ids]]);
  return rows.map(table.convert);
}

export const accountsById = (db: Database, ids: readonly number[], wide: boolean) =>
  rowsById<AccountRow>(db, accountRows[wide ? 'full' : 'card'], ids);
export const categoriesById = (db: Database, ids: readonly number[]) => rowsById(db, categoryRows, ids);
