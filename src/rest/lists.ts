// Lists on REST over GraphQL connections, one execution per page whatever its number.
//
// v1 lists (004_…) take `page`/`per_page` (default 20, max 100), `sort` (`-field` for
// descending) and `filter[name]=value`, and answer `meta {page, per_page, total,
// total_pages}`. A `cursor` parameter (empty for the first page) switches to 003_…'s cursor
// form: `pagination {hasMore, nextCursor, total}`. 002_…'s products take `limit`/`offset`.
//
// A page number becomes the connection's `offset` (first: per_page, offset: (page - 1) ×
// per_page): one SQL OFFSET, as deep as MAX_OFFSET (cursors have no limit). A sort the
// connection offers only the other way round is served from its end (`last`, whose offset
// counts from the end), the page reversed.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { badParameter } from './errors';

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;
/** Deepest offset a page number or `offset` may reach; deeper lists use the cursor form. */
export const MAX_OFFSET = 10_000;

export interface SortOption {
  /** As the client writes it: "-published_at". */
  key: string;
  /** The GraphQL sort argument, for connections that take one. */
  graphql?: string;
  /** Served from the end of the connection's order (its reverse). */
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

/** The connection arguments of one page: every stored list operation takes all five. */
export interface PageWindow {
  first: number | null;
  after: string | null;
  last: number | null;
  before: string | null;
  offset: number | null;
}

export interface ListQuery {
  page: number;
  perPage: number;
  /** Cursor form (the request has a `cursor` parameter). */
  cursorForm: boolean;
  sort: SortOption;
  filters: Record<string, unknown>;
  search: string | null;
  /** The page as connection arguments. */
  window: PageWindow;
  /** Ties a cursor to the sort, filters and search it was issued for. */
  fingerprint: string;
}

/** A whole number within [min, max], or the default when absent. */
export function integerParameter(url: URL, name: string, fallback: number, min: number, max: number, reason?: string): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  const value = /^\d{1,9}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badParameter(name, reason ?? `must be an integer between ${min} and ${max}`);
  }
  return value;
}

const fingerprint = (parts: unknown) => createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 10);

export function encodeListCursor(sort: string, print: string, cursor: string): string {
  return Buffer.from(JSON.stringify({ s: sort, f: print, c: cursor })).toString('base64url');
}

function decodeListCursor(raw: string, sort: string, print: string): string {
  let value: { s?: unknown; f?: unknown; c?: unknown } | null = null;
  try {
    value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    // not ours: refused below
  }
  if (!value || typeof value.c !== 'string' || typeof value.s !== 'string' || typeof value.f !== 'string') {
    throw badParameter('cursor', 'is not a cursor this API issued');
  }
  if (value.s !== sort || value.f !== print) {
    throw badParameter('cursor', 'was issued for another sort, filter or search; keep them while following nextCursor');
  }
  return value.c;
}

function readFilters(params: URLSearchParams, spec: ListSpec): Record<string, unknown> {
  const filters: Record<string, unknown> = {};
  for (const [name, value] of params) {
    if (name === 'filter') throw badParameter('filter', 'name the filter in brackets, e.g. filter[type]=theme');
    if (!name.startsWith('filter[')) continue;
    const match = /^filter\[([a-z_]+)\]$/.exec(name);
    const option = match ? spec.filters?.find((candidate) => candidate.name === match[1]) : undefined;
    if (!option) {
      const known = spec.filters?.map((candidate) => candidate.name).join(', ');
      throw badParameter(name, known ? `is not a filter of this list; filters: ${known}` : 'this list has no filters');
    }
    if (value.trim() !== '') filters[option.name] = option.parse(value.trim());
  }
  return filters;
}

/** Reads and checks page/per_page/cursor/sort/filter[…]/search, and plans the page. */
export function parseListQuery(url: URL, spec: ListSpec): ListQuery {
  const params = url.searchParams;
  const perPage = integerParameter(url, 'per_page', DEFAULT_PER_PAGE, 1, MAX_PER_PAGE);
  const page = integerParameter(url, 'page', 1, 1, Number.MAX_SAFE_INTEGER, 'must be a positive integer');
  const sortKey = params.get('sort') ?? spec.sorts[0]!.key;
  const sort = spec.sorts.find((option) => option.key === sortKey);
  if (!sort) throw badParameter('sort', `must be one of: ${spec.sorts.map((option) => option.key).join(', ')}`);
  const filters = readFilters(params, spec);
  let search: string | null = null;
  if (spec.search && params.has('search')) {
    search = params.get('search')!.trim() || null;
    if (search && search.length > 200) throw badParameter('search', 'must be at most 200 characters');
  }
  const print = fingerprint([filters, search]);
  const backward = Boolean(sort.backward);
  const window: PageWindow = { first: null, after: null, last: null, before: null, offset: null };
  window[backward ? 'last' : 'first'] = perPage;
  const cursorForm = params.has('cursor');
  if (cursorForm) {
    if (params.has('page')) throw badParameter('cursor', 'cannot be combined with page; follow nextCursor instead');
    const raw = params.get('cursor')!.trim();
    if (raw) window[backward ? 'before' : 'after'] = decodeListCursor(raw, sort.key, print);
  } else {
    const offset = (page - 1) * perPage;
    if (offset > MAX_OFFSET) throw badParameter('page', `reaches past item ${MAX_OFFSET}; use the cursor parameter to go deeper`);
    window.offset = offset;
  }
  return { page, perPage, cursorForm, sort, filters, search, window, fingerprint: print };
}

/** A connection as the stored operations select it. */
export interface Connection<Edge> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor?: string | null; endCursor?: string | null };
  edges: readonly Edge[];
}

/** The v1 answer for one page: `meta` (page form) or `pagination` (cursor form). */
export function listReply<Edge, Shape>(query: ListQuery, connection: Connection<Edge>, shape: (edge: Edge) => Shape) {
  const backward = Boolean(query.sort.backward);
  const edges = backward ? [...connection.edges].reverse() : connection.edges;
  const data = edges.map(shape);
  const total = connection.totalCount;
  if (!query.cursorForm) {
    const meta = { page: query.page, per_page: query.perPage, total, total_pages: Math.ceil(total / query.perPage) };
    return { body: { status: 'success' as const, data, meta } };
  }
  const { pageInfo } = connection;
  const hasMore = backward ? pageInfo.hasPreviousPage : pageInfo.hasNextPage;
  const next = backward ? pageInfo.startCursor : pageInfo.endCursor;
  const nextCursor = hasMore && next ? encodeListCursor(query.sort.key, query.fingerprint, next) : undefined;
  return { body: { status: 'success' as const, data, pagination: { hasMore, ...(nextCursor && { nextCursor }), total } } };
}

/** The shape of an edge's node. */
export const ofNode =
  <Node, Shape>(shape: (node: Node) => Shape) =>
  (edge: { node: Node }) =>
    shape(edge.node);

/** A filter whose value is one of a few words (lower case), mapped to the GraphQL enum value. */
export function enumFilter(name: string, description: string, values: readonly string[], many = false): FilterOption {
  const words = values.map((value) => value.toLowerCase());
  return {
    name,
    description: `${description} One of: ${words.join(', ')}${many ? ' (several, comma-separated)' : ''}.`,
    schema: z.string(),
    parse(raw) {
      const parts = many
        ? raw
            .split(',')
            .map((part) => part.trim())
            .filter(Boolean)
        : [raw];
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
      const time = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(raw) ? Date.parse(raw) : Number.NaN;
      const year = Number.isNaN(time) ? Number.NaN : new Date(time).getUTCFullYear();
      if (!(year >= 1 && year <= 9999)) {
        throw badParameter(`filter[${name}]`, 'must be a date (2024-04-27) or an instant (2024-04-27T12:00:00Z) between the years 1 and 9999');
      }
      return new Date(time).toISOString();
    },
  };
}
