// Which browser origins may call the API (CORS_ORIGINS). By default none: a page on
// another origin cannot read answers, and never with the caller's credentials. A listed
// origin may, with credentials; "*" lets any origin read, without credentials (public
// catalog widgets). Preflights are answered before admission, so they are never charged.
import type { Env, MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

/** The Access-Control-Allow-Origin for a request's Origin, or null to refuse it. */
function corsOrigin(allowed: readonly string[]): (origin: string) => string | null {
  if (allowed.includes('*')) return () => '*';
  const origins = new Set(allowed);
  return (origin) => (origins.has(origin) ? origin : null);
}

const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Accept', 'X-API-Key', 'X-Request-ID', 'X-Correlation-ID', 'If-None-Match'];

/** What a browser app may read of an answer besides the safelisted headers. */
const CORS_EXPOSED_HEADERS = [
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

/**
 * hono/cors, with one change: an actual request's headers are set on the handler's own
 * answer. cors() sets them before the handler, on a placeholder answer, and Hono then
 * copies every answer into a global Response, whose body the HTTP server must pump as a
 * stream (sent chunked) where it writes Yoga's @whatwg-node answer at once: ≈ 15% of
 * request 1's CPU over HTTP (docs/benchmarks.md, "ninth pass"). Preflights are cors()'s own.
 */
export function corsMiddleware<E extends Env>(allowed: readonly string[]): MiddlewareHandler<E> {
  const allowOrigin = corsOrigin(allowed);
  const credentials = allowed.length > 0 && !allowed.includes('*');
  const preflight = cors({
    origin: allowOrigin,
    credentials,
    allowMethods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
    allowHeaders: CORS_ALLOWED_HEADERS,
    exposeHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
  });
  const exposed = CORS_EXPOSED_HEADERS.join(',');
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    await next();
    const headers = c.res.headers;
    const origin = allowOrigin(c.req.header('origin') ?? '');
    if (origin) headers.set('Access-Control-Allow-Origin', origin);
    if (credentials) headers.set('Access-Control-Allow-Credentials', 'true');
    headers.set('Access-Control-Expose-Headers', exposed);
    // As cors() does for an origin rule: the answer depends on the Origin header.
    headers.append('Vary', 'Origin');
  };
}
