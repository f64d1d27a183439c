// Request ids: a caller's own X-Request-ID (or X-Correlation-ID) is kept when it is a
// sane token, so traces join up across services; otherwise a new UUID is made.
import { randomUUID } from 'node:crypto';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFor(request: Request): string {
  const given = request.headers.get('x-request-id') ?? request.headers.get('x-correlation-id');
  return given && SAFE_ID.test(given) ? given : randomUUID();
}
