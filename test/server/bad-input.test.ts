// A table of bad values over every argument of both surfaces: every argument (and input
// field) of every root field of the schema, every path, query and body parameter of every
// REST route. Whatever the value, the answer is never a 5xx; a value that cannot be right
// (a NUL character, an id that names nothing of the expected type, a date outside years
// 1–9999, a number out of range, an unknown enum value) is the documented bad-input error
// naming the field; and none of it writes anything.
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSchema } from '../../src/graphql/schema';
import { restRoutes } from '../../src/rest/routes';
import { loginAs } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';

let t: TestGateway;
let token: string;
let before: string;

beforeAll(async () => {
  t = await startTestGateway();
  // An author's session: every scope, so that nothing is refused before its input is read.
  token = (await loginAs(t, 'pixelforge')).accessToken;
  before = await fingerprint();
});
afterAll(() => t.close());

/** Everything a request could have written, in one string (bookkeeping columns left out). */
async function fingerprint(): Promise<string> {
  const tables = [
    'accounts',
    'personal_access_tokens',
    'legacy_api_keys',
    'sessions',
    'refresh_tokens',
    'categories',
    'items',
    'item_versions',
    'purchases',
    'ledger_entries',
    'download_grants',
    'favorites',
    'workspaces',
    'workspace_members',
    'webhooks',
    'webhook_deliveries',
  ];
  const counts = await t.db.query<Record<string, unknown>>(
    `SELECT ${tables.map((name) => `(SELECT count(*) FROM ${name})::int AS ${name}`).join(', ')}`,
  );
  const state = await t.db.query<Record<string, unknown>>(
    `SELECT (SELECT sum(balance_cents) FROM accounts)::text AS balances,
            (SELECT max(updated_at) FROM accounts)::text AS accounts_updated,
            (SELECT max(updated_at) FROM items)::text AS items_updated,
            (SELECT count(*) FROM personal_access_tokens WHERE revoked_at IS NOT NULL)::int AS revoked`,
  );
  return JSON.stringify([counts[0], state[0]]);
}

// ─── GraphQL ─────────────────────────────────────────────────────────────────────────

const b64 = (text: string) => Buffer.from(text).toString('base64');

interface Slot {
  /** e.g. ["input", "socialLinks", 0, "url"] */
  path: (string | number)[];
  type: GraphQLInputType;
  /** The node types a global id here must name (empty: any id, as node(id:) takes). */
  idTypes: string[] | null;
}

function idTypesOf(input: GraphQLArgument | GraphQLInputField): string[] | null {
  const extensions = input.extensions as { isRelayGlobalID?: boolean; relayGlobalIDFor?: Array<{ typename: string }> | null };
  if (!extensions?.isRelayGlobalID) return null;
  return extensions.relayGlobalIDFor?.map((entry) => entry.typename) ?? [];
}

/** A value of the type that coerces (it need not make sense). */
function valid(type: GraphQLInputType, idTypes: string[] | null, depth = 0): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return [valid(nullable.ofType, idTypes, depth)];
  if (isInputObjectType(nullable)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(nullable.getFields())) {
      if (isNonNullType(field.type) && depth < 4) value[field.name] = valid(field.type, idTypesOf(field), depth + 1);
    }
    return value;
  }
  if (isEnumType(nullable)) return nullable.getValues()[0]!.value;
  if (idTypes) return encodeGlobalID(idTypes[0] ?? 'Item', 1);
  switch (getNamedType(type).name) {
    case 'Int':
    case 'Float':
    case 'SafeInt':
      return 1;
    case 'Boolean':
      return false;
    case 'DateTime':
      return '2024-01-01T00:00:00Z';
    case 'JSON':
      return {};
    default:
      return 'probe';
  }
}

/** Every scalar or enum place under an argument, lists entered once. */
function slots(name: string, type: GraphQLInputType, idTypes: string[] | null, path: (string | number)[] = [name], depth = 0): Slot[] {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return slots(name, nullable.ofType, idTypes, [...path, 0], depth);
  if (isInputObjectType(nullable)) {
    if (depth > 3) return [];
    return Object.values(nullable.getFields()).flatMap((field) => slots(field.name, field.type, idTypesOf(field), [...path, field.name], depth + 1));
  }
  return [{ path, type: nullable, idTypes }];
}

/** The value with `value` put at `path`, building the containers on the way. */
function place(args: Record<string, unknown>, field: GraphQLField<unknown, unknown>, slot: Slot, value: unknown): Record<string, unknown> {
  const copy = structuredClone(args);
  let container: Record<string | number, unknown> = copy;
  let type: GraphQLInputType = field.args.find((arg) => arg.name === slot.path[0])!.type;
  for (let i = 0; i < slot.path.length - 1; i++) {
    const key = slot.path[i]!;
    const nullable = getNullableType(type);
    const next = slot.path[i + 1]!;
    let inner: GraphQLInputType;
    if (isListType(nullable)) inner = nullable.ofType;
    else if (isInputObjectType(nullable)) inner = nullable.getFields()[String(next)]!.type;
    else inner = nullable;
    if (container[key] === undefined || container[key] === null) container[key] = typeof next === 'number' ? [] : {};
    if (typeof next === 'number' && (container[key] as unknown[]).length === 0) {
      (container[key] as unknown[]).push(valid(getNullableType(inner) as GraphQLInputType, null));
    }
    container = container[key] as Record<string | number, unknown>;
    type = isListType(nullable) ? nullable : inner;
    if (isListType(nullable)) type = nullable.ofType;
  }
  container[slot.path.at(-1)!] = value;
  return copy;
}

/** Values that can never be right for a slot, with what the answer must be. */
function badValues(slot: Slot): unknown[] {
  const name = getNamedType(slot.type).name;
  if (isEnumType(slot.type)) return ['NO_SUCH_VALUE'];
  if (slot.idTypes) return ['not-an-id', b64('Item:abc'), b64('Item:99999999999'), b64('Nope:1'), 'x\u0000y'];
  switch (name) {
    case 'Int':
      return [2 ** 31, 1.5];
    case 'SafeInt':
      return [2 ** 60];
    case 'DateTime':
      return ['0000-01-01T00:00:00Z', '10000-01-01T00:00:00Z', 'yesterday'];
    case 'Boolean':
    case 'Float':
    case 'JSON':
      return [];
    default:
      return ['a\u0000b'];
  }
}

/** Values a field may accept or refuse, as long as it answers like an API. */
function oddValues(slot: Slot): unknown[] {
  const name = getNamedType(slot.type).name;
  if (name === 'String' && !slot.idTypes) return ['x'.repeat(100_000), '9999999999999', '-1', '🙂'.repeat(300), '   '];
  if (name === 'Int') return [-1, 0, 2 ** 31 - 1];
  return [];
}

type Kind = 'query' | 'mutation' | 'viewer';

/** Root fields, and the fields of the viewer's own account (statement filters, sales ranges, ...). */
function rootCases() {
  const schema = getSchema();
  const cases: Array<{ kind: Kind; field: GraphQLField<unknown, unknown>; slot: Slot; args: Record<string, unknown> }> = [];
  const account = schema.getType('Account') as GraphQLObjectType;
  for (const [kind, parent] of [
    ['query', schema.getQueryType()!],
    ['mutation', schema.getMutationType()!],
    ['viewer', account],
  ] as const) {
    for (const field of Object.values(parent.getFields())) {
      const args: Record<string, unknown> = {};
      for (const arg of field.args) if (isNonNullType(arg.type)) args[arg.name] = valid(arg.type, idTypesOf(arg));
      for (const arg of field.args) for (const slot of slots(arg.name, arg.type, idTypesOf(arg))) cases.push({ kind, field, slot, args });
    }
  }
  return cases;
}

function documentFor(kind: Kind, field: GraphQLField<unknown, unknown>) {
  const variables = field.args.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
  const passed = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const selection = isScalarType(getNamedType(field.type)) || isEnumType(getNamedType(field.type)) ? '' : ' { __typename }';
  const call = `${field.name}${passed ? `(${passed})` : ''}${selection}`;
  const operation = kind === 'mutation' ? 'mutation' : 'query';
  return `${operation}${variables ? `(${variables})` : ''} { ${kind === 'viewer' ? `viewer { ${call} }` : call} }`;
}

const slotName = (slot: Slot) =>
  slot.path
    .filter((part, index) => !(index === 0 && part === 'input' && slot.path.length > 1))
    .reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part), '');

function namesTheSlot(error: { message: string; extensions?: Record<string, unknown> }, slot: Slot): boolean {
  const name = slotName(slot);
  const fields = (error.extensions?.fields as Array<{ field: string }> | undefined)?.map((entry) => entry.field) ?? [];
  return error.extensions?.field === name || fields.includes(name) || error.message.includes(String(slot.path.at(-1)));
}

describe('GraphQL: every argument of every root field', () => {
  const cases = rootCases();

  it('covers the schema: every argument place of every root field and of the viewer', () => {
    expect(cases.length).toBeGreaterThan(80);
    for (const name of ['statement', 'salesSummary', 'purchases', 'checkVersions', 'register', 'purchaseItem']) {
      expect(
        cases.some((entry) => entry.field.name === name),
        name,
      ).toBe(true);
    }
  });

  it('answers a value that cannot be right with BAD_USER_INPUT naming it, never a 5xx, and writes nothing', async () => {
    const failures: string[] = [];
    for (const { kind, field, slot, args } of cases) {
      for (const value of badValues(slot)) {
        const variables = place(args, field, slot, value);
        const { status, data, errors } = await t.graphql(documentFor(kind, field), variables as never, { token });
        const label = `${field.name}(${slotName(slot)} = ${JSON.stringify(value).slice(0, 40)})`;
        if (status >= 500) failures.push(`${label}: HTTP ${status}`);
        // node(id:) and nodes(ids:) take any id: one that names nothing answers null.
        if (slot.idTypes?.length === 0 && getNamedType(slot.type).name === 'ID' && !String(value).includes('\u0000')) {
          if (errors?.length) failures.push(`${label}: an error for an id that names nothing: ${errors[0]!.message}`);
          else if (JSON.stringify(data).includes('"id"')) failures.push(`${label}: found something`);
          continue;
        }
        const refusal = errors?.find((error) => error.extensions?.code === 'BAD_USER_INPUT' && namesTheSlot(error, slot));
        if (!refusal) failures.push(`${label}: ${JSON.stringify(errors ?? data).slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await fingerprint()).toBe(before);
  }, 600_000);

  it('answers odd values (huge, signed, emoji, blank) as an API does: never a 5xx', async () => {
    const failures: string[] = [];
    for (const { kind, field, slot, args } of cases) {
      // Mutations that would succeed with an odd but acceptable value are left out: this is
      // about not crashing, and a write here would be a write the test asked for.
      if (kind === 'mutation') continue;
      for (const value of oddValues(slot)) {
        const { status, errors } = await t.graphql(documentFor(kind, field), place(args, field, slot, value) as never, { token });
        const internal = errors?.find((error) => ['INTERNAL_SERVER_ERROR', 'SERVICE_UNAVAILABLE'].includes(String(error.extensions?.code)));
        if (status >= 500 || internal) failures.push(`${field.name}(${slotName(slot)}): HTTP ${status} ${internal?.message ?? ''}`);
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);
});

// ─── REST ────────────────────────────────────────────────────────────────────────────

interface RestSlot {
  in: 'path' | 'query' | 'body';
  name: string;
}

function restSlots(route: (typeof restRoutes)[number]): RestSlot[] {
  const found: RestSlot[] = [];
  for (const [, name] of route.path.matchAll(/:([a-z_]+)/g)) found.push({ in: 'path', name: name! });
  for (const parameter of route.docs?.parameters ?? []) if (parameter.in === 'query') found.push({ in: 'query', name: parameter.name });
  if (route.list) {
    for (const name of ['page', 'per_page', 'sort', 'cursor']) found.push({ in: 'query', name });
    if (route.list.search) found.push({ in: 'query', name: 'search' });
    for (const filter of route.list.filters ?? []) found.push({ in: 'query', name: `filter[${filter.name}]` });
  }
  const shape = (route.docs?.body?.schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  for (const name of Object.keys(shape ?? {})) found.push({ in: 'body', name });
  return found;
}

const REST_BAD = ['a\u0000b', '99999999999999999999', '-1', '0000-01-01', 'x'.repeat(10_000), '🙂', '%E0%A4%A'];

function restRequest(route: (typeof restRoutes)[number], slot: RestSlot, value: string) {
  let path = route.path.replace(/:([a-z_]+)/g, (_, name: string) => (slot.in === 'path' && slot.name === name ? encodeURIComponent(value) : '1'));
  if (slot.in === 'query') path += `?${new URLSearchParams({ [slot.name]: value })}`;
  const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
  const body = hasBody ? JSON.stringify(slot.in === 'body' ? { [slot.name]: value } : {}) : undefined;
  return t.request(path, { method: route.method, token, headers: hasBody ? { 'content-type': 'application/json' } : {}, body });
}

describe('REST: every parameter of every route', () => {
  const routes = restRoutes.filter((route) => !route.internal && route.docs);

  it('never answers 5xx; a NUL character is a 400 naming the parameter; nothing is written', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      for (const slot of restSlots(route)) {
        for (const value of REST_BAD) {
          const response = await restRequest(route, slot, value);
          const text = await response.text();
          const label = `${route.method} ${route.path} ${slot.in} ${slot.name}=${JSON.stringify(value).slice(0, 30)}`;
          if (response.status >= 500) failures.push(`${label}: ${response.status} ${text.slice(0, 120)}`);
          if (value.includes('\u0000')) {
            if (response.status !== 400) failures.push(`${label}: ${response.status}, not 400`);
            else if (route.profile !== 'legacy' && !text.includes(`"field":"${slot.name}"`))
              failures.push(`${label}: 400 without naming it: ${text.slice(0, 160)}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('left the database as it found it', async () => {
    // Routes that write (favorites, downloads, sessions) were only ever sent refusable input
    // above, or input that names nothing; the sessions this suite opened were opened first.
    const after = JSON.parse(await fingerprint()) as [Record<string, number>, Record<string, unknown>];
    const start = JSON.parse(before) as [Record<string, number>, Record<string, unknown>];
    expect(after[1]).toEqual(start[1]);
    for (const table of ['accounts', 'items', 'purchases', 'ledger_entries', 'favorites', 'personal_access_tokens']) {
      expect(after[0][table], table).toBe(start[0][table]);
    }
  });
});
