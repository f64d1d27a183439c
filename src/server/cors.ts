// Which browser origins may call the API (CORS_ORIGINS). By default none: a page on
// another origin cannot read answers, and never with the caller's credentials. A listed
// origin may, with credentials; "*" lets any origin read, without credentials (public
// catalog widgets). Preflights are answered before admission, so they are never charged.

/** The Access-Control-Allow-Origin for a request's Origin, or null to refuse it. */
export function corsOrigin(allowed: readonly string[]): (origin: string) => string | null {
  if (allowed.includes('*')) return () => '*';
  const origins = new Set(allowed);
  return (origin) => (origins.has(origin) ? origin : null);
}

export const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Accept', 'X-API-Key', 'X-Request-ID', 'X-Correlation-ID', 'If-None-Match'];

/** What a browser app may read of an answer besides the safelisted headers. */
export const CORS_EXPOSED_HEADERS = [
  'X-Request-ID',
  'X-Correlation-ID',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
  'Retry-After',
  'ETag',
  'Deprecation',
  'Sunset',
  'Link',
  'X-Total-Count',
];
