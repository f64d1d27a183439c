// The one Pothos schema builder. Each domain adds its types and fields to it in its own
// `schema.ts`; src/graphql/schema.ts imports them all and builds the schema.
import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import ValidationPlugin from '@pothos/plugin-validation';
import { isObjectType, type GraphQLResolveInfo } from 'graphql';
import { JSONResolver, SafeIntResolver } from 'graphql-scalars';
import { ALL_SCOPES as SCOPE_NAMES, type Scope } from '../accounts/scopes';
import type { Context } from './context';
import { authorizationError } from './authorization';
import { lenientDecodeGlobalID, parseDatabaseId } from './global-ids';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pages';
import { DateTime, EmailAddress, Url, Uuid } from './scalars';
import InputHygienePlugin from './input-hygiene-plugin';
import QueryCostPlugin from './query-cost-plugin';
import OpenRulesPlugin from './open-rules-plugin';
import RefusableFieldsPlugin from './refusable-fields-plugin';
import ScopeChecksPlugin from './scope-checks-plugin';
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
    EmailAddress: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
    SafeInt: { Input: number; Output: number };
    URL: { Input: string; Output: string };
    UUID: { Input: string; Output: string };
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
  // Refusable fields are made nullable (the rule GitHub's schema follows) before the others see them.
  // Before all of them, `{ public: true }` rules are set aside: they cost no scope-auth wrapper.
  // ScopeChecksPlugin is scope-auth with a fast path for fields whose rules admit the caller.
  plugins: [
    InputHygienePlugin,
    RelayPlugin,
    ScopeChecksPlugin,
    ValidationPlugin,
    DataloaderPlugin,
    QueryCostPlugin,
    ComplexityPlugin,
    RefusableFieldsPlugin,
    OpenRulesPlugin,
  ],
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
    edgesFieldOptions: { nullable: false, description: "The rows of this page, in the list's order, each with its cursor." },
    nodeFieldOptions: { nullable: false, description: 'The row at this position of the list.' },
    cursorFieldOptions: { description: "This row's position in the list (opaque): pass it as after or before." },
    pageInfoFieldOptions: { description: 'Whether rows lie before and after this page, and the cursors to reach them.' },
    pageInfoTypeOptions: { description: 'Where a page sits in its list: whether rows lie before and after it, and the cursors of its ends.' },
    hasNextPageFieldOptions: {
      description: 'True when rows follow this page. Paging backwards (last or before), true whenever before or an offset above 0 was given.',
    },
    hasPreviousPageFieldOptions: {
      description: 'True when rows come before this page. Paging forwards, true whenever after or an offset above 0 was given.',
    },
    startCursorFieldOptions: {
      description: 'Cursor of the first edge; null when the page is empty. Pass it as before (with last) for the page before.',
    },
    endCursorFieldOptions: { description: 'Cursor of the last edge; null when the page is empty. Pass it as after (with first) for the next page.' },
    firstArgOptions: {
      description: `Rows to return from the start (or after the after cursor): 0 to ${MAX_PAGE_SIZE}; ${DEFAULT_PAGE_SIZE} when neither first nor last is given. Not together with last or before.`,
    },
    lastArgOptions: {
      description: `Rows to return from the end (or before the before cursor): 0 to ${MAX_PAGE_SIZE}. Not together with first or after.`,
    },
    afterArgOptions: { description: 'Start after this cursor (an edge cursor or pageInfo.endCursor). Not together with before, last or offset.' },
    beforeArgOptions: { description: 'End before this cursor (an edge cursor or pageInfo.startCursor). Not together with after, first or offset.' },
    nodeTypeOptions: { description: 'An object with a global id, which node(id:) and nodes(ids:) fetch.' },
    // Ids that cannot name a record of ours (malformed, another kind of object, a number
    // out of range) resolve to nothing, like unknown ones; each node type loads only what
    // the caller may see (its loader), so a foreign id answers null too, with no error
    // that tells the cases apart.
    decodeGlobalID: lenientDecodeGlobalID,
    // node(id:) is open to all; what it returns is guarded by each type's own rule.
    nodeQueryOptions: {
      description: 'Any object by its global id; null when the id is malformed or unknown, or names something you may not see.',
      authScopes: { public: true },
      args: { id: { description: 'A global id: the id field of any object.' } },
      resolve: (_root, args, _context, info, resolveNode) => (isNodeId(args.id, info) ? resolveNode(args.id) : null),
    },
    nodesQueryOptions: {
      description:
        `Objects by their global ids (at most ${MAX_NODE_IDS}), one answer per id in the order given: ` +
        'null in place of an id that is malformed or unknown, or names something you may not see.',
      authScopes: { public: true },
      args: { ids: { ...atMost(MAX_NODE_IDS), description: `Global ids (id fields), at most ${MAX_NODE_IDS}.` } },
      resolve: (_root, args, _context, info, resolveNodes) => {
        // The plugin resolves `args.ids` itself: an entry set to null answers null in its place.
        const ids = args.ids as Array<(typeof args.ids)[number] | null>;
        ids.forEach((id, index) => {
          if (!isNodeId(id, info)) ids[index] = null;
        });
        return resolveNodes(args.ids);
      },
    },
    idFieldOptions: {
      authScopes: { public: true },
      description: 'The global id (opaque): pass it to node(id:) or to an argument that takes this type of id.',
    },
  },
});

builder.addScalarType('DateTime', DateTime);
builder.addScalarType('JSON', JSONResolver);
// Money in cents: totals outgrow GraphQL's 32-bit Int (about $21M).
builder.addScalarType('SafeInt', SafeIntResolver);
// Stored text, answered unchanged; input checked by our rules (src/graphql/scalars.ts).
builder.addScalarType('EmailAddress', EmailAddress);
builder.addScalarType('URL', Url);
builder.addScalarType('UUID', Uuid);

builder.queryType({ description: 'The root of every read.' });
builder.mutationType({ description: 'The root of every write.' });
