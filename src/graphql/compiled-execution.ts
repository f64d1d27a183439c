// Compiled execution (graphql-jit) that answers what graphql-js's interpreter answers.
//
// - Variables: graphql-jit coerces them with code of its own, whose messages drop the
//   path inside an input ("$filter" instead of "filter.kinds[0]"). The error contract
//   names the field (docs/errors.md), so graphql-js coerces them first: a bad value stops
//   there with graphql-js's errors, and only good values reach the compiled query.
// - Field errors: graphql-jit's carry their locations but not the AST nodes, and every
//   later step that rebuilds an error (masking, stamping) works from the nodes. The nodes
//   are found again from each error's path.
// The compiled documents are kept in the plugin's LRU cache.
import { useGraphQlJit } from '@envelop/graphql-jit';
import {
  GraphQLError,
  Kind,
  getOperationAST,
  getVariableValues,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

type Fragments = ReadonlyMap<string, FragmentDefinitionNode>;

const fragmentsOf = (document: DocumentNode): Fragments =>
  new Map(document.definitions.flatMap((definition) => (definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition]] : [])));

/** The field nodes a response path names (several when a field is selected twice). */
function nodesAt(fragments: Fragments, selectionSet: SelectionSetNode, path: readonly (string | number)[]): FieldNode[] {
  const fieldsOf = (set: SelectionSetNode, key: string): FieldNode[] =>
    set.selections.flatMap((selection) => {
      if (selection.kind === Kind.FIELD) return (selection.alias ?? selection.name).value === key ? [selection] : [];
      const inner = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragments.get(selection.name.value)?.selectionSet;
      return inner ? fieldsOf(inner, key) : [];
    });
  let current: FieldNode[] = [];
  let sets = [selectionSet];
  for (const key of path) {
    if (typeof key === 'number') continue; // a list index selects nothing new
    current = sets.flatMap((set) => fieldsOf(set, key));
    sets = current.flatMap((field) => (field.selectionSet ? [field.selectionSet] : []));
  }
  return current;
}

function withNodes(result: ExecutionResult, document: DocumentNode, operationName?: string | null): ExecutionResult {
  if (!result.errors?.some((error) => !error.nodes && error.path)) return result;
  const operation = getOperationAST(document, operationName);
  if (!operation) return result;
  const fragments = fragmentsOf(document); // once per answer, however many errors it has
  const errors = result.errors.map((error) => {
    if (error.nodes || !error.path) return error;
    const nodes = nodesAt(fragments, operation.selectionSet, error.path);
    if (!nodes.length) return error;
    return new GraphQLError(error.message, { nodes, path: error.path, originalError: error.originalError, extensions: error.extensions });
  });
  return { ...result, errors };
}

function useGraphQLJsVariablesAndErrorNodes(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.variableDefinitions?.length) {
        const coerced = getVariableValues(args.schema, operation.variableDefinitions, args.variableValues ?? {}, { maxErrors: 50 });
        if (coerced.errors) {
          setResultAndStopExecution({ errors: coerced.errors });
          return;
        }
      }
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in (result as object)) return;
          setResult(withNodes(result as ExecutionResult, args.document, args.operationName));
        },
      };
    },
  };
}

export function useCompiledExecution(): Plugin[] {
  return [useGraphQLJsVariablesAndErrorNodes(), useGraphQlJit() as Plugin];
}
