// The three response shapes legacy clients rely on, one per source document:
//   v1       (000_…)  {"status":"success","data":…}  /  {"status":"error","code":403,"msg":…,"correlation_id":…}
//   legacy   (001_…)  {"status":"success","items":[…]} or {"status":"success","item":…} / {"status":"error","msg":…}
//   products (002_…)  {"success":true,"data":…}  /  {"success":false,"error":{"code":"NOT_FOUND","message":…}}
// Each shape is also a zod schema: the OpenAPI document and the contract tests use them.
import { z } from 'zod';
import { ERROR_STATUS, type ErrorCode } from '../graphql/errors';
import { Count, Id, named } from './registry';

export type Profile = 'v1' | 'legacy' | 'products';

/** The paths of 002_…'s products API; the rest of /api/ is v1 (/api/v1/) or legacy (001_…). */
const PRODUCT_PATHS = /^\/api\/(products|downloads|user|version)(\/|$)/;

/** The profile whose shapes a path answers in, for paths no route matched too. */
export function profileOfPath(pathname: string): Profile {
  if (PRODUCT_PATHS.test(pathname)) return 'products';
  if (pathname.startsWith('/api/') && !/^\/api\/v1(\/|$)/.test(pathname)) return 'legacy';
  return 'v1';
}

/** 004_…'s paths (sessions, users, organizations, webhooks): their v1 errors also carry 004_…'s symbolic code. */
const SYMBOLIC_PATHS = /^\/api\/v1\/(auth|users|organizations|webhooks)(\/|$)/;

export const hasSymbolicCodes = (pathname: string) => SYMBOLIC_PATHS.test(pathname);

/** 004_…'s error codes by HTTP status (docs/rest.md); a status 004_… does not name takes its class's. */
const SYMBOLIC_CODES = {
  400: 'invalid_request',
  401: 'authentication_required',
  403: 'insufficient_permissions',
  404: 'resource_not_found',
  429: 'rate_limit_exceeded',
  500: 'internal_server_error',
} as const;

type SymbolicCode = (typeof SYMBOLIC_CODES)[keyof typeof SYMBOLIC_CODES];

function symbolicCode(status: number): SymbolicCode {
  if (Object.hasOwn(SYMBOLIC_CODES, status)) return SYMBOLIC_CODES[status as keyof typeof SYMBOLIC_CODES];
  return status >= 500 ? 'internal_server_error' : 'invalid_request';
}

export interface RestError {
  status: number;
  code: ErrorCode;
  message: string;
  /** For validation errors: which parameter and why (003_… `details`). */
  details?: { field: string; reason: string };
  retryAfter?: number;
  /** Headers the answer must carry (a refusing budget's X-RateLimit-*). */
  headers?: Record<string, string>;
}

/** 002_…'s symbolic codes for our error codes. */
const PRODUCT_CODES: Record<ErrorCode, string> = {
  GRAPHQL_PARSE_FAILED: 'BAD_REQUEST',
  GRAPHQL_VALIDATION_FAILED: 'BAD_REQUEST',
  BAD_REQUEST: 'BAD_REQUEST',
  PERSISTED_QUERY_NOT_FOUND: 'BAD_REQUEST',
  PERSISTED_QUERY_ONLY: 'FORBIDDEN',
  BAD_USER_INPUT: 'VALIDATION_ERROR',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  INSUFFICIENT_FUNDS: 'INSUFFICIENT_FUNDS',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_ERROR',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
};

/** The error body of a profile; `pathname` (the request's) decides whether a v1 body carries 004_…'s `error`. */
export function errorBody(profile: Profile, error: RestError, correlationId: string, pathname = ''): unknown {
  switch (profile) {
    case 'v1':
      return {
        status: 'error',
        code: error.status,
        ...(hasSymbolicCodes(pathname) && { error: symbolicCode(error.status) }),
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

// ─── Schemas ─────────────────────────────────────────────────────────────────────────

const Details = named(
  'ValidationDetails',
  z.strictObject({ field: z.string().describe('The parameter or body field'), reason: z.string() }),
  "Which parameter was refused and why (003_…'s details).",
);

const SymbolicCodeSchema = z
  .enum([...new Set(Object.values(SYMBOLIC_CODES))] as [SymbolicCode, ...SymbolicCode[]])
  .describe(
    "004_…'s error code for the status: 400 invalid_request, 401 authentication_required, 403 insufficient_permissions, " +
      '404 resource_not_found, 429 rate_limit_exceeded, 500 internal_server_error; another 4xx invalid_request, another 5xx internal_server_error',
  );

const v1ErrorFields = {
  status: z.literal('error'),
  code: z.int().min(400).max(599).describe('The HTTP status'),
  msg: z.string(),
  correlation_id: z.string().describe('The X-Correlation-ID of the response: quote it when asking for help'),
  details: Details.optional().describe('Validation errors (400) only'),
};

export const V1Error = named(
  'V1Error',
  z.strictObject({
    ...v1ErrorFields,
    error: SymbolicCodeSchema.optional().describe("On 004_…'s paths only (V1SymbolicError): 004_…'s symbolic code"),
  }),
  "000_…'s error model.",
  {
    status: 'error',
    code: 403,
    msg: 'Missing scope: purchase:list is required for Account.purchases',
    correlation_id: '2f8b0e2a-9c1d-4e5f-8a7b-6c5d4e3f2a1b',
  },
);

named(
  'V1SymbolicError',
  z.strictObject({ ...v1ErrorFields, error: SymbolicCodeSchema }),
  "000_…'s error model on 004_…'s paths (/api/v1/auth/*, /api/v1/users*, /api/v1/organizations*, /api/v1/webhooks*): " +
    "`code` stays the HTTP status (000_…), `error` is 004_…'s symbolic code.",
  {
    status: 'error',
    code: 404,
    error: 'resource_not_found',
    msg: 'Organization not found',
    correlation_id: '2f8b0e2a-9c1d-4e5f-8a7b-6c5d4e3f2a1b',
  },
);

export const LegacyError = named(
  'LegacyError',
  z.strictObject({ status: z.literal('error'), msg: z.string() }),
  "001_…'s error: only a message; the HTTP status tells the kind.",
  { status: 'error', msg: 'Item Not Found' },
);

export const ProductsError = named(
  'ProductsError',
  z.strictObject({
    success: z.literal(false),
    error: z.strictObject({
      code: z.enum([...new Set(Object.values(PRODUCT_CODES))] as [string, ...string[]]),
      message: z.string(),
      details: Details.optional().describe('VALIDATION_ERROR only'),
    }),
  }),
  "002_…'s error with its symbolic codes.",
  { success: false, error: { code: 'UNAUTHORIZED', message: 'Invalid or expired API token' } },
);

export const ERROR_SCHEMAS: Record<Profile, z.ZodType> = { v1: V1Error, legacy: LegacyError, products: ProductsError };

/** `{"status":"success","data":…}` */
export function v1Data<T extends z.ZodType>(id: string, data: T, description?: string) {
  return named(id, z.strictObject({ status: z.literal('success'), data }), description);
}

const PageMeta = named(
  'PageMeta',
  z.strictObject({
    page: Id,
    per_page: Id,
    total: Count.describe('Records in the whole list'),
    total_pages: Count,
  }),
  "004_…'s paging metadata.",
  { page: 1, per_page: 50, total: 150, total_pages: 3 },
);

const CursorPagination = named(
  'CursorPagination',
  z.strictObject({
    hasMore: z.boolean(),
    nextCursor: z.string().optional().describe('Send it as `cursor` for the next page; absent on the last page'),
    total: Count,
  }),
  "003_…'s cursor pagination (when the request has a `cursor` parameter).",
  { hasMore: true, nextCursor: 'eyJzIjoiLWRhdGUiLCJmIjoi…', total: 42 },
);

/** A v1 list: page form (`meta`) or, with a `cursor` parameter, cursor form (`pagination`). */
export function v1List<T extends z.ZodType>(id: string, record: T, description?: string) {
  return named(
    id,
    z.union([
      z.strictObject({ status: z.literal('success'), data: z.array(record), meta: PageMeta }),
      z.strictObject({ status: z.literal('success'), data: z.array(record), pagination: CursorPagination }),
    ]),
    description,
  );
}

/** `{"success":true,"data":…}` */
export function productsData<T extends z.ZodType>(id: string, data: T, description?: string) {
  return named(id, z.strictObject({ success: z.literal(true), data }), description);
}
