// Which tables' wide columns an operation needs. A list page shows an item's name, price
// and relations, while its description, feature list, tags and media fill most of the row:
// reading the card only (16 of an item's 27 columns, 5 of an account's 17) cut a purchases
// page's CPU by 8% (docs/benchmarks.md, "Issue 15, fifth pass"), and 6 of a purchase's 16
// another 14% ("eighth pass"). The operation's document says whether any of its fields
// reads beyond the card, once per document (Yoga's parse cache and the REST layer's stored
// documents hand the same document object to every request). Loaders and pages then read
// the card columns only, or every column, in the same one statement, and the item
// relations it shows (author, categories) with them.
import { type DocumentNode, type GraphQLSchema, TypeInfo, getNamedType, visit, visitWithTypeInfo } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from './context';

/**
 * The fields of each type that its card columns answer (src/db/rows-by-id.ts). Any other
 * field of the type, one added later included, needs every column.
 */
export const CARD_FIELDS: Readonly<Record<string, ReadonlySet<string>>> = {
  // Each field needs only the card's columns (or only the id, for its relations and lists).
  Item: new Set(
    '__typename id databaseId name slug type status category subCategory author price currency supportMonths publishedAt downloadCount salesCount latestVersion versions revenue earnings'.split(
      ' ',
    ),
  ),
  Account: new Set(
    '__typename id databaseId username role plan purchases purchase sales salesSummary salesReport statement favorites items item webhooks workspaces'.split(
      ' ',
    ),
  ),
  // A purchases page that shows codes and items (request 1) reads 6 of a purchase's 16 columns.
  Purchase: new Set(['__typename', 'id', 'code', 'item', 'buyer', 'purchasedAt']),
};
export type WideType = keyof typeof CARD_FIELDS;

/**
 * Relations that a statement of their parents can read with them (src/db/joined-items.ts),
 * when the document selects them anywhere.
 */
const JOINABLE: Readonly<Record<string, ReadonlySet<string>>> = {
  Item: new Set(['author', 'category', 'subCategory']),
};
export type JoinableRelation = 'Item.author' | 'Item.category' | 'Item.subCategory';

const byDocument = new WeakMap<DocumentNode, ReadonlySet<string>>();

/**
 * What the document reads: the types (of CARD_FIELDS) of which it selects anywhere a field
 * beyond the card, and the relations (of JOINABLE, as `Type.field`) it selects anywhere.
 */
export function documentReads(schema: GraphQLSchema, document: DocumentNode): ReadonlySet<string> {
  const known = byDocument.get(document);
  if (known) return known;
  const types = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        const type = parent && getNamedType(parent).name;
        if (!type) return;
        const card = CARD_FIELDS[type];
        if (card && !card.has(node.name.value)) types.add(type);
        if (JOINABLE[type]?.has(node.name.value)) types.add(`${type}.${node.name.value}`);
      },
    }),
  );
  byDocument.set(document, types);
  return types;
}

/**
 * A wide column of a row. Its absence means the operation was judged not to read it,
 * which is a bug in CARD_FIELDS: an internal error, not a blank in the answer.
 */
export function wideColumn<Row, Field extends keyof Row>(type: WideType, row: Row, field: Field): Exclude<Row[Field], undefined> {
  const value = row[field];
  if (value === undefined) throw new Error(`${type}.${String(field)} was read from a row without its wide columns`);
  return value as Exclude<Row[Field], undefined>;
}

/** Whether rows of `type` must carry their wide columns. Without a verdict, they must. */
export const needsWideColumns = (context: Context, type: WideType): boolean => context.reads?.has(type) ?? true;

/** Whether the operation shows this relation, so its parents' statement should read it. Without a verdict, no. */
export const readsRelation = (context: Context, relation: JoinableRelation): boolean => context.reads?.has(relation) ?? false;

/** Records, before each execution, which wide columns and relations its operation reads. */
export function useWideColumns(): Plugin {
  return {
    onExecute({ args }) {
      (args.contextValue as unknown as Context).reads = documentReads(args.schema, args.document);
    },
  };
}
