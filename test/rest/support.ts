// Contract checks for the REST layer. `call` sends a request to a route of the table and
// checks what every answer of that route must hold, whatever the case:
//   - X-Request-ID and X-Correlation-ID (the same id), X-RateLimit-Limit/Remaining/Reset;
//   - Deprecation and Sunset on deprecated paths and whenever a legacy key was sent;
//   - a 2xx body that parses with the route's documented schema (strict: no extra or
//     missing keys), the documented success status, an ETag where the route has one;
//   - an error body in the profile's error shape (v1: code = status, correlation_id = header);
//   - Retry-After on 429.
// It records which (route, status) pairs were seen, so a suite can check that it covered
// every documented answer of its routes.
import { expect } from 'vitest';
import type { z } from 'zod';
import { documentedErrors } from '../../src/rest/documented-errors';
import { ERROR_SCHEMAS } from '../../src/rest/envelopes';
import { restRoutes } from '../../src/rest/routes';
import type { Route } from '../../src/rest/route';
import type { TestGateway } from '../support/gateway';

export type RouteKey = `${Route['method']} ${string}`;

export interface CallInit {
  token?: string;
  headers?: Record<string, string>;
  /** Sent as JSON (or as a form when `form` is set). */
  json?: unknown;
  form?: Record<string, string>;
}

export interface CallResult {
  response: Response;
  status: number;
  headers: Headers;
  /** Parsed JSON (or the text of a non-JSON answer); loosely typed: each test asserts its own expectations. */
  body: any;
}

export function routeFor(key: RouteKey): Route {
  const route = restRoutes.find((candidate) => `${candidate.method} ${candidate.path}` === key);
  if (!route) throw new Error(`no route ${key}`);
  return route;
}

/** Every documented answer of a route: its success, 304 where it has an ETag, and each documented error (derived ones too). */
export function documentedAnswers(route: Route): string[] {
  const key = `${route.method} ${route.path}`;
  const success = route.docs?.response.status ?? (route.docs?.response.schema ? 200 : 204);
  const statuses = [success, ...(route.etag ? [304] : []), ...Object.keys(documentedErrors(route)).map(Number)];
  return statuses.map((status) => `${key} ${status}`);
}

export function contractClient(gateway: () => TestGateway) {
  const seen = new Set<string>();

  async function call(key: RouteKey, path: string, init: CallInit = {}, via: () => TestGateway = gateway): Promise<CallResult> {
    const route = routeFor(key);
    const headers: Record<string, string> = { ...init.headers };
    let body: string | undefined;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    } else if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await via().request(path, { method: route.method, token: init.token, headers, body });
    const text = await response.text();
    const status = response.status;
    seen.add(`${key} ${status}`);

    // Headers every answer carries.
    const requestId = response.headers.get('x-request-id');
    expect(requestId, `${key} ${status}: X-Request-ID`).toMatch(/^[A-Za-z0-9._:-]+$/);
    expect(response.headers.get('x-correlation-id')).toBe(requestId);
    for (const name of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']) {
      expect(response.headers.get(name), `${key} ${status}: ${name}`).toMatch(/^\d+$/);
    }
    const legacyCredential = 'x-api-key' in headers || new URL(path, 'http://x').searchParams.has('api_key');
    if (route.deprecated || legacyCredential) {
      expect(response.headers.get('deprecation'), `${key}: Deprecation`).toBe('true');
      expect(response.headers.get('sunset'), `${key}: Sunset`).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    } else {
      expect(response.headers.get('deprecation'), `${key}: no Deprecation`).toBeNull();
    }

    let parsed: unknown;
    if (status === 204 || status === 304) {
      expect(text, `${key} ${status}: no body`).toBe('');
    } else if ((response.headers.get('content-type') ?? '').includes('application/json')) {
      parsed = JSON.parse(text);
    } else {
      parsed = text;
    }

    if (status >= 200 && status < 300) {
      const documented = route.docs?.response;
      expect(status, `${key}: the documented success status`).toBe(documented?.status ?? (documented?.schema ? 200 : 204));
      if (documented?.schema && typeof parsed === 'object') expectShape(documented.schema, parsed, `${key} ${status}`);
      if (route.etag) expect(response.headers.get('etag'), `${key}: ETag`).toMatch(/^"[^"]+"$/);
    } else if (status !== 304) {
      expectShape(ERROR_SCHEMAS[route.profile], parsed, `${key} ${status} error`);
      if (route.profile === 'v1') {
        const error = parsed as { code: number; correlation_id: string };
        expect(error.code).toBe(status);
        expect(error.correlation_id).toBe(requestId);
      }
      if (status === 429) expect(response.headers.get('retry-after'), `${key}: Retry-After`).toMatch(/^[1-9]\d*$/);
    }
    return { response, status, headers: response.headers, body: parsed };
  }

  /** Documented answers of these routes that no call has seen yet. */
  function uncovered(routes: Route[]): string[] {
    return routes.flatMap(documentedAnswers).filter((answer) => !seen.has(answer));
  }

  return { call, uncovered, seen };
}

/** Parses with the schema, failing the test with zod's explanation. */
export function expectShape(schema: z.ZodType, value: unknown, what = 'body'): void {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new Error(`${what} does not match its schema:\n${JSON.stringify(result.error.issues, null, 2)}\n${JSON.stringify(value).slice(0, 2000)}`);
  }
}

export function routesOf(predicate: (route: Route) => boolean): Route[] {
  return restRoutes.filter((route) => !route.internal && predicate(route));
}
