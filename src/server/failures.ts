// What the caller sees when something fails that is not an expected AppError, the same
// way on every surface (docs/operations.md):
//   - a dependency is down (src/db/outage.ts): 503 with Retry-After, code
//     SERVICE_UNAVAILABLE, logged once per request with its id;
//   - a value the database refused as data: 400 BAD_USER_INPUT (an input check is missing;
//     logged so it gets one);
//   - anything else is a bug: a masked 500, logged with its stack and the request id.
// Internals (SQL, hosts, stack traces) never reach the answer.
import { GraphQLError } from 'graphql';
import { maskError as yogaMaskError } from 'graphql-yoga';
import type { Logger } from 'pino';
import { isDataException, outageOf } from '../db/outage';
import { AppError } from '../graphql/errors';
import { errorBody, profileOfPath } from '../rest/envelopes';
import { toRestError } from '../rest/errors';
import { currentRequest } from './request-context';

/** Seconds a client should wait before retrying after an outage answer. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

export const serviceUnavailable = () =>
  new AppError(
    'SERVICE_UNAVAILABLE',
    'The service is temporarily unavailable; retry shortly',
    { retryAfter: OUTAGE_RETRY_AFTER_SECONDS },
    { 'Retry-After': String(OUTAGE_RETRY_AFTER_SECONDS) },
  );

const uncheckedInput = () =>
  new AppError('BAD_USER_INPUT', 'Invalid input: a value is malformed or out of range', { field: 'input', reason: 'malformed or out of range' });

/** A GraphQLError raised as such (ours, or graphql-js's validation), not wrapping a thrown error. */
function isOriginalGraphQLError(error: unknown): error is GraphQLError {
  if (!(error instanceof GraphQLError)) return false;
  return error.originalError == null || isOriginalGraphQLError(error.originalError);
}

/**
 * Pothos refuses some arguments itself (a cursor or global id it cannot decode) with a
 * PothosValidationError and no code: that is the caller's input, so it is BAD_USER_INPUT.
 */
function withInputCode(error: GraphQLError): GraphQLError {
  const raised = error.originalError ?? error;
  if (error.extensions?.code || raised.name !== 'PothosValidationError') return error;
  const field = /cursor/i.test(error.message) ? 'after' : /\bID\b/.test(error.message) ? 'id' : 'input';
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    path: error.path,
    extensions: { code: 'BAD_USER_INPUT', field, reason: error.message, http: { status: 400 } },
  });
}

export interface FailureHandling {
  /** Yoga's maskedErrors.maskError. */
  maskError(error: unknown, message: string, isDev?: boolean): Error;
  /** An answer for an error thrown outside GraphQL execution, in the path's surface shape. */
  respond(path: string, error: unknown, requestId: string): Response;
  /** The AppError an unexpected error becomes (logging it); the error itself when it is one. */
  classify(error: unknown): AppError | null;
}

export function failureHandling(logger: Logger, onOutage?: (dependency: string) => void): FailureHandling {
  function classify(error: unknown): AppError | null {
    if (error instanceof AppError) return error;
    const dependency = outageOf(error);
    if (dependency) {
      const request = currentRequest();
      if (request && !request.outageLogged) {
        request.outageLogged = true;
        logger.warn({ dependency, err: error }, `${dependency} unavailable: answering 503`);
      }
      onOutage?.(dependency);
      return serviceUnavailable();
    }
    if (isDataException(error)) {
      logger.warn({ err: error }, 'a value reached the database unchecked: answering 400 (add an input check)');
      return uncheckedInput();
    }
    logger.error({ err: error }, 'unexpected error');
    return null;
  }

  return {
    classify,
    maskError(error, message, isDev) {
      if (isOriginalGraphQLError(error)) return withInputCode(error);
      const cause = error instanceof GraphQLError ? (error.originalError ?? error) : error;
      const known = classify(cause);
      if (!known) return yogaMaskError(error, message, isDev);
      const located = error instanceof GraphQLError ? error : undefined;
      return new GraphQLError(known.message, { nodes: located?.nodes, path: located?.path, extensions: known.extensions });
    },
    respond(path, error, requestId) {
      const known = classify(error) ?? new AppError('INTERNAL_SERVER_ERROR', 'Internal Server Error');
      const status = known.extensions.http as { status: number };
      if (path === '/graphql') {
        const { http: _http, ...extensions } = known.extensions;
        return Response.json(
          { errors: [{ message: known.message, extensions: { ...extensions, correlationId: requestId } }] },
          { status: status.status, headers: known.headers },
        );
      }
      const restError = toRestError([known]);
      return Response.json(errorBody(profileOfPath(path), restError, requestId, path), { status: restError.status, headers: known.headers });
    },
  };
}
