// The three response shapes legacy clients rely on, one per source document:
//   v1       (000_…)  {"status":"success","data":…}  /  {"status":"error","code":403,"msg":…,"correlation_id":…}
//   legacy   (001_…)  {"status":"success","items":[…]} or {"status":"success","item":…} / {"status":"error","msg":…}
//   products (002_…)  {"success":true,"data":…}  /  {"success":false,"error":{"code":"NOT_FOUND","message":…}}
import { ERROR_STATUS, type ErrorCode } from '../graphql/errors';

export type Profile = 'v1' | 'legacy' | 'products';

export interface RestError {
  status: number;
  code: ErrorCode;
  message: string;
  /** For validation errors: which parameter and why (003_… `details`). */
  details?: { field: string; reason: string };
  retryAfter?: number;
}

/** 002_…'s symbolic codes for our error codes. */
const PRODUCT_CODES: Record<ErrorCode, string> = {
  BAD_USER_INPUT: 'VALIDATION_ERROR',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  INSUFFICIENT_FUNDS: 'INSUFFICIENT_FUNDS',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_ERROR',
};

export function errorBody(profile: Profile, error: RestError, correlationId: string): unknown {
  switch (profile) {
    case 'v1':
      return {
        status: 'error',
        code: error.status,
        msg: error.message,
        correlation_id: correlationId,
        ...(error.details && { details: error.details }),
      };
    case 'legacy':
      return { status: 'error', msg: error.message };
    case 'products':
      return {
        success: false,
        error: { code: PRODUCT_CODES[error.code], message: error.message, ...(error.details && { details: error.details }) },
      };
  }
}

export function restError(code: ErrorCode, message: string, extra: Partial<RestError> = {}): RestError {
  return { status: ERROR_STATUS[code], code, message, ...extra };
}
