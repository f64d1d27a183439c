// One HTTP attempt at a delivery, with every bound a receiver cannot push past: the URL is
// checked again and the connection goes to the address that was checked (DNS rebinding);
// one deadline covers the lookup, connecting, TLS, the answer's head and the part of its
// body that is read; redirects are never followed (a 3xx is a failure); at most
// `maxResponseBytes` of the body are read. Node's own http/https, no connection reuse.
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { checkTargetUrl, type Resolver } from './target-url';

export const DEFAULT_MAX_RESPONSE_BYTES = 4096;
/** How much of an answer's body is kept in a failed attempt's error. */
const ERROR_EXCERPT_CHARS = 200;
export const USER_AGENT = 'Marketplace-Webhooks/1.0 (+docs/webhooks.md)';

export interface AttemptRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  allowPrivateTargets: boolean;
  resolve?: Resolver;
  maxResponseBytes?: number;
  /** Aborting abandons the attempt (worker shutdown): the outcome says `aborted`. */
  signal?: AbortSignal;
}

export interface AttemptOutcome {
  /** A 2xx answer. */
  delivered: boolean;
  responseStatus: number | null;
  /** Why it failed: "HTTP 500: …", "timed out after 5000 ms", "connection refused (ECONNREFUSED)", … */
  error: string | null;
  timedOut: boolean;
  /** Abandoned by the caller before it ended; nothing should be recorded for it. */
  aborted: boolean;
  durationMs: number;
  /** The start of the answer's body, at most maxResponseBytes. */
  responseBody: string;
}

/** Connects to the checked address whatever the name resolves to by now; TLS still verifies the name. */
function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as unknown as LookupFunction;
}

function describeError(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    EPIPE: 'connection closed while sending',
  };
  if (code && known[code]) return `${known[code]} (${code})`;
  if (code?.startsWith('ERR_TLS') || code?.includes('CERT') || code?.startsWith('ERR_SSL')) return `TLS failed: ${message} (${code})`;
  return `request failed: ${message ?? String(error)}${code ? ` (${code})` : ''}`;
}

function failureOf(status: number, location: string | undefined, body: string): string {
  if (status >= 300 && status < 400) {
    return `redirect not followed: HTTP ${status}${location ? ` to ${location.slice(0, 200)}` : ''}`;
  }
  const excerpt = body.replace(/\s+/g, ' ').trim().slice(0, ERROR_EXCERPT_CHARS);
  return `HTTP ${status}${excerpt ? `: ${excerpt}` : ''}`;
}

export function sendAttempt(request: AttemptRequest): Promise<AttemptOutcome> {
  const started = performance.now();
  const maxBytes = request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  return new Promise((resolve) => {
    let settled = false;
    let outgoing: http.ClientRequest | undefined;
    let status: number | null = null;
    let location: string | undefined;
    const chunks: Buffer[] = [];
    let received = 0;

    const finish = (end: { error?: string; timedOut?: boolean; aborted?: boolean }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      outgoing?.destroy();
      const body = Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8');
      // An answer whose head arrived counts by its status, even when its body was cut short.
      const delivered = !end.aborted && status !== null && status >= 200 && status < 300;
      const error = delivered ? null : status !== null && !end.aborted ? failureOf(status, location, body) : (end.error ?? 'no answer');
      resolve({
        delivered,
        responseStatus: status,
        error,
        timedOut: end.timedOut === true && status === null,
        aborted: end.aborted === true,
        durationMs: Math.round(performance.now() - started),
        responseBody: body,
      });
    };
    const timer = setTimeout(() => finish({ error: `timed out after ${request.timeoutMs} ms`, timedOut: true }), request.timeoutMs);
    const onAbort = () => finish({ error: 'abandoned: the worker stopped', aborted: true });
    if (request.signal?.aborted) return onAbort();
    request.signal?.addEventListener('abort', onAbort, { once: true });

    (async () => {
      const target = await checkTargetUrl(request.url, {
        allowPrivateTargets: request.allowPrivateTargets,
        resolve: request.resolve,
        resolveTimeoutMs: request.timeoutMs,
      });
      if (settled) return;
      if (!target.ok) return finish({ error: `refused: ${target.reason}` });
      const secure = target.url.protocol === 'https:';
      outgoing = (secure ? https : http).request({
        host: target.host,
        port: target.url.port || (secure ? 443 : 80),
        path: `${target.url.pathname}${target.url.search}`,
        method: 'POST',
        headers: {
          ...request.headers,
          host: target.url.host,
          'content-length': String(Buffer.byteLength(request.body)),
          connection: 'close',
        },
        agent: false,
        lookup: pinnedLookup(target.address, target.family),
        ...(secure && !isIP(target.host) ? { servername: target.host } : {}),
      });
      outgoing.on('error', (error) => finish({ error: describeError(error) }));
      outgoing.on('response', (response) => {
        status = response.statusCode ?? null;
        location = response.headers.location;
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          received += chunk.length;
          if (received >= maxBytes) finish({});
        });
        response.on('end', () => finish({}));
        response.on('error', (error) => finish({ error: describeError(error) }));
      });
      outgoing.end(request.body);
    })().catch((error) => finish({ error: describeError(error) }));
  });
}
