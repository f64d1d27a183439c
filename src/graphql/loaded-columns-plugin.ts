// A Pothos plugin that lets a field of a select-mode Prisma object read a column the row
// already carries without asking plugin-prisma's loader map first.
//
// In select mode (`select: {...}` on a prismaObject) plugin-prisma loads only the columns
// the request's fields ask for, and wraps every field that declared a selection (each
// `t.expose*`, each `t.field({ select })`) to find out, per row and per field, whether the
// planned query loaded it or a fallback query must. That lookup builds response-path keys
// and walks the path's ancestors: measured, it was the largest single cost of a 50-row
// page (issue 8, docs/benchmarks.md). For a field that reads plain columns of its own row
// the answer is in the row itself: a column the query selected is a property of the row
// (null when the value is null); a column it did not select is absent. So: when every
// column the field declared is present, resolve at once; otherwise go the plugin-prisma
// way (which loads what is missing).
//
// Only plain columns qualify (the `select` is `{ column: true, ... }` over scalar and enum
// fields of the model); a field selecting a relation, or a computed selection (a function
// of arguments), keeps plugin-prisma's wrapper, which also records the mappings nested
// fields look up. The plugin sits between scope-auth and plugin-prisma in the plugin list,
// so authorization still wraps both paths.
import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import { defaultFieldResolver, type GraphQLFieldResolver } from 'graphql';
import { getDatamodel } from '../generated/pothos-types';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      loadedColumns: LoadedColumnsPlugin<Types>;
    }
  }
}

const pluginName = 'loadedColumns';

/** Scalar and enum fields of each model (relations excluded), from the generated datamodel. */
const columnsByModel = new Map<string, Set<string>>(
  Object.entries(getDatamodel().datamodel.models).map(([model, { fields }]) => [
    model,
    new Set(fields.filter((field) => field.kind === 'scalar' || field.kind === 'enum').map((field) => field.name)),
  ]),
);

/** The columns a field's static selection names, when it names nothing but plain columns. */
export function plainColumns(select: unknown, model: string): string[] | null {
  const columns = columnsByModel.get(model);
  if (!columns || !select || typeof select !== 'object') return null;
  const entries = Object.entries(select);
  if (entries.length === 0) return null;
  for (const [name, wanted] of entries) if (wanted !== true || !columns.has(name)) return null;
  return entries.map(([name]) => name);
}

export class LoadedColumnsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (fieldConfig.kind !== 'PrismaObject') return resolver;
    const model = this.buildCache.getTypeConfig(fieldConfig.parentType).extensions?.pothosPrismaModel;
    const original = fieldConfig.resolve ?? defaultFieldResolver;
    const columns = typeof model === 'string' ? plainColumns(fieldConfig.extensions?.pothosPrismaSelect, model) : null;
    if (!columns) return resolver;
    const [only] = columns;
    if (columns.length === 1) {
      return (parent, args, context, info) =>
        (parent as Record<string, unknown>)[only!] === undefined ? resolver(parent, args, context, info) : original(parent, args, context, info);
    }
    return (parent, args, context, info) => {
      const row = parent as Record<string, unknown>;
      for (const column of columns) if (row[column] === undefined) return resolver(parent, args, context, info);
      return original(parent, args, context, info);
    };
  }
}

SchemaBuilder.registerPlugin(pluginName, LoadedColumnsPlugin);

export default pluginName;
