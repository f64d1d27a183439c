// Stamps every GraphQL error with the request's correlation id, so a client can quote it
// and an operator can find the log lines. Covers parse/validation errors too, which
// never reach resolvers.
import { GraphQLError, Kind, isValueNode, parse, visit, type ASTNode, type ExecutionResult, type Source, type ValueNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ERROR_STATUS, type ErrorCode } from './errors';

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

/** Where a literal stands among the arguments (`input.socialLinks[1].url`); in a variable's default, from the variable's name. */
function literalPath(source: Source, target: ValueNode): string | null {
  let found: string | null = null;
  const walk = (value: ValueNode, path: string): void => {
    if (found !== null) return;
    if (value.kind === target.kind && value.loc?.start === target.loc?.start) found = path;
    else if (value.kind === Kind.LIST) for (const [index, item] of value.values.entries()) walk(item, `${path}[${index}]`);
    else if (value.kind === Kind.OBJECT) for (const field of value.fields) walk(field.value, `${path}.${field.name.value}`);
  };
  visit(parse(source), {
    Argument: (node) => walk(node.value, node.name.value),
    VariableDefinition: (node) => (node.defaultValue ? walk(node.defaultValue, node.variable.name.value) : undefined),
  });
  return found;
}

/**
 * A literal one of our scalars refused (src/graphql/scalars.ts: BAD_USER_INPUT with a
 * reason and the literal's node, found while the document is validated): named by its
 * place among the arguments, as a variable's value is.
 */
function literalError(error: GraphQLError): { message: string; extensions: Record<string, unknown> } | null {
  const node: ASTNode | undefined = error.nodes?.[0];
  const { code, reason, field } = error.extensions;
  if (error.path || !node || !isValueNode(node) || !error.source || code !== 'BAD_USER_INPUT' || typeof reason !== 'string' || field) return null;
  let at: string | null;
  try {
    at = literalPath(error.source, node);
  } catch {
    return null; // the document parsed once already; nothing to name otherwise
  }
  if (!at) return null;
  const named = at.startsWith('input.') ? at.slice('input.'.length) : at;
  return { message: `Invalid ${named}: ${reason}`, extensions: { field: named } };
}

/**
 * A partial answer is a success: while any root field stands, errors describe refused or
 * failed fields and the HTTP status stays 200 (GraphQL over HTTP); the status an error asks
 * for applies only when nothing is left. Headers an error asks for (Retry-After) stay.
 */
function statusOf(extensions: Record<string, unknown>, partial: boolean): Record<string, unknown> {
  const http = extensions.http as { status?: number; headers?: Record<string, string> } | undefined;
  if (partial) return http ? { http: { ...(http.headers && { headers: http.headers }) } } : {};
  // No data: the code's status, unless the server already chose one (405 for a wrong method).
  const code = extensions.code as string;
  const status = http?.status ?? (code in ERROR_STATUS ? ERROR_STATUS[code as ErrorCode] : undefined);
  // Without Yoga's `spec` flag, which would let an application/json request error pass as 200:
  // one status per code, whatever the client accepts.
  return status ? { http: { ...(http?.headers && { headers: http.headers }), status } } : {};
}

function stamp(result: ExecutionResult, correlationId: string): ExecutionResult {
  if (!result.errors?.length) return result;
  // Some root field stands: the answer is a partial success.
  const partial = Object.values(result.data ?? {}).some((value) => value !== null && value !== undefined);
  return {
    ...result,
    errors: result.errors.map((error) => {
      const variable = variableError(error);
      const literal = variable ? null : literalError(error);
      const extensions = { code: fallbackCode(error), ...error.extensions, ...variable, ...literal?.extensions };
      return new GraphQLError(literal?.message ?? error.message, {
        nodes: error.nodes,
        source: error.source,
        positions: error.positions,
        path: error.path,
        originalError: error.originalError instanceof GraphQLError ? undefined : error.originalError,
        extensions: { ...extensions, ...statusOf(extensions, partial), correlationId },
      });
    }),
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
