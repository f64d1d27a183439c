// One timed run: autocannon (in process) against one target, with the server's RSS
// sampled meanwhile. Every answer is checked: against the verified body when the server
// answers byte-identical bodies, else for the absence of GraphQL/REST errors.
import autocannon from 'autocannon';
import type { TargetRequest } from './targets';

export interface LoadResult {
  connections: number;
  seconds: number;
  requests: number;
  /** Successful (2xx, body as expected) requests per second. */
  rps: number;
  p50: number;
  p90: number;
  p97_5: number;
  p99: number;
  max: number;
  /** Non-2xx answers, socket errors, timeouts and unexpected bodies. */
  failures: number;
}

export interface LoadOptions {
  url: string;
  request: TargetRequest;
  connections: number;
  duration: number;
  /** Byte-identical answer every response must equal; otherwise answers are checked for error markers. */
  expectBody?: string;
}

function looksLikeError(body: string | Buffer | undefined): boolean {
  if (body === undefined) return true;
  const text = String(body);
  return text.includes('"errors":') || text.includes('"status":"error"');
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: `${options.url}${options.request.path}`,
    method: options.request.method,
    headers: options.request.headers,
    body: options.request.body,
    connections: options.connections,
    duration: options.duration,
    timeout: 30,
    ...(options.expectBody !== undefined ? { expectBody: options.expectBody } : { verifyBody: (body) => !looksLikeError(body) }),
  });
  const ok = Math.max(0, result['2xx'] - result.mismatches);
  return {
    connections: options.connections,
    seconds: result.duration,
    requests: result.requests.total,
    rps: ok / result.duration,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    max: result.latency.max,
    failures: result.non2xx + result.errors + result.mismatches, // errors include timeouts
  };
}
