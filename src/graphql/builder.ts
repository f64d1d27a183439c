// The one Pothos schema builder. Each domain adds its types and fields to it in its own
// `schema.ts`; src/graphql/schema.ts imports them all and builds the schema.
import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import { isObjectType, type GraphQLResolveInfo } from 'graphql';
import { JSONResolver, SafeIntResolver } from 'graphql-scalars';
import { ALL_SCOPES as SCOPE_NAMES, type Scope } from '../accounts/scopes';
import type { Context } from './context';
import { authorizationError } from './authorization';
import { lenientDecodeGlobalID, parseDatabaseId } from './global-ids';
import { DateTime } from './scalars';
import InputHygienePlugin from './input-hygiene-plugin';
import QueryCostPlugin from './query-cost-plugin';
import { atMost, validationError } from './validation';

/** A decoded id a node type of the schema can look up. */
function isNodeId(id: { typename: string; id: unknown } | null, info: GraphQLResolveInfo): boolean {
  if (!id) return false;
  const type = info.schema.getType(id.typename);
  return isObjectType(type) && type.getInterfaces().some((iface) => iface.name === 'Node') && parseDatabaseId(String(id.id)) !== null;
}

/** nodes(ids:) answers at most this many ids at once (as many as a page). */
export const MAX_NODE_IDS = 100;

export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: { [S in Scope]: boolean } & {
    /** Explicitly open to everyone; the schema-walk test requires a rule on every field. */
    public: boolean;
    /** Any authenticated caller, whatever its scopes. */
    authenticated: boolean;
    /** Sessions only (login), never personal access tokens. */
    session: boolean;
  };
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
    SafeInt: { Input: number; Output: number };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  defaultFieldNullability: false,
  // Order matters: a plugin wraps the resolvers of those after it. Input hygiene refuses
  // NUL characters and mistyped ids before anything decodes them. Scope-auth checks first
  // (a caller who may not call a field learns nothing of its rules), then input validation.
  // Records are loaded by per-request DataLoaders (plugin-dataloader): a field returning
  // an object may return its id, and the ids of one page are loaded in one statement.
  // Field configs pass through the plugins last to first: the query cost plugin, before
  // the complexity plugin, replaces the defaults that one sets.
  plugins: [InputHygienePlugin, RelayPlugin, ScopeAuthPlugin, ValidationPlugin, DataloaderPlugin, QueryCostPlugin, ComplexityPlugin],
  validation: { validationError: (failure) => validationError(failure.issues) },
  scopeAuth: {
    // Computed once per request; fields declare what they need, e.g. { 'purchase:list': true }.
    authScopes: (context) => {
      const viewer = context.viewer;
      return {
        public: true,
        authenticated: viewer !== null,
        session: viewer?.credential === 'session',
        ...Object.fromEntries(SCOPE_NAMES.map((scope) => [scope, viewer?.scopes.has(scope) ?? false])),
      } as { [S in Scope]: boolean } & { public: boolean; authenticated: boolean; session: boolean };
    },
    unauthorizedError: (_parent, context, info, result) => authorizationError(context, info, result),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    // Ids that cannot name a record of ours (malformed, another kind of object, a number
    // out of range) resolve to nothing, like unknown ones; each node type loads only what
    // the caller may see (its loader), so a foreign id answers null too, with no error
    // that tells the cases apart.
    decodeGlobalID: lenientDecodeGlobalID,
    // node(id:) is open to all; what it returns is guarded by each type's own rule.
    nodeQueryOptions: {
      authScopes: { public: true },
      resolve: (_root, args, _context, info, resolveNode) => (isNodeId(args.id, info) ? resolveNode(args.id) : null),
    },
    nodesQueryOptions: {
      authScopes: { public: true },
      args: { ids: atMost(MAX_NODE_IDS) },
      resolve: (_root, args, _context, info, resolveNodes) => {
        // The plugin resolves `args.ids` itself: an entry set to null answers null in its place.
        const ids = args.ids as Array<(typeof args.ids)[number] | null>;
        ids.forEach((id, index) => {
          if (!isNodeId(id, info)) ids[index] = null;
        });
        return resolveNodes(args.ids);
      },
    },
    idFieldOptions: { authScopes: { public: true } },
  },
});

builder.addScalarType('DateTime', DateTime);
builder.addScalarType('JSON', JSONResolver);
// Money in cents: totals outgrow GraphQL's 32-bit Int (about $21M).
builder.addScalarType('SafeInt', SafeIntResolver);

builder.queryType({ description: 'The root of every read.' });
builder.mutationType({ description: 'The root of every write.' });
