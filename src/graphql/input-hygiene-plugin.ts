// A Pothos plugin that refuses, before anything else reads them, two kinds of argument no
// field can use, naming each one (BAD_USER_INPUT with `fields`, src/graphql/validation.ts):
//   - a string holding a NUL character anywhere (PostgreSQL text cannot store one: left
//     alone it reached the database and came back as an internal error);
//   - a global id where a typed one is expected (`t.arg.globalID({ for: Item })`, in an
//     argument or an input field) that is not the id of one of those types: undecodable,
//     of another type, or with a database id that is not a positive 32-bit integer.
// It sits before the relay plugin, whose own id decoding would fail without the
// argument's name. `node`/`nodes` take any id and answer null for a bad one.
import SchemaBuilder, { BasePlugin, type PartialResolveInfo, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import { getNullableType, isInputObjectType, isListType, type GraphQLArgument, type GraphQLInputField, type GraphQLInputType } from 'graphql';
import { decodeTypedId } from './global-ids';
import { validationError } from './validation';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      inputHygiene: InputHygienePlugin<Types>;
    }
  }
}

interface Issue {
  path: (string | number)[];
  message: string;
}

/** The type names a global-id argument or input field must carry, or null when any will do. */
function idTypes(input: GraphQLArgument | GraphQLInputField): string[] | null {
  const extensions = input.extensions as { isRelayGlobalID?: boolean; relayGlobalIDFor?: Array<{ typename: string }> | null };
  if (!extensions?.isRelayGlobalID || !extensions.relayGlobalIDFor) return null;
  return extensions.relayGlobalIDFor.map((entry) => entry.typename);
}

/** "an Item", "a PersonalAccessToken", "one of Item, Category". */
function article(types: string[]): string {
  if (types.length > 1) return `one of ${types.join(', ')}`;
  return `${/^[AEIOU]/.test(types[0]!) ? 'an' : 'a'} ${types[0]}`;
}

function check(value: unknown, type: GraphQLInputType, types: string[] | null, path: (string | number)[], issues: Issue[]): void {
  if (value === null || value === undefined) return;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) check(item, nullable.ofType, types, [...path, index], issues);
    }
    return;
  }
  if (isInputObjectType(nullable)) {
    if (typeof value !== 'object') return;
    for (const field of Object.values(nullable.getFields())) {
      check((value as Record<string, unknown>)[field.name], field.type, idTypes(field), [...path, field.name], issues);
    }
    return;
  }
  if (typeof value !== 'string') return;
  if (value.includes('\u0000')) issues.push({ path, message: 'must not contain NUL characters' });
  else if (types && !decodeTypedId(value, types)) issues.push({ path, message: `must be the id of ${article(types)}` });
}

export class InputHygienePlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    if (Object.keys(fieldConfig.args).length === 0) return fieldConfig;
    const { parentType, name } = fieldConfig;
    const hygiene = (args: Record<string, unknown>, _context: object, info: PartialResolveInfo) => {
      const parent = info.schema.getType(parentType);
      const definition =
        parent && 'getFields' in parent ? (parent.getFields() as Record<string, { args?: readonly GraphQLArgument[] }>)[name] : undefined;
      const issues: Issue[] = [];
      for (const arg of definition?.args ?? []) check(args[arg.name], arg.type, idTypes(arg), [arg.name], issues);
      if (issues.length) throw validationError(issues);
      return args;
    };
    // First of the field's argument mappers: nothing else sees what it refuses.
    return { ...fieldConfig, argMappers: [hygiene, ...(fieldConfig.argMappers ?? [])] };
  }
}

SchemaBuilder.registerPlugin('inputHygiene', InputHygienePlugin);

export default 'inputHygiene';
