// Refuses a connection page larger than the cap (first/last > 100) with a clear
// BAD_USER_INPUT before anything runs, instead of silently returning fewer rows.
// Every connection in the schema shares the cap, so the check reads the operation's
// `first`/`last` arguments (literal or variable) without looking up field types.
import { Kind, visit, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { MAX_PAGE_SIZE } from './pages';
import { badInput } from './errors';

export function oversizedPage(document: DocumentNode, variables: Record<string, unknown> | undefined) {
  let problem: { argument: string; value: number } | undefined;
  visit(document, {
    Argument(node) {
      if (problem || (node.name.value !== 'first' && node.name.value !== 'last')) return;
      const raw =
        node.value.kind === Kind.INT ? Number(node.value.value) : node.value.kind === Kind.VARIABLE ? variables?.[node.value.name.value] : undefined;
      if (typeof raw === 'number' && (raw > MAX_PAGE_SIZE || raw < 0)) problem = { argument: node.name.value, value: raw };
    },
  });
  return problem;
}

export function usePageSizeLimit(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const problem = oversizedPage(args.document, args.variableValues ?? undefined);
      if (problem) {
        const error = badInput(problem.argument, `must be between 0 and ${MAX_PAGE_SIZE} (got ${problem.value})`);
        setResultAndStopExecution({ errors: [error] });
      }
    },
  };
}
