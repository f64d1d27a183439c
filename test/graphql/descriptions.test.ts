// Walks the schema built from code: every type, field, argument, input field and enum value
// must have a description, since GraphiQL's docs are the reference frontend developers and
// analysts read. The failure names each element without one (`Type`, `Type.field`,
// `Type.field(arg)`, `Input.field`, `Enum.VALUE`).
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { printableSchema } from '../../src/graphql/schema';

const described = (thing: { description?: string | null }) => Boolean(thing.description?.trim());

/** Every element of `schema`'s own types that has no description, by name. */
function undescribed(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const types = Object.values(schema.getTypeMap()).filter((type: GraphQLNamedType) => !isIntrospectionType(type));
  for (const type of types) {
    if (!described(type)) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!described(field)) missing.push(`${type.name}.${field.name}`);
        for (const arg of field.args) if (!described(arg)) missing.push(`${type.name}.${field.name}(${arg.name})`);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) if (!described(field)) missing.push(`${type.name}.${field.name}`);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) if (!described(value)) missing.push(`${type.name}.${value.name}`);
    }
  }
  return missing;
}

describe('schema descriptions', () => {
  it('names every kind of element that lacks one (the walk itself)', () => {
    const sample = buildSchema(`
      "Described."
      type Query {
        "Described."
        thing("Described." id: ID, filter: Filter): Kind
        bare: String
      }
      input Filter { "Described." name: String, kind: Kind }
      enum Kind { "Described." ONE, TWO }
    `);
    expect(undescribed(sample).sort()).toEqual(['Filter', 'Filter.kind', 'Kind', 'Kind.TWO', 'Query.bare', 'Query.thing(filter)']);
  });

  it('has a description on every type, field, argument, input field and enum value', () => {
    const schema = printableSchema();
    // The walk reaches the whole schema: the root types, the relay types and the enums.
    expect(Object.keys(schema.getTypeMap())).toEqual(expect.arrayContaining(['Query', 'Mutation', 'Node', 'PageInfo', 'Item', 'ItemStatus']));
    expect(undescribed(schema)).toEqual([]);
  });
});
