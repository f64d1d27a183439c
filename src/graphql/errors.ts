// The gateway's error vocabulary. Every expected failure is a GraphQLError with a stable
// `extensions.code` and an HTTP status; anything else is masked by Yoga as
// INTERNAL_SERVER_ERROR. The REST layer maps the same codes to its documented envelopes.
import { GraphQLError } from 'graphql';
import type { BudgetState } from '../limits/budgets';

/**
 * Every `extensions.code` the gateway answers, and the HTTP status it implies when it is the
 * whole answer (no data). docs/errors.md is the same table for clients; a test walks it.
 */
export const ERROR_STATUS = {
  /** The document is not valid GraphQL syntax. */
  GRAPHQL_PARSE_FAILED: 400,
  /** The document does not fit the schema (an unknown field, a missing argument, too deep or too costly). */
  GRAPHQL_VALIDATION_FAILED: 400,
  /** The HTTP request is not a GraphQL request (no query, a wrong method or content type). */
  BAD_REQUEST: 400,
  /** A documentId no trusted document has (docs/frontend.md). */
  PERSISTED_QUERY_NOT_FOUND: 400,
  /** An anonymous caller sent a document of its own where only trusted documents are allowed. */
  PERSISTED_QUERY_ONLY: 403,
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  INSUFFICIENT_FUNDS: 402,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}, headers?: Record<string, string>) {
    super(message, { extensions: { code, ...extensions, http: { status: ERROR_STATUS[code], ...(headers && { headers }) } } });
    // Yoga only lets errors through unmasked when their name is GraphQLError.
    this.name = 'GraphQLError';
  }

  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }

  /** Response headers the error asks for (Retry-After, X-RateLimit-*). */
  get headers(): Record<string, string> {
    return (this.extensions.http as { headers?: Record<string, string> }).headers ?? {};
  }
}

export const unauthenticated = (message = 'Authentication required') => new AppError('UNAUTHENTICATED', message);

export const forbidden = (message = 'Forbidden', extensions: Record<string, unknown> = {}) => new AppError('FORBIDDEN', message, extensions);

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);

/** A bad argument: names the field and why, as 003_… shows (`details.field`/`details.reason`). */
export const badInput = (field: string, reason: string) => new AppError('BAD_USER_INPUT', `Invalid ${field}: ${reason}`, { field, reason });

export const conflict = (message: string) => new AppError('CONFLICT', message);

export const insufficientFunds = (message = 'Your balance is too low for this purchase') => new AppError('INSUFFICIENT_FUNDS', message);

/** X-RateLimit-* for a budget (002_…/004_…), Retry-After when it is spent (000_…). */
export function rateLimitHeaders(state: BudgetState): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(state.limit),
    'X-RateLimit-Remaining': String(state.remaining),
    'X-RateLimit-Reset': String(Math.ceil(state.resetAt / 1000)),
    ...(state.limited && { 'Retry-After': String(state.retryAfter) }),
  };
}

/** Over a budget: 429 with retryAfter, and the headers of the budget that refused. */
export const rateLimited = (retryAfterSeconds: number, message = 'Too many requests', state?: BudgetState) =>
  new AppError(
    'RATE_LIMITED',
    message,
    { retryAfter: retryAfterSeconds },
    state ? rateLimitHeaders(state) : { 'Retry-After': String(retryAfterSeconds) },
  );
