// Every route of the REST table over a real connection, as curl and HTTP libraries send
// requests: no body (a DELETE then has no Content-Length), a JSON body, a form body, and
// HEAD beside each GET. Whatever the route makes of the parameters, no answer is a 5xx:
// the HTTP server's requests are not the runtime's Request class, and the in-process
// tests cannot show what breaks on them (every DELETE once answered 500 here alone). And
// answers, GraphQL's too, leave whole: a Content-Length, never chunks.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_SCOPES } from '../../src/accounts/scopes';
import { restRoutes } from '../../src/rest/routes';
import { isExternalRoute } from '../../src/rest/route';
import { tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { listen, type Listening } from '../support/http';

let t: TestGateway;
let http: Listening;

beforeAll(async () => {
  t = await startTestGateway();
  http = await listen(t.gateway);
});

afterAll(async () => {
  await http?.close();
  await t?.close();
});

const BODIES: Record<string, { type?: string; body?: string }> = {
  none: {},
  json: { type: 'application/json', body: '{}' },
  form: { type: 'application/x-www-form-urlencoded', body: 'a=1' },
};

describe('every route over a real connection', () => {
  it('answers without a 5xx, with no body, a JSON body or a form body, and on HEAD', async () => {
    const token = await tokenFor(t, 'admin', ALL_SCOPES, { name: 'every scope' });
    const failures: string[] = [];
    let sent = 0;
    for (const route of restRoutes.filter((candidate) => !isExternalRoute(candidate))) {
      const path = route.path.replace(/:[a-z_]+/g, '1');
      const methods = route.method === 'GET' ? ['GET', 'HEAD'] : [route.method];
      for (const method of methods) {
        for (const [name, { type, body }] of Object.entries(BODIES)) {
          if ((method === 'GET' || method === 'HEAD') && body !== undefined) continue;
          const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(type && { 'content-type': type }) };
          const response = await fetch(`${http.url}${path}`, { method, headers, body });
          await response.arrayBuffer();
          sent++;
          if (response.status >= 500) failures.push(`${method} ${path} (${name}): ${response.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(restRoutes.length);
  });
});

/** The raw answer as the socket carried it: status, headers as sent, and the body's bytes. */
function rawAnswer(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; bytes: number }>((resolve, reject) => {
    const sent = httpRequest(url, { method: init.method ?? 'GET', headers: init.headers }, (answer) => {
      let bytes = 0;
      answer.on('data', (chunk: Buffer) => (bytes += chunk.length));
      answer.on('end', () => resolve({ status: answer.statusCode!, headers: answer.headers, bytes }));
      answer.on('error', reject);
    });
    sent.on('error', reject);
    sent.end(init.body);
  });
}

// Answers reach the HTTP server as @whatwg-node Responses with their text, which it writes
// at once with a Content-Length. A global Response (Hono copies the answer into one when a
// middleware touched c.res before the handler) is a stream it pumps, sent chunked: the
// slower path, which cost request 1 ≈ 15% of its CPU (docs/benchmarks.md, "ninth pass").
describe('answers are written whole', () => {
  it('GraphQL, REST and REST errors carry a Content-Length, not chunks, with CORS headers as before', async () => {
    const token = await tokenFor(t, 'johndoe', ['purchase:list'], { name: 'whole answers' });
    const bearer = { authorization: `Bearer ${token}`, origin: 'https://elsewhere.example' };
    const answers = {
      graphql: await rawAnswer(`${http.url}/graphql`, {
        method: 'POST',
        headers: { ...bearer, 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ viewer { purchases(first: 2) { edges { node { code } } } } }' }),
      }),
      rest: await rawAnswer(`${http.url}/api/v1/purchases?per_page=2`, { headers: bearer }),
      restError: await rawAnswer(`${http.url}/api/v1/no-such-path`, { headers: bearer }),
    };
    expect([answers.graphql.status, answers.rest.status, answers.restError.status]).toEqual([200, 200, 404]);
    for (const [name, answer] of Object.entries(answers)) {
      expect({ name, chunked: answer.headers['transfer-encoding'] }).toEqual({ name, chunked: undefined });
      expect({ name, length: Number(answer.headers['content-length']) }).toEqual({ name, length: answer.bytes });
      expect(answer.bytes).toBeGreaterThan(20);
      expect(answer.headers.vary).toContain('Origin');
      expect(answer.headers['access-control-expose-headers']).toContain('X-Request-ID');
      expect(answer.headers['x-request-id']).toBeTruthy();
    }
  });
});
