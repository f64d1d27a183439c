// Walks the whole schema: every root field and every field of an entity (a Node type)
// must declare who may read it (scope-auth `authScopes`, `{ public: true }` for public
// ones), and every entity type must have a type-level rule. Value types (Money, PageInfo,
// connections) are reached only through guarded fields, so they are exempt.
import { isObjectType, type GraphQLFieldMap, type GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { declaredRule } from '../../src/graphql/open-rules-plugin';
import { getSchema } from '../../src/graphql/schema';

type WithOptions = { extensions?: Record<string, unknown> | null };
const hasRule = (thing: WithOptions) => declaredRule(thing) !== undefined;

function unguarded(type: GraphQLObjectType): string[] {
  const fields: GraphQLFieldMap<unknown, unknown> = type.getFields();
  return Object.values(fields)
    .filter((field) => !hasRule(field as WithOptions))
    .map((field) => `${type.name}.${field.name}`);
}

describe('scope coverage', () => {
  const schema = getSchema();
  const entities = Object.values(schema.getTypeMap()).filter(
    (type): type is GraphQLObjectType => isObjectType(type) && type.getInterfaces().some((iface) => iface.name === 'Node'),
  );

  it('finds the entity types it checks', () => {
    expect(entities.map((type) => type.name)).toEqual(expect.arrayContaining(['Account', 'Item', 'Category', 'PersonalAccessToken']));
  });

  it('has a rule on every root field', () => {
    const roots = [schema.getQueryType(), schema.getMutationType()].filter((type): type is GraphQLObjectType => Boolean(type));
    expect(roots.flatMap(unguarded)).toEqual([]);
  });

  it('has a rule on every entity type and on each of its fields', () => {
    expect(entities.filter((type) => !hasRule(type as WithOptions)).map((type) => type.name)).toEqual([]);
    expect(entities.flatMap(unguarded)).toEqual([]);
  });
});
