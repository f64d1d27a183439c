// Builds the executable schema from every domain's schema file.
import { lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder';
import '../accounts/schema';
import '../accounts/profile-schema';
import '../catalog/schema';
import '../catalog/authoring-schema';
import '../catalog/versions-schema';
import '../catalog/author-items';
import '../downloads/schema';
import '../favorites/schema';
import '../stats/schema';
import '../purchases/schema';
import '../ledger/schema';
import '../limits/schema';

let schema: GraphQLSchema | undefined;

/** The schema, built once per process (it does not depend on configuration). */
export function getSchema(): GraphQLSchema {
  schema ??= builder.toSchema({ sortSchema: false });
  return schema;
}

export function printableSchema(): GraphQLSchema {
  return lexicographicSortSchema(getSchema());
}
