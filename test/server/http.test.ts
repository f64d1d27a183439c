// The HTTP surface around GraphQL: health checks, request ids, unknown paths, config.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';
import { startTestGateway, type TestGateway } from '../support/gateway';

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(() => t.close());

describe('health', () => {
  it('answers liveness and readiness with the database kind', async () => {
    const live = await t.request('/healthz');
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    const ready = await t.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', database: t.db.kind });
  });

  it('reports not ready when the database does not answer', async () => {
    const broken = { ...t.gateway.services.db, ping: () => Promise.reject(new Error('connection refused')) };
    const original = t.gateway.services.db;
    t.gateway.services.db = broken;
    try {
      const ready = await t.request('/readyz');
      expect(ready.status).toBe(503);
    } finally {
      t.gateway.services.db = original;
    }
  });
});

describe('request ids', () => {
  it('echoes a sane caller id and makes one otherwise', async () => {
    const given = await t.request('/healthz', { headers: { 'x-request-id': 'trace-123' } });
    expect(given.headers.get('x-request-id')).toBe('trace-123');
    expect(given.headers.get('x-correlation-id')).toBe('trace-123');
    const made = await t.request('/healthz', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('puts the request id on GraphQL errors', async () => {
    const { errors, headers } = await t.graphql('{ nope }', undefined, { headers: { 'x-request-id': 'req-42' } });
    expect(headers.get('x-request-id')).toBe('req-42');
    expect(errors?.[0]?.extensions?.correlationId).toBe('req-42');
  });
});

describe('unknown paths', () => {
  it('answer 404 in the error shape with a correlation id', async () => {
    const response = await t.request('/nowhere');
    expect(response.status).toBe(404);
    const body = await response.json();
    expect(body).toEqual({ status: 'error', code: 404, msg: 'Not Found', correlation_id: response.headers.get('x-correlation-id') });
  });
});

describe('configuration', () => {
  it('names every bad variable', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', DEMO_PASSWORD: 'short' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'DEMO_PASSWORD']) expect(problems).toContain(name);
    }
  });

  it('checks the admission settings: proxies, origins, body limits', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://shop.example.com/path' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ REQUEST_BODY_LIMIT_BYTES: '10' })).toThrow(/REQUEST_BODY_LIMIT_BYTES/);
    const config = loadConfig({ TRUST_PROXY: '10.0.0.0/8, loopback', CORS_ORIGINS: 'https://a.example, https://b.example:8443' });
    expect(config.CORS_ORIGINS).toEqual(['https://a.example', 'https://b.example:8443']);
  });

  it('names a bad secret without printing it', () => {
    const secrets = { APP_SECRET: 'short-but-secret', DATABASE_URL: 'mysql://admin:hunter2@db/x', REDIS_URL: 'memcache://:hunter3@r' };
    try {
      loadConfig(secrets);
      expect.unreachable();
    } catch (error) {
      const message = (error as ConfigError).message;
      for (const name of Object.keys(secrets)) expect(message).toContain(name);
      for (const value of ['short-but-secret', 'hunter2', 'hunter3']) expect(message).not.toContain(value);
    }
  });

  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(4000);
    expect(config.DATA_DIR).toBe('./data');
    expect(config.DATABASE_URL).toBeUndefined();
  });
});
