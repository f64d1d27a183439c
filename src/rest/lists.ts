// Lists on REST over GraphQL connections.
//
// v1 lists (004_…) take `page`/`per_page` (default 20, max 100), `sort` (`-field` for
// descending) and `filter[name]=value`, and answer `meta {page, per_page, total,
// total_pages}`. A `cursor` parameter (empty for the first page) switches to 003_…'s cursor
// form: `pagination {hasMore, nextCursor, total}`. 002_…'s products take `limit`/`offset`.
//
// GraphQL connections page by cursor only. A page number or offset is reached by walking
// the connection with cursor-only pages of up to 100 rows (no nodes loaded), then loading
// the page itself: the cost grows with the offset, as SQL OFFSET's does, so offsets are
// capped at MAX_OFFSET (the cursor form has no limit). A sort the connection does not
// offer in one direction is served by paging it backwards (`last`/`before`).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { restError } from './envelopes';
import { RestFailure } from './router';

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;
/** Deepest offset a page number or `offset` may reach; deeper lists use the cursor form. */
export const MAX_OFFSET = 10_000;
const WALK_PAGE = 100;

export interface SortOption {
  /** As the client writes it: "-published_at". */
  key: string;
  /** The GraphQL sort argument, for connections that take one. */
  graphql?: string;
  /** Page the connection backwards (its reverse order). */
  backward?: boolean;
}

export interface FilterOption {
  /** The name inside the brackets: filter[type]. */
  name: string;
  description: string;
  /** For the docs: what a value looks like. */
  schema: z.ZodType;
  /** The value for the GraphQL variables; throws badParameter for a bad value. */
  parse(value: string): unknown;
}

export interface ListSpec {
  /** The first one is the default. */
  sorts: SortOption[];
  filters?: FilterOption[];
  /** A `search` parameter (free text), when the list has one. */
  search?: string;
}

export interface ListQuery {
  page: number;
  perPage: number;
  /** Cursor form: the GraphQL cursor to continue after (null for the first page). */
  cursor: { after: string | null } | null;
  sort: SortOption;
  filters: Record<string, unknown>;
  search: string | null;
  /** Ties a cursor to the sort, filters and search it was issued for. */
  fingerprint: string;
}

export interface ConnectionPage<Node> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor?: string | null; endCursor?: string | null };
  nodes: Node[];
}

export interface PageArgs {
  first: number | null;
  after: string | null;
  last: number | null;
  before: string | null;
  /** False while walking to an offset: only cursors and the total are needed. */
  withNodes: boolean;
}

/** Loads one connection page; the route supplies it with its filters bound. */
export type FetchPage<Node> = (args: PageArgs) => Promise<ConnectionPage<Node>>;

export interface ListResult<Node> {
  nodes: Node[];
  total: number;
  hasMore: boolean;
  /** The GraphQL cursor to continue from (cursor form). */
  next: string | null;
}

export function badParameter(field: string, reason: string): RestFailure {
  return new RestFailure(restError('BAD_USER_INPUT', `Invalid ${field}: ${reason}`, { details: { field, reason } }));
}

/** A whole number within [min, max], or the default when absent. */
export function integerParameter(url: URL, name: string, fallback: number, min: number, max: number, reason?: string): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  const value = /^\d{1,9}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badParameter(name, reason ?? (max === Number.MAX_SAFE_INTEGER ? `must be an integer of at least ${min}` : `must be an integer between ${min} and ${max}`));
  }
  return value;
}

function fingerprint(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 10);
}

export function encodeListCursor(sort: string, print: string, cursor: string): string {
  return Buffer.from(JSON.stringify({ s: sort, f: print, c: cursor })).toString('base64url');
}

function decodeListCursor(raw: string, sort: string, print: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw badParameter('cursor', 'is not a cursor this API issued');
  }
  const value = parsed as { s?: unknown; f?: unknown; c?: unknown };
  if (!value || typeof value.c !== 'string' || typeof value.s !== 'string' || typeof value.f !== 'string') {
    throw badParameter('cursor', 'is not a cursor this API issued');
  }
  if (value.s !== sort || value.f !== print) {
    throw badParameter('cursor', 'was issued for another sort, filter or search; keep them while following nextCursor');
  }
  return value.c;
}

/** Reads and checks page/per_page/cursor/sort/filter[…]/search. */
export function parseListQuery(url: URL, spec: ListSpec): ListQuery {
  const params = url.searchParams;
  const perPage = integerParameter(url, 'per_page', DEFAULT_PER_PAGE, 1, MAX_PER_PAGE);
  const page = integerParameter(url, 'page', 1, 1, Number.MAX_SAFE_INTEGER, 'must be a positive integer');
  const sortKey = params.get('sort') ?? spec.sorts[0]!.key;
  const sort = spec.sorts.find((option) => option.key === sortKey);
  if (!sort) throw badParameter('sort', `must be one of: ${spec.sorts.map((option) => option.key).join(', ')}`);

  const filters: Record<string, unknown> = {};
  for (const [name, value] of params) {
    if (name === 'filter') throw badParameter('filter', 'name the filter in brackets, e.g. filter[type]=theme');
    const match = /^filter\[([a-z_]+)\]$/.exec(name);
    if (!name.startsWith('filter[')) continue;
    const option = match ? spec.filters?.find((candidate) => candidate.name === match[1]) : undefined;
    if (!option) {
      const known = spec.filters?.map((candidate) => candidate.name).join(', ');
      throw badParameter(name, known ? `is not a filter of this list; filters: ${known}` : 'this list has no filters');
    }
    if (value.trim() === '') continue;
    filters[option.name] = option.parse(value.trim());
  }

  let search: string | null = null;
  if (spec.search && params.has('search')) {
    search = params.get('search')!.trim() || null;
    if (search && search.length > 200) throw badParameter('search', 'must be at most 200 characters');
  }

  const print = fingerprint([filters, search]);
  let cursor: ListQuery['cursor'] = null;
  if (params.has('cursor')) {
    if (params.has('page')) throw badParameter('cursor', 'cannot be combined with page; follow nextCursor instead');
    const raw = params.get('cursor')!.trim();
    cursor = { after: raw ? decodeListCursor(raw, sort.key, print) : null };
  } else if ((page - 1) * perPage > MAX_OFFSET) {
    throw badParameter('page', `reaches past item ${MAX_OFFSET}; use the cursor parameter to go deeper`);
  }
  return { page, perPage, cursor, sort, filters, search, fingerprint: print };
}

function step<Node>(fetch: FetchPage<Node>, backward: boolean, size: number, cursor: string | null, withNodes: boolean) {
  return fetch(
    backward
      ? { first: null, after: null, last: size, before: cursor, withNodes }
      : { first: size, after: cursor, last: null, before: null, withNodes },
  );
}

function more(page: ConnectionPage<unknown>, backward: boolean): { more: boolean; next: string | null } {
  return backward
    ? { more: page.pageInfo.hasPreviousPage, next: page.pageInfo.startCursor ?? null }
    : { more: page.pageInfo.hasNextPage, next: page.pageInfo.endCursor ?? null };
}

/** `size` nodes after the first `offset` ones, in the list's order. */
export async function loadWindow<Node>(fetch: FetchPage<Node>, offset: number, size: number, backward = false): Promise<ListResult<Node>> {
  let cursor: string | null = null;
  for (let remaining = offset; remaining > 0; ) {
    const walk = Math.min(WALK_PAGE, remaining);
    const page = await step(fetch, backward, walk, cursor, false);
    const { more: hasMore, next } = more(page, backward);
    if (!hasMore || !next) return { nodes: [], total: page.totalCount, hasMore: false, next: null };
    cursor = next;
    remaining -= walk;
  }
  return loadAfter(fetch, cursor, size, backward);
}

/** `size` nodes after a GraphQL cursor (null: from the start), in the list's order. */
export async function loadAfter<Node>(fetch: FetchPage<Node>, cursor: string | null, size: number, backward = false): Promise<ListResult<Node>> {
  const page = await step(fetch, backward, size, cursor, true);
  const { more: hasMore, next } = more(page, backward);
  return {
    nodes: backward ? [...page.nodes].reverse() : page.nodes,
    total: page.totalCount,
    hasMore,
    next: hasMore ? next : null,
  };
}

/** Every node of a list (001_…'s "all items"), in pages of 100. */
export async function loadAll<Node>(fetch: FetchPage<Node>): Promise<Node[]> {
  const nodes: Node[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page: ListResult<Node> = await loadAfter(fetch, cursor, WALK_PAGE);
    nodes.push(...page.nodes);
    if (!page.hasMore || !page.next) return nodes;
    cursor = page.next;
  }
}

/** Runs a v1 list query: the page (or cursor page) and its paging metadata, in the v1 envelope. */
export async function v1List<Node, Shape>(query: ListQuery, fetch: FetchPage<Node>, shape: (node: Node) => Shape) {
  const backward = Boolean(query.sort.backward);
  if (query.cursor) {
    const result = await loadAfter(fetch, query.cursor.after, query.perPage, backward);
    return {
      status: 'success' as const,
      data: result.nodes.map(shape),
      pagination: {
        hasMore: result.hasMore,
        ...(result.next && { nextCursor: encodeListCursor(query.sort.key, query.fingerprint, result.next) }),
        total: result.total,
      },
    };
  }
  const result = await loadWindow(fetch, (query.page - 1) * query.perPage, query.perPage, backward);
  return {
    status: 'success' as const,
    data: result.nodes.map(shape),
    meta: {
      page: query.page,
      per_page: query.perPage,
      total: result.total,
      total_pages: Math.ceil(result.total / query.perPage),
    },
  };
}

/** Connection fields as codegen types them, to a ConnectionPage. */
export function connectionPage<Node>(connection: {
  totalCount: number;
  pageInfo: ConnectionPage<Node>['pageInfo'];
  edges?: ReadonlyArray<{ node: Node }> | null;
}): ConnectionPage<Node> {
  return { totalCount: connection.totalCount, pageInfo: connection.pageInfo, nodes: (connection.edges ?? []).map((edge) => edge.node) };
}

/** A filter whose value is one of a few words (lower case), mapped to the GraphQL enum value. */
export function enumFilter(name: string, description: string, values: readonly string[], many = false): FilterOption {
  const words = values.map((value) => value.toLowerCase());
  return {
    name,
    description: `${description} One of: ${words.join(', ')}${many ? ' (several, comma-separated)' : ''}.`,
    schema: z.string(),
    parse(raw) {
      const parts = many ? raw.split(',').map((part) => part.trim()).filter(Boolean) : [raw];
      for (const part of parts) {
        if (!words.includes(part.toLowerCase())) throw badParameter(`filter[${name}]`, `must be one of: ${words.join(', ')}`);
      }
      // Repeating a value changes nothing: the list sent on is bounded by the words.
      const upper = [...new Set(parts.map((part) => part.toUpperCase()))];
      return many ? upper : upper[0];
    },
  };
}

/** A filter taking free text. */
export function textFilter(name: string, description: string, max = 200): FilterOption {
  return {
    name,
    description,
    schema: z.string(),
    parse(raw) {
      if (raw.length > max) throw badParameter(`filter[${name}]`, `must be at most ${max} characters`);
      return raw;
    },
  };
}

/** A filter taking an ISO 8601 instant. */
export function dateFilter(name: string, description: string): FilterOption {
  return {
    name,
    description,
    schema: z.string(),
    parse(raw) {
      const time = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(raw) ? Date.parse(raw) : NaN;
      const year = Number.isNaN(time) ? NaN : new Date(time).getUTCFullYear();
      if (!(year >= 1 && year <= 9999)) {
        throw badParameter(`filter[${name}]`, 'must be a date (2024-04-27) or an instant (2024-04-27T12:00:00Z) between the years 1 and 9999');
      }
      return new Date(time).toISOString();
    },
  };
}
