// The scope-checks plugin (src/graphql/scope-checks-plugin.ts) is scope-auth with a fast
// path for "allowed". One schema, holding every kind of rule the plugin may meet, is built
// twice: once on scope-auth itself, once on the plugin. Every query of the table, asked by
// every caller of the table, must get the same response (data, errors and their messages)
// from both; and the fast path must actually run where the rules admit the caller.
import SchemaBuilder from '@pothos/core';
import type ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { graphql, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import ScopeChecksPlugin from '../../src/graphql/scope-checks-plugin';

type Caller = { id: number; scopes: string[] };
type Context = { caller: Caller | null; asked: { rowRule: number } };
type Row = { id: number; ownerId: number; hidden: boolean };

const ROWS: Row[] = [
  { id: 1, ownerId: 1, hidden: false },
  { id: 2, ownerId: 2, hidden: false },
  { id: 3, ownerId: 1, hidden: true },
  { id: 4, ownerId: 2, hidden: true },
];

function buildSchema(plugin: typeof ScopeChecksPlugin | 'scopeAuth'): GraphQLSchema {
  const builder = new SchemaBuilder<{
    Context: Context;
    AuthScopes: { public: boolean; read: boolean; write: boolean; admin: boolean; ownerOf: number };
  }>({
    plugins: [plugin as typeof ScopeAuthPlugin],
    scopeAuth: {
      authScopes: (context) => {
        const held = new Set(context.caller?.scopes ?? []);
        return {
          public: true,
          read: held.has('read'),
          write: held.has('write'),
          admin: held.has('admin'),
          // A scope loader: the fast path leaves it to scope-auth.
          ownerOf: (ownerId: number) => context.caller?.id === ownerId,
        };
      },
    },
  });

  const Labelled = builder.interfaceRef<Row>('Labelled').implement({
    authScopes: { admin: true },
    fields: (t) => ({ label: t.string({ resolve: (row) => `row ${row.id}` }) }),
  });

  const RowType = builder.objectRef<Row>('Row').implement({
    // The kinds of type rule: a function answering true, a map, a granted scope or false.
    authScopes: (row, context) => {
      context.asked.rowRule += 1;
      if (!row.hidden) return true;
      if (context.caller?.id === row.ownerId) return { read: true, $granted: 'justMade' };
      return false;
    },
    fields: (t) => ({
      id: t.exposeInt('id', { nullable: true }),
      owner: t.exposeInt('ownerId', { nullable: true, authScopes: { read: true } }),
      secret: t.string({ nullable: true, authScopes: { $any: { admin: true, write: true } }, resolve: () => 'secret' }),
      both: t.string({ nullable: true, authScopes: { $all: { read: true, write: true } }, resolve: () => 'both' }),
      mine: t.string({ nullable: true, authScopes: (row) => ({ ownerOf: row.ownerId }), resolve: () => 'mine' }),
      byArg: t.string({
        nullable: true,
        args: { as: t.arg.string({ required: true }) },
        authScopes: (_row, args) => (args.as === 'reader' ? { read: true } : args.as === 'open'),
        resolve: (_row, args) => args.as,
      }),
      thrown: t.string({
        nullable: true,
        authScopes: () => {
          throw new Error('the rule broke');
        },
        resolve: () => 'never',
      }),
      later: t.string({ nullable: true, authScopes: async () => ({ read: true }), resolve: () => 'later' }),
      skipsType: t.string({ nullable: true, skipTypeScopes: true, authScopes: { write: true }, resolve: () => 'skips' }),
      fallback: t.string({
        nullable: true,
        authScopes: { admin: true },
        unauthorizedResolver: () => 'fallback',
        resolve: () => 'admin',
      }),
    }),
  });

  const LabelledRow = builder.objectRef<Row>('LabelledRow').implement({
    interfaces: [Labelled],
    isTypeOf: () => true,
    fields: (t) => ({ id: t.exposeInt('id', { nullable: true }) }),
  });

  builder.queryType({
    fields: (t) => ({
      rows: t.field({ type: [RowType], nullable: { list: false, items: true }, resolve: () => ROWS }),
      readRows: t.field({ type: [RowType], nullable: true, authScopes: { read: true }, resolve: () => ROWS }),
      labelled: t.field({ type: [LabelledRow], resolve: () => ROWS.slice(0, 2) }),
    }),
  });

  builder.mutationType({
    fields: (t) => ({
      make: t.field({
        type: RowType,
        nullable: true,
        authScopes: { write: true },
        grantScopes: ['justMade'],
        resolve: () => ROWS[3]!,
      }),
    }),
  });

  return builder.toSchema();
}

const plain = buildSchema('scopeAuth');
const checked = buildSchema(ScopeChecksPlugin);

const CALLERS: Record<string, Caller | null> = {
  anonymous: null,
  'owner of 1 and 3, read': { id: 1, scopes: ['read'] },
  'owner of 2 and 4, read and write': { id: 2, scopes: ['read', 'write'] },
  'owner of 2 and 4, no scopes': { id: 2, scopes: [] },
  'owner of 2 and 4, write only': { id: 2, scopes: ['write'] },
  admin: { id: 9, scopes: ['admin'] },
};

const QUERIES: Record<string, string> = {
  'every field of every row':
    '{ rows { id owner secret both mine reader: byArg(as: "reader") open: byArg(as: "open") shut: byArg(as: "shut") thrown later skipsType fallback } }',
  'a root field with a rule': '{ readRows { id owner } }',
  'fields under an interface rule': '{ labelled { id label } }',
  'a granted scope from a mutation': 'mutation { make { id owner later } }',
};

async function ask(schema: GraphQLSchema, source: string, caller: Caller | null) {
  const context: Context = { caller, asked: { rowRule: 0 } };
  const result = await graphql({ schema, source, contextValue: context });
  return { result: JSON.parse(JSON.stringify(result)), asked: context.asked.rowRule };
}

describe('scope checks with a fast path', () => {
  for (const [queryName, source] of Object.entries(QUERIES)) {
    for (const [callerName, caller] of Object.entries(CALLERS)) {
      it(`answers like scope-auth: ${queryName}, ${callerName}`, async () => {
        const expected = await ask(plain, source, caller);
        const actual = await ask(checked, source, caller);
        expect(actual.result).toEqual(expected.result);
      });
    }
  }

  it('asks the rules itself where they admit the caller', async () => {
    // scope-auth runs a type rule once per row and caches it; the fast path asks it on each
    // field it admits. Were every field to go through scope-auth's wrapper, the counts would match.
    const source = '{ rows { id owner skipsType } }';
    const caller = CALLERS['owner of 2 and 4, read and write']!;
    const viaScopeAuth = await ask(plain, source, caller);
    const viaFastPath = await ask(checked, source, caller);
    expect(viaFastPath.result).toEqual(viaScopeAuth.result);
    expect(viaScopeAuth.asked).toBe(ROWS.length);
    expect(viaFastPath.asked).toBeGreaterThan(viaScopeAuth.asked);
  });

  it('refuses what scope-auth refuses, with its messages', async () => {
    const { result } = await ask(checked, '{ rows { id owner } }', CALLERS.anonymous!);
    const messages = (result.errors as { message: string; path: unknown[] }[]).map((error) => `${error.path.join('.')}: ${error.message}`);
    // Rows 3 and 4 are hidden from the anonymous caller (the type rule); owner needs read on all four.
    expect(messages).toEqual(
      expect.arrayContaining(['rows.2.id: Not authorized to read fields for Row', 'rows.0.owner: Not authorized to resolve Row.owner']),
    );
    expect(result.data.rows.map((row: { id: number | null }) => row.id)).toEqual([1, 2, null, null]);
  });
});
