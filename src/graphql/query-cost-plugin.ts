// The cost of each field for the query cost limit (src/limits/query-protection.ts), counted
// in objects as GitHub does: scalars are free, each object costs 1, and what a field
// returns counts once per item of its page: `first`/`last` for connections (their default
// page size when neither is given), one per id for nodes(ids:), 10 for other lists.
//
// Decided once per field while the schema is built, replacing @pothos/plugin-complexity's
// default. Only fields whose cost depends on their arguments keep a function: the plugin
// runs every argument mapper (validation included, async password checks and all) of each
// field that has one, on every request, just to call it.
import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import { DEFAULT_PAGE_SIZE } from './pages';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      queryCost: QueryCostPlugin<Types>;
    }
  }
}

type Cost = number | { field: number; multiplier: number };

/** One object per id asked for, and what it selects once per id. */
const perId = (args: { ids?: unknown }): Cost => {
  const count = Array.isArray(args.ids) ? args.ids.length : 0;
  return { field: count, multiplier: Math.max(count, 1) };
};

/** A page: what it selects once per item of the page asked for. */
const perPage = (args: { first?: unknown; last?: unknown }): Cost => {
  const page = args.first ?? args.last;
  return { field: 1, multiplier: typeof page === 'number' ? Math.max(page, 1) : DEFAULT_PAGE_SIZE };
};

export class QueryCostPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    // A field that declares its own `complexity` keeps it.
    if ((fieldConfig.pothosOptions as { complexity?: unknown }).complexity !== undefined) return fieldConfig;
    return { ...fieldConfig, extensions: { ...fieldConfig.extensions, complexity: this.costOf(fieldConfig) } };
  }

  private costOf(fieldConfig: PothosOutputFieldConfig<Types>): Cost | typeof perId | typeof perPage {
    const isList = fieldConfig.type.kind === 'List';
    const named = fieldConfig.type.kind === 'List' ? fieldConfig.type.type : fieldConfig.type;
    if (named.kind === 'Scalar' || named.kind === 'Enum') return 0;
    if ('ids' in fieldConfig.args) return perId;
    if ('first' in fieldConfig.args || 'last' in fieldConfig.args) return perPage;
    // `edges` were already multiplied by their connection; a plain list counts as 10.
    return { field: 1, multiplier: isList && fieldConfig.name !== 'edges' ? 10 : 1 };
  }
}

SchemaBuilder.registerPlugin('queryCost', QueryCostPlugin);

export default 'queryCost';
