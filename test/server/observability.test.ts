// What an operator sees: /metrics in Prometheus format (off by default, behind a token when
// one is set), the request id on every log line written while serving a request, and a
// bug answered as a masked 500 while its stack and request id reach the log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client';
import { tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { startInstance, type Instance } from '../support/instances';

let t: TestGateway;
const instances: Instance[] = [];
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(async () => {
  for (const instance of instances) await instance.close();
  await t.close();
});

async function instance(env: Record<string, string>, db: Database = t.db) {
  const started = await startInstance({ db, env });
  instances.push(started);
  return started;
}

describe('/metrics', () => {
  it('is not served unless METRICS is on', async () => {
    expect((await t.request('/metrics')).status).toBe(404);
  });

  it('counts requests by surface, operation and status, budget refusals, and pool use', async () => {
    const on = await instance({ METRICS: 'true', RATE_LIMIT_ANONYMOUS: '3' });
    const ask = () =>
      fetch(`${on.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'query Catalog { categories { slug } }' }),
      });
    for (let i = 0; i < 4; i++) await ask();
    await fetch(`${on.url}/api/v1/catalog/categories`);
    const text = await (await fetch(`${on.url}/metrics`)).text();
    expect(text).toContain('mpg_http_requests_total{surface="graphql",operation="Catalog",status="200"} 3');
    expect(text).toContain('mpg_http_requests_total{surface="graphql",operation="Catalog",status="429"} 1');
    expect(text).toContain('mpg_http_requests_total{surface="rest",operation="GET /api/v1/catalog/categories",status="429"} 1');
    expect(text).toMatch(/mpg_rate_limit_refusals_total\{budget="requests"\} 2/);
    expect(text).toContain('mpg_http_request_duration_seconds_bucket');
    expect(text).toContain('mpg_process_cpu_user_seconds_total');
    if (t.db.kind === 'postgres') expect(text).toMatch(/mpg_db_pool_connections\{state="total"\} \d+/);
  });

  it('needs METRICS_TOKEN when one is set', async () => {
    const guarded = await instance({ METRICS: 'true', METRICS_TOKEN: 'metrics-token-0123456789' });
    expect((await fetch(`${guarded.url}/metrics`)).status).toBe(401);
    const allowed = await fetch(`${guarded.url}/metrics`, { headers: { authorization: 'Bearer metrics-token-0123456789' } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('content-type')).toContain('text/plain');
  });
});

describe('logs', () => {
  it('carry the request id on every line written while serving a request', async () => {
    const logged = await instance({});
    const token = await tokenFor(t, 'johndoe', ['items:read']);
    await fetch(`${logged.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-logs-1', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ nope }' }),
    });
    const lines = logged.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.requestId === 'trace-logs-1');
    expect(lines.some((line) => line.msg === 'request')).toBe(true);
    // No line of the request lacks it: every line logged in between belongs to it.
    const during = logged.logs.slice(logged.logs.findIndex((line) => line.includes('trace-logs-1')));
    for (const line of during) expect(JSON.parse(line).requestId).toBe('trace-logs-1');
  });

  it('an unexpected error is a masked 500 for the caller, and its stack and request id are logged', async () => {
    // A database whose raw queries fail the way a bug does (a TypeError), not an outage.
    const broken = new Proxy(t.db.prisma, {
      get(target, property, receiver) {
        if (property === '$queryRaw') return () => Promise.reject(new TypeError('cannot read properties of undefined (reading "x")'));
        return Reflect.get(target, property, receiver);
      },
    });
    const buggy = await instance({}, { ...t.db, prisma: broken } as Database);
    const token = await tokenFor(t, 'johndoe', ['stats:read']);
    const graphql = await fetch(`${buggy.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-bug-1', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ stats { items } }' }),
    });
    const body = (await graphql.json()) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
    expect(body.errors[0]!.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(body)).not.toContain('reading');
    const rest = await fetch(`${buggy.url}/api/v1/stats/summary`, { headers: { authorization: `Bearer ${token}`, 'x-request-id': 'trace-bug-2' } });
    expect(rest.status).toBe(500);
    expect(await rest.json()).toEqual({ status: 'error', code: 500, msg: 'Internal Server Error', correlation_id: 'trace-bug-2' });
    const logged = buggy.logs.map((line) => JSON.parse(line) as { requestId?: string; msg: string; err?: { stack?: string } });
    for (const id of ['trace-bug-1', 'trace-bug-2']) {
      const line = logged.find((entry) => entry.requestId === id && entry.msg === 'unexpected error');
      expect(line?.err?.stack, id).toContain('TypeError');
    }
  });
});
