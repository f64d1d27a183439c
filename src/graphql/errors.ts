// The gateway's error vocabulary. Every expected failure is a GraphQLError with a stable
// `extensions.code` and an HTTP status; anything else is masked by Yoga as
// INTERNAL_SERVER_ERROR. The REST layer maps the same codes to its documented envelopes.
import { GraphQLError } from 'graphql';

export const ERROR_STATUS = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  INSUFFICIENT_FUNDS: 402,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INTERNAL_SERVER_ERROR: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extensions, http: { status: ERROR_STATUS[code] } } });
    // Yoga only lets errors through unmasked when their name is GraphQLError.
    this.name = 'GraphQLError';
  }

  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
}

export const unauthenticated = (message = 'Authentication required') => new AppError('UNAUTHENTICATED', message);

export const forbidden = (message = 'Forbidden', extensions: Record<string, unknown> = {}) =>
  new AppError('FORBIDDEN', message, extensions);

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);

/** A bad argument: names the field and why, as 003_… shows (`details.field`/`details.reason`). */
export const badInput = (field: string, reason: string) =>
  new AppError('BAD_USER_INPUT', `Invalid ${field}: ${reason}`, { field, reason });

export const conflict = (message: string) => new AppError('CONFLICT', message);

export const insufficientFunds = (message = 'Your balance is too low for this purchase') =>
  new AppError('INSUFFICIENT_FUNDS', message);

export const rateLimited = (retryAfterSeconds: number, message = 'Too many requests') =>
  new AppError('RATE_LIMITED', message, { retryAfter: retryAfterSeconds });
