// Every list a client can send is bounded: each list-typed argument and input field of
// the schema declares its maximum (src/graphql/validation.ts `atMost`), which is checked
// before its resolver runs. A new list without one fails here.
import { getNullableType, isInputObjectType, isListType, type GraphQLArgument, type GraphQLInputField } from 'graphql';
import { describe, expect, it } from 'vitest';
import { getSchema } from '../../src/graphql/schema';

function isList(input: GraphQLArgument | GraphQLInputField) {
  return isListType(getNullableType(input.type));
}

describe('list inputs', () => {
  it('declare a maximum number of entries', () => {
    const schema = getSchema();
    const unbounded: string[] = [];
    const check = (where: string, input: GraphQLArgument | GraphQLInputField) => {
      if (isList(input) && typeof input.extensions?.maxItems !== 'number') unbounded.push(where);
    };
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field);
      } else if ('getFields' in type) {
        for (const field of Object.values(type.getFields())) {
          for (const arg of 'args' in field ? field.args : []) check(`${type.name}.${field.name}(${arg.name})`, arg);
        }
      }
    }
    expect(unbounded).toEqual([]);
  });
});
