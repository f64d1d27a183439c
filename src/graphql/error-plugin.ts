// Stamps every GraphQL error with the request's correlation id, so a client can quote it
// and an operator can find the log lines. Covers parse/validation errors too, which
// never reach resolvers.
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** A code for errors raised without one: Pothos' argument checks (a global id of the wrong type) are bad input. */
function fallbackCode(error: GraphQLError): string {
  return error.originalError?.name === 'PothosValidationError' ? 'BAD_USER_INPUT' : 'BAD_REQUEST';
}

// graphql-js: `Variable "$input" got invalid value "x" at "input.from"; DateTime must be …`
const INVALID_VARIABLE = /^Variable "\$([^"]+)" got invalid value .*?(?: at "([^"]+)")?; /s;

/** A variable graphql-js could not coerce is the caller's input: BAD_USER_INPUT naming it. */
function variableError(error: GraphQLError): Record<string, unknown> | null {
  const match = INVALID_VARIABLE.exec(error.message);
  if (!match) return null;
  const at = match[2] ?? match[1]!;
  const field = at.startsWith('input.') ? at.slice('input.'.length) : at;
  return { code: 'BAD_USER_INPUT', field, reason: error.message.slice(match[0].length) };
}

function stamp(result: ExecutionResult, correlationId: string): ExecutionResult {
  if (!result.errors?.length) return result;
  return {
    ...result,
    errors: result.errors.map(
      (error) =>
        new GraphQLError(error.message, {
          nodes: error.nodes,
          source: error.source,
          positions: error.positions,
          path: error.path,
          originalError: error.originalError instanceof GraphQLError ? undefined : error.originalError,
          extensions: { code: fallbackCode(error), ...error.extensions, ...variableError(error), correlationId },
        }),
    ),
  };
}

export function useCorrelationIds(): Plugin<{ requestId?: string }> {
  return {
    onResultProcess({ request, result, setResult, serverContext }) {
      const correlationId = (serverContext as { requestId?: string }).requestId ?? request.headers.get('x-request-id');
      if (!correlationId || Symbol.asyncIterator in (result as object)) return;
      if (Array.isArray(result)) setResult(result.map((one) => stamp(one as ExecutionResult, correlationId)));
      else setResult(stamp(result as ExecutionResult, correlationId));
    },
  };
}
