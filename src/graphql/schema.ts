// Builds the executable schema from every domain's schema file.
import { lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder';
import '../accounts/schema';
import '../catalog/schema';
import '../catalog/versions-schema';
import '../downloads/schema';
import '../favorites/schema';
import '../stats/schema';
import '../purchases/schema';
import '../ledger/schema';

let schema: GraphQLSchema | undefined;

/** The schema, built once per process (it does not depend on configuration). */
export function getSchema(): GraphQLSchema {
  schema ??= builder.toSchema({ sortSchema: false });
  return schema;
}

export function printableSchema(): GraphQLSchema {
  return lexicographicSortSchema(getSchema());
}
