// REST failures: what a route throws for its own refusals (a bad parameter, a record that
// is not there), and how a GraphQL error of the operation it ran becomes a REST error.
import type { GraphQLError } from 'graphql';
import { ERROR_STATUS, type ErrorCode } from '../graphql/errors';
import { restError, type RestError } from './envelopes';

/** Thrown by a route for a REST-level failure; answered in the route's profile. */
export class RestFailure extends Error {
  constructor(readonly error: RestError) {
    super(error.message);
  }
}

/** 400 naming the parameter and why (003_…'s details). */
export function badParameter(field: string, reason: string): RestFailure {
  return new RestFailure(restError('BAD_USER_INPUT', `Invalid ${field}: ${reason}`, { details: { field, reason } }));
}

export const notFound = (message: string) => new RestFailure(restError('NOT_FOUND', message));

/** A refusal by scope-auth (anonymous, or a missing scope) rather than by a resolver's rule. */
export const isScopeRefusal = (error: GraphQLError) =>
  error.extensions?.code === 'UNAUTHENTICATED' || Array.isArray(error.extensions?.requiredScopes);

/**
 * The first error decides the HTTP answer; internal errors never show their text. An error
 * without one of our codes is not the caller's doing (graphql-js refusing a stored
 * operation is our bug): it is answered as ours.
 */
export function toRestError(errors: readonly GraphQLError[]): RestError {
  const error = errors[0]!;
  const code = error.extensions?.code as ErrorCode | undefined;
  // A stored operation graphql-js refuses is our bug too (they are checked at start).
  if (!code || !(code in ERROR_STATUS) || code.startsWith('GRAPHQL_')) return restError('INTERNAL_SERVER_ERROR', 'Internal Server Error');
  const field = error.extensions?.field as string | undefined;
  const reason = error.extensions?.reason as string | undefined;
  const headers = (error.extensions?.http as { headers?: Record<string, string> } | undefined)?.headers;
  // A REST client never named the GraphQL field that needs the scope: the scope is the news.
  const scopes = error.extensions?.requiredScopes as string[] | undefined;
  const message = scopes ? `Missing scope: ${scopes.join(' or ')} is required` : error.message;
  return restError(code, code === 'INTERNAL_SERVER_ERROR' ? 'Internal Server Error' : message, {
    ...(field && reason && { details: { field, reason } }),
    ...(typeof error.extensions?.retryAfter === 'number' && { retryAfter: error.extensions.retryAfter }),
    ...(headers && { headers }),
  });
}

/** Retry-After and, for a refusal by a budget, that budget's X-RateLimit-*. */
export function errorHeaders(error: RestError): Record<string, string> {
  if (error.headers) return error.headers;
  return error.retryAfter !== undefined ? { 'Retry-After': String(error.retryAfter) } : {};
}
