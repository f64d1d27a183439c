// ETags are made where an answer is built, from its bytes; hono/etag then only compares
// them with If-None-Match and answers 304. Left to hash the answer itself, hono/etag reads
// a clone of it, and cancelling an @whatwg-node body after a clone never settles: every
// 304 hung. Same value as hono/etag's for answers under its 256 KiB chunk.
import { createHash } from 'node:crypto';

export function strongETag(body: string | Uint8Array): string {
  return `"${createHash('sha1').update(body).digest('hex')}"`;
}

/** The answer again, with an ETag of its text. */
export async function withStrongETag(answer: Response, ResponseClass: typeof Response): Promise<Response> {
  const text = await answer.text();
  const headers = new Headers(answer.headers);
  headers.set('ETag', strongETag(text));
  return new ResponseClass(text, { status: answer.status, statusText: answer.statusText, headers });
}
