// Request bodies bounded before anything reads them, with hono/body-limit's rule: a
// Content-Length over the limit is refused unread; a body without one (chunked) is read
// up to the limit and no further, then handed on. One difference: hono rebuilds the read
// request with `new Request(request, …)`, which throws on the HTTP server adapter's own
// Request class (@whatwg-node), so every DELETE sent without a Content-Length, as curl
// and fetch send one, answered 500. Here the request is rebuilt from its URL and headers.
import type { Context, Env, MiddlewareHandler } from 'hono';

export function bodyLimit<E extends Env>(maxSize: number, onError: (c: Context<E>) => Response): MiddlewareHandler<E> {
  return async (c, next) => {
    const request = c.req.raw;
    if (!request.body) return next();
    const length = request.headers.get('content-length');
    if (length !== null && !request.headers.has('transfer-encoding')) return Number.parseInt(length, 10) > maxSize ? onError(c) : next();
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxSize) {
        await reader.cancel().catch(() => undefined);
        return onError(c);
      }
      chunks.push(value);
    }
    c.req.raw = new Request(request.url, { method: request.method, headers: request.headers, body: size > 0 ? Buffer.concat(chunks) : null });
    return next();
  };
}
