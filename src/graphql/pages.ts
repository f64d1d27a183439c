// Connection pages over one Prisma `findMany`: Relay cursors (`first`/`after`,
// `last`/`before`) and an `offset` for clients that page by number (the REST lists: page
// 400 is one query with OFFSET, not 400). Each page is one statement; `totalCount` is a
// second one, sent only when it is asked for.
//
// Every order ends with the row's unique id, so a cursor (the row's id) positions a page
// exactly even when the sort key ties; Prisma's `cursor` finds the row and continues in
// the order given. `last` pages from the end of that order; with `offset`, `last` skips
// that many rows from the end.
import { decodeBase64, encodeBase64 } from '@pothos/core';
import { badInput } from './errors';
import { parseDatabaseId } from './global-ids';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
/** Deepest offset a page may start at: past it, cursors (they cost nothing to follow). */
export const MAX_OFFSET = 100_000;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  offset?: number | null;
}

/** What Prisma's findMany gets: the caller adds `where` and `orderBy`. */
export interface PageQuery {
  take: number;
  skip: number;
  cursor?: { id: number };
}

export interface Page<Node, Edge extends object = object> {
  edges: Array<{ cursor: string; node: Node } & Edge>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** Loads the total when asked (a COUNT statement). */
  totalCount: () => Promise<number>;
}

const PREFIX = 'row:';
export const cursorOf = (id: number) => encodeBase64(`${PREFIX}${id}`);

function decodeCursor(argument: 'after' | 'before', cursor: string): number {
  let id: number | null = null;
  try {
    const text = decodeBase64(cursor);
    if (text.startsWith(PREFIX)) id = parseDatabaseId(text.slice(PREFIX.length));
  } catch {
    // not ours
  }
  if (id === null) throw badInput(argument, `"${cursor.slice(0, 40)}" is not a cursor of this list`);
  return id;
}

function pageSize(args: PageArgs): number {
  const size = args.first ?? args.last ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw badInput(args.first != null ? 'first' : 'last', `must be between 0 and ${MAX_PAGE_SIZE} (got ${size})`);
  }
  return size;
}

/** Refuses combinations a page cannot honour, then plans the query. */
function plan(args: PageArgs): { query: PageQuery; size: number; backward: boolean } {
  if (args.first != null && args.last != null) throw badInput('last', 'give first or last, not both');
  if (args.after != null && args.before != null) throw badInput('before', 'give after or before, not both');
  if (args.first != null && args.before != null) throw badInput('before', 'before pages backwards: use it with last');
  if (args.last != null && args.after != null) throw badInput('after', 'after pages forwards: use it with first');
  const offset = args.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET) throw badInput('offset', `must be between 0 and ${MAX_OFFSET}`);
  if (offset > 0 && (args.after != null || args.before != null)) throw badInput('offset', 'give offset or a cursor, not both');
  const size = pageSize(args);
  const backward = args.last != null || args.before != null;
  // One row more than the page tells whether there is a next one.
  const take = (size + 1) * (backward ? -1 : 1);
  const cursorArg = backward ? args.before : args.after;
  if (cursorArg != null) {
    return { query: { take, skip: 1, cursor: { id: decodeCursor(backward ? 'before' : 'after', cursorArg) } }, size, backward };
  }
  return { query: { take, skip: offset }, size, backward };
}

/**
 * One page of `findMany`, with the total on demand. Each row is the page's node, unless
 * `toEdge` makes the edge (a node plus what the edge itself carries, e.g. when it was added).
 */
export async function loadPage<Row extends { id: number }, Node = Row, Edge extends object = object>(
  args: PageArgs,
  findMany: (query: PageQuery) => Promise<Row[]>,
  count: () => Promise<number>,
  toEdge: (row: Row) => { node: Node } & Edge = (row) => ({ node: row as unknown as Node }) as { node: Node } & Edge,
): Promise<Page<Node, Edge>> {
  const { query, size, backward } = plan(args);
  const rows = await findMany(query);
  const more = rows.length > size;
  // A backward page's extra row is its first one (rows keep the list's order).
  const page = more ? (backward ? rows.slice(rows.length - size) : rows.slice(0, size)) : rows;
  const edges = page.map((row) => ({ cursor: cursorOf(row.id), ...toEdge(row) }));
  const positioned = query.cursor !== undefined || query.skip > 0;
  let total: Promise<number> | undefined;
  return {
    edges,
    pageInfo: {
      hasNextPage: backward ? positioned : more,
      hasPreviousPage: backward ? more : positioned,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: () => (total ??= count()),
  };
}
