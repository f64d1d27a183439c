// The benchmark's targets (one HTTP request each, sent over and over) and the check that
// runs before any timing: every target answers 200 with the same rows in the same order
// as the others of its family (its floor first), and the GraphQL answers equal their
// floor's, field for field (a peer whose schema differs maps its answer to the floor's
// shape first). The peers' targets are in bench/peers.ts.
import { isDeepStrictEqual } from 'node:util';
import type { PeerTargetName, TargetName } from './options';
import { GRAPHQL_CATALOG, GRAPHQL_PURCHASES } from './sql';

export type Family = 'purchases' | 'catalog';
export type ServerRole = 'floor' | 'gateway' | 'postgraphile' | 'yoga' | 'yoga-jit';

export interface TargetRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Target {
  name: TargetName;
  family: Family;
  server: ServerRole;
  /** What the row says, for the tables. */
  label: string;
  /** The target whose throughput this one is compared with. */
  floor?: TargetName;
  request(pageSize: number): TargetRequest;
  /** The rows' identities (purchase codes, item ids), in order. */
  keys(body: unknown): unknown[];
  /** The answer in its floor's shape, for the field-for-field check (absent: already in it). */
  normalize?(body: unknown): unknown;
}

export interface TargetContext {
  token: string;
  category: string;
  /** Ids of the bench buyer and category, for PostGraphile (no token check, no lookup by slug). */
  buyerId?: number;
  categoryId?: number;
}

export function get(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

export function edgesKeys(body: unknown, root: string[], key: string): unknown[] {
  const edges = get(body, ...root, 'edges');
  if (!Array.isArray(edges)) throw new Error(`no ${[...root, 'edges'].join('.')} in the answer`);
  return edges.map((edge) => get(edge, 'node', key));
}

/** The REST twin's shape is its own: find the first array of objects that carry a purchase code. */
function restPurchaseCodes(body: unknown): unknown[] {
  const queue: unknown[] = [body];
  while (queue.length) {
    const value = queue.shift();
    if (Array.isArray(value)) {
      const codes = value.map((entry) => get(entry, 'purchase_code') ?? get(entry, 'code'));
      if (value.length && codes.every((code) => typeof code === 'string')) return codes;
      queue.push(...value);
    } else if (value && typeof value === 'object') {
      queue.push(...Object.values(value));
    }
  }
  throw new Error('no list of purchases (objects with "purchase_code" or "code") in the REST answer');
}

export function graphql(query: string, variables: Record<string, unknown>, headers: Record<string, string>): TargetRequest {
  return {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  };
}

/** The floors' and the gateway's targets. */
export function buildTargets(context: TargetContext): Record<Exclude<TargetName, PeerTargetName>, Target> {
  const bearer = { authorization: `Bearer ${context.token}` };
  return {
    floor: {
      name: 'floor',
      family: 'purchases',
      server: 'floor',
      label: 'floor: node:http + 1 SQL (purchases)',
      request: (first) => ({ method: 'GET', path: `/purchases?first=${first}`, headers: bearer }),
      keys: (body) => edgesKeys(body, ['data', 'viewer', 'purchases'], 'code'),
    },
    graphql: {
      name: 'graphql',
      family: 'purchases',
      server: 'gateway',
      label: 'GraphQL viewer.purchases (req 1)',
      floor: 'floor',
      request: (first) => graphql(GRAPHQL_PURCHASES, { first }, bearer),
      keys: (body) => edgesKeys(body, ['data', 'viewer', 'purchases'], 'code'),
    },
    rest: {
      name: 'rest',
      family: 'purchases',
      server: 'gateway',
      label: 'REST /api/v1/purchases (req 2)',
      floor: 'floor',
      request: (first) => ({ method: 'GET', path: `/api/v1/purchases?per_page=${first}`, headers: { ...bearer, accept: 'application/json' } }),
      keys: restPurchaseCodes,
    },
    'catalog-floor': {
      name: 'catalog-floor',
      family: 'catalog',
      server: 'floor',
      label: 'floor: node:http + 1 SQL (catalog)',
      request: (first) => ({ method: 'GET', path: `/catalog?category=${encodeURIComponent(context.category)}&first=${first}`, headers: {} }),
      keys: (body) => edgesKeys(body, ['data', 'items'], 'databaseId'),
    },
    catalog: {
      name: 'catalog',
      family: 'catalog',
      server: 'gateway',
      label: 'GraphQL items(category) (req 3)',
      floor: 'catalog-floor',
      request: (first) => graphql(GRAPHQL_CATALOG, { category: context.category, first }, {}),
      keys: (body) => edgesKeys(body, ['data', 'items'], 'databaseId'),
    },
  };
}

export async function send(baseUrl: string, request: TargetRequest): Promise<{ status: number; text: string }> {
  const response = await fetch(`${baseUrl}${request.path}`, { method: request.method, headers: request.headers, body: request.body });
  return { status: response.status, text: await response.text() };
}

export interface Checked {
  target: Target;
  /** False when the route does not exist (yet): the target is skipped, not failed. */
  available: boolean;
  note?: string;
  keys: unknown[];
  /** The answer, when two answers in a row were byte-identical (the load run then checks every answer against it). */
  stableBody?: string;
  body?: unknown;
}

export class VerificationError extends Error {
  override name = 'VerificationError';
}

/** Sends each target's request and checks what comes back. Throws VerificationError on any disagreement. */
export async function verifyTargets(
  targets: Target[],
  urlOf: (role: ServerRole) => string,
  pageSize: number,
  expectedRows: Record<Family, number>,
): Promise<Map<TargetName, Checked>> {
  const checked = new Map<TargetName, Checked>();
  for (const target of targets) {
    const request = target.request(pageSize);
    const first = await send(urlOf(target.server), request);
    if (target.name === 'rest' && first.status === 404) {
      checked.set(target.name, { target, available: false, note: `not available: GET ${request.path} answers 404`, keys: [] });
      continue;
    }
    if (first.status !== 200) throw new VerificationError(`${target.name}: HTTP ${first.status}: ${first.text.slice(0, 500)}`);
    let body: unknown;
    try {
      body = JSON.parse(first.text);
    } catch {
      throw new VerificationError(`${target.name}: the answer is not JSON: ${first.text.slice(0, 200)}`);
    }
    if (get(body, 'errors'))
      throw new VerificationError(`${target.name}: errors in the answer: ${JSON.stringify(get(body, 'errors')).slice(0, 500)}`);
    let keys: unknown[];
    try {
      keys = target.keys(body);
    } catch (error) {
      throw new VerificationError(`${target.name}: ${(error as Error).message}: ${first.text.slice(0, 300)}`);
    }
    const expected = Math.min(pageSize, expectedRows[target.family]);
    if (keys.length !== expected) throw new VerificationError(`${target.name}: ${keys.length} rows, expected ${expected}`);
    if (keys.some((key) => key === undefined || key === null)) throw new VerificationError(`${target.name}: rows without an id/code`);
    const second = await send(urlOf(target.server), request);
    checked.set(target.name, { target, available: true, keys, body, stableBody: second.text === first.text ? first.text : undefined });
  }
  // Same rows, same order, within each family; GraphQL answers equal to their floor's.
  for (const family of ['purchases', 'catalog'] as const) {
    const members = [...checked.values()].filter((c) => c.available && c.target.family === family);
    const reference = members[0];
    for (const other of members.slice(1)) {
      if (!isDeepStrictEqual(other.keys, reference!.keys)) {
        const at = other.keys.findIndex((key, index) => key !== reference!.keys[index]);
        throw new VerificationError(
          `${other.target.name} and ${reference!.target.name} disagree at row ${at}: ${JSON.stringify(other.keys[at])} vs ${JSON.stringify(reference!.keys[at])}`,
        );
      }
    }
  }
  for (const c of checked.values()) {
    const floor = c.target.floor && checked.get(c.target.floor);
    if (!c.available || !floor || c.target.name === 'rest') continue;
    const body = c.target.normalize ? c.target.normalize(c.body) : c.body;
    if (!isDeepStrictEqual(body, floor.body)) {
      throw new VerificationError(
        `${c.target.name}: same rows as ${floor.target.name} but different fields:\n  ${JSON.stringify(body).slice(0, 400)}\n  ${JSON.stringify(floor.body).slice(0, 400)}`,
      );
    }
  }
  return checked;
}
