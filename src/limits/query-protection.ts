// Query protection, before anything executes:
//   - graphql-armor's validation rules: depth, aliases, tokens, directives, and field
//     suggestions hidden outside development (they leak the schema to probers);
//   - a cost limit that multiplies by page sizes: every field costs 1, and what a
//     connection or list returns costs as many times as its page (first/last, or 10 for
//     a plain list). It is computed with @pothos/plugin-complexity from the operation and
//     its variables, so `first: $n` counts with the value sent.
import { EnvelopArmor } from '@escape.tech/graphql-armor';
import { complexityFromQuery } from '@pothos/plugin-complexity';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config';
import { badInput } from '../graphql/errors';

export function useQueryProtection(config: Config): Plugin[] {
  const armor = new EnvelopArmor({
    maxDepth: { n: config.QUERY_MAX_DEPTH, flattenFragments: true },
    maxAliases: { n: config.QUERY_MAX_ALIASES },
    maxTokens: { n: config.QUERY_MAX_TOKENS },
    maxDirectives: { n: config.QUERY_MAX_DIRECTIVES },
    // Armor's own cost ignores page sizes; the page-aware limit below replaces it.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: config.NODE_ENV !== 'development' },
  });
  return [...(armor.protect().plugins as Plugin[]), useCostLimit(config.QUERY_MAX_COST)];
}

export function useCostLimit(maxCost: number): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      let complexity: number;
      try {
        ({ complexity } = complexityFromQuery(args.document, {
          schema: args.schema,
          variables: (args.variableValues ?? {}) as Record<string, unknown>,
          ctx: args.contextValue as object,
        }));
      } catch {
        // Arguments that cannot be read (a bad id, say): execution reports them precisely.
        return;
      }
      if (complexity > maxCost) {
        setResultAndStopExecution({
          errors: [badInput('query', `costs ${complexity}, more than the limit of ${maxCost}; ask for smaller pages or fewer fields`)],
        });
      }
    },
  };
}
