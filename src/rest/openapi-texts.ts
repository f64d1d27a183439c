// The words of the OpenAPI document: one tag per API profile, the headers every answer
// carries, and the error component of each profile (src/rest/openapi.ts assembles them).
import type { Profile } from './envelopes';
import { LEGACY_SUNSET } from './mount';

type Json = Record<string, unknown>;

export const TAGS: Record<Profile, { name: string; description: string }> = {
  v1: {
    name: 'v1',
    description:
      'The marketplace API v1 (000_…). Bearer personal access tokens with scopes. Success: `{"status":"success","data":…}`; ' +
      'errors: `{"status":"error","code":<http>,"msg":…,"correlation_id":…}`. Lists take page/per_page, sort and filter[…], ' +
      'or a cursor.',
  },
  legacy: {
    name: 'legacy',
    description:
      'The legacy API (001_…), deprecated: an `api_key` parameter or X-API-Key header. Success: `{"status":"success",…}`; ' +
      `errors: \`{"status":"error","msg":…}\`. Every answer carries Deprecation and Sunset (${LEGACY_SUNSET}) headers.`,
  },
  products: {
    name: 'products',
    description:
      'The products API (002_…): products by slug and type, downloads, version checks. Success: `{"success":true,"data":…}`; ' +
      'errors: `{"success":false,"error":{"code":"NOT_FOUND","message":…}}`.',
  },
};

export const EXTRA_TAGS = {
  sessions: {
    name: 'sessions',
    description: "Log in, refresh and log out (004_…'s shapes, no envelope); errors as in v1, with 004_…'s symbolic `error`.",
  },
  docs: { name: 'docs', description: 'This document and its readable page.' },
  downloads: { name: 'downloads', description: 'The signed download links the download routes hand out: no token, the signature is the credential.' },
};

export const ERROR_COMPONENT: Record<Profile, string> = { v1: 'V1Error', legacy: 'LegacyError', products: 'ProductsError' };

/** The v1 error of 004_…'s paths (sessions, users, organizations, webhooks): with its symbolic `error`. */
export const SYMBOLIC_ERROR_COMPONENT = 'V1SymbolicError';

export const HEADERS: Record<string, Json> = {
  'X-Request-ID': { description: 'The request id (yours when you sent a sane X-Request-ID, else a new one)', schema: { type: 'string' } },
  'X-Correlation-ID': { description: 'The same id: quote it when asking for help; errors carry it as correlation_id', schema: { type: 'string' } },
  'X-RateLimit-Limit': { description: 'Requests allowed per window for your plan (anonymous callers: per address)', schema: { type: 'integer' } },
  'X-RateLimit-Remaining': { description: 'Requests left in the window after this one', schema: { type: 'integer' } },
  'X-RateLimit-Reset': { description: 'When the window frees up again (Unix seconds)', schema: { type: 'integer' } },
  'Retry-After': { description: 'Seconds to wait before retrying (429 only)', schema: { type: 'integer' } },
  ETag: { description: 'Validator of the answer: send it back as If-None-Match to get 304 when nothing changed', schema: { type: 'string' } },
  Deprecation: { description: 'true: this path or credential is deprecated', schema: { type: 'string' } },
  Sunset: { description: 'When the deprecated path or credential stops working', schema: { type: 'string' } },
  'X-Total-Count': { description: 'Records in the whole list', schema: { type: 'integer' } },
};
