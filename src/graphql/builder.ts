// The one Pothos schema builder. Each domain adds its types and fields to it in its own
// `schema.ts`; src/graphql/schema.ts imports them all and builds the schema.
import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { ALL_SCOPES as SCOPE_NAMES, type Scope } from '../accounts/scopes';
import { getDatamodel } from '../generated/pothos-types';
import type PrismaTypes from '../generated/pothos-types';
import type { Context } from './context';
import { authorizationError } from './authorization';

/** Hard cap on any connection page (`first`/`last`), as the API documents (max 100). */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
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
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  defaultFieldNullability: false,
  plugins: [RelayPlugin, ScopeAuthPlugin, PrismaPlugin],
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
  },
  prisma: {
    client: (context) => context.services.db.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    maxConnectionSize: MAX_PAGE_SIZE,
    defaultConnectionSize: DEFAULT_PAGE_SIZE,
    // A resolver that forgets to spread `query` silently adds queries: fail loudly in
    // development and tests (the one place the builder reads the environment: it is built at import).
    onUnusedQuery: process.env.NODE_ENV === 'production' ? null : 'error',
  },
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('JSON', JSONResolver);

builder.queryType({ description: 'The root of every read.' });
builder.mutationType({ description: 'The root of every write.' });
