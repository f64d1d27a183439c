// The nullability rule (docs/decisions.md, "Nullability"): a field that can be refused
// (a scope, ownership, anonymity) is nullable, so a refusal nulls that field alone and adds
// an error with its path while its siblings stand, the rule GitHub's and Shopify's schemas
// follow. Such a field is also marked `@semanticNonNull` (the GraphQL nullability working
// group's directive): it is null only where an error says why, so clients that stop at an
// error (Relay's @throwOnFieldError, Apollo's errorPolicy "none", graphql-toe, and this
// project's typed REST operations) keep a non-null type. Decided here once, from each
// field's scope-auth rule, rather than remembered on every field.
// test/graphql/nullability.test.ts walks the schema to hold the rule.
import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import { DirectiveLocation, GraphQLDirective, GraphQLInt, GraphQLList } from 'graphql';
import { isPublicRule } from './open-rules-plugin';

declare global {
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      refusableFields: RefusableFieldsPlugin<Types>;
    }
  }
}

/** Whether scope-auth may refuse this field (it has a rule that does not admit everyone). */
export function isRefusable(authScopes: unknown): boolean {
  return authScopes !== undefined && !isPublicRule(authScopes);
}

/** `@semanticNonNull`: null here only with an error (https://specs.apollo.dev/nullability/v0.4). */
export const semanticNonNull = new GraphQLDirective({
  name: 'semanticNonNull',
  description: 'Null here only when an error in `errors` says why (a refusal): the value is otherwise never null.',
  locations: [DirectiveLocation.FIELD_DEFINITION],
  args: { levels: { type: new GraphQLList(GraphQLInt), defaultValue: [0] } },
});

export class RefusableFieldsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    const { authScopes } = fieldConfig.pothosOptions as { authScopes?: unknown };
    // A node's id stays ID! (the Node interface says so): an object that can be seen has one.
    if (fieldConfig.type.nullable || fieldConfig.name === 'id' || !isRefusable(authScopes)) return fieldConfig;
    return {
      ...fieldConfig,
      type: { ...fieldConfig.type, nullable: true },
      extensions: { ...fieldConfig.extensions, directives: { semanticNonNull: {} } },
    };
  }
}

SchemaBuilder.registerPlugin('refusableFields', RefusableFieldsPlugin);

export default 'refusableFields';
