// Items with the relations an operation shows, in one statement: the author and the
// categories through LEFT JOINs on their primary keys, read with the items by the item
// loader and the catalog page. Without them each relation is one more statement of its
// loader, and a statement costs the gateway ≈ 0.25 ms of CPU (docs/benchmarks.md, "Issue
// 15, seventh pass"). Item.author, category and subCategory answer the joined row and fall
// back to their loaders where there is none (an item read by Prisma, by a mutation).
// A joined row keeps the join's own columns (`author.id`, …) beside the item's: nothing
// enumerates an item row, and copying the item's columns out would cost a second object.
import type { Database } from './client';
import { accountRows, categoryRows, type ItemRow, itemRows, type JoinedRelations, type RowTable, rowsById } from './rows-by-id';

/** What an item statement reads with the items: the author's card or full row, the categories. */
export interface ItemJoins {
  author: 'none' | 'card' | 'full';
  category: boolean;
  subCategory: boolean;
}

export type ItemStatement = Pick<RowTable<ItemRow>, 'selectFrom' | 'select' | 'convert'>;

const statements = new Map<string, ItemStatement>();

const AUTHOR_JOIN = ' LEFT JOIN "public"."accounts" AS "a" ON "a"."id" = "t0"."author_id"';
const CATEGORY_JOIN = ' LEFT JOIN "public"."categories" AS "c" ON "c"."id" = "t0"."category_id"';
const SUB_CATEGORY_JOIN = ' LEFT JOIN "public"."categories" AS "s" ON "s"."id" = "t0"."sub_category_id"';

function build(wide: boolean, joins: ItemJoins): ItemStatement {
  const items = itemRows[wide ? 'full' : 'card'];
  const author = joins.author === 'none' ? undefined : accountRows[joins.author].joinedAs('a', 'author.');
  const category = joins.category ? categoryRows.joinedAs('c', 'category.') : undefined;
  const subCategory = joins.subCategory ? categoryRows.joinedAs('s', 'subCategory.') : undefined;
  if (!author && !category && !subCategory) return items;
  const columns = [items.columns, author?.columns, category?.columns, subCategory?.columns].filter(Boolean).join(', ');
  const leftJoins = `${author ? AUTHOR_JOIN : ''}${category ? CATEGORY_JOIN : ''}${subCategory ? SUB_CATEGORY_JOIN : ''}`;
  const selectFrom = `SELECT ${columns} FROM "public"."items" AS "t0"${leftJoins}`;
  return {
    selectFrom,
    select: `${selectFrom} WHERE "t0"."id" = ANY($1)`,
    convert: (raw) => {
      const relations: JoinedRelations = {
        author: author?.take(raw) ?? undefined,
        category: category?.take(raw) ?? undefined,
        subCategory: subCategory ? subCategory.take(raw) : undefined,
      };
      const item = items.convert(raw);
      item.joined = relations;
      return item;
    },
  };
}

/** The item statement for the card or every column (`wide`) and these relations. */
export function itemStatement(wide: boolean, joins: ItemJoins): ItemStatement {
  const key = `${wide}:${joins.author}:${joins.category}:${joins.subCategory}`;
  const known = statements.get(key);
  if (known) return known;
  const statement = build(wide, joins);
  statements.set(key, statement);
  return statement;
}

/** An item statement that reads no relation. */
export const NO_JOINS: ItemJoins = { author: 'none', category: false, subCategory: false };

/** Items by id (in no particular order), read by `statement`. */
export const itemsById = (db: Database, ids: readonly number[], statement: ItemStatement) => rowsById(db, statement, ids);
