// Builds the executable schema from every domain's schema file.
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder';
import { semanticNonNull } from './refusable-fields-plugin';
import '../accounts/schema';
import '../accounts/profile-schema';
import '../accounts/users-schema';
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
import '../webhooks/schema';
import '../workspaces/schema';

let schema: GraphQLSchema | undefined;

/** The schema, built once per process (it does not depend on configuration). */
export function getSchema(): GraphQLSchema {
  schema ??= builder.toSchema({ sortSchema: false, directives: [semanticNonNull] });
  return schema;
}

export function printableSchema(): GraphQLSchema {
  return lexicographicSortSchema(getSchema());
}

/** schema.graphql: the sorted schema in SDL, with the directives applied to its fields. */
export function printedSchema(): string {
  return `${printSchemaWithDirectives(printableSchema())}\n`;
}
