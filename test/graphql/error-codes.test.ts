// One error contract: the table in docs/errors.md is the gateway's own (ERROR_STATUS), and
// each request error a client can cause answers its code and the status the table gives.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../../src/graphql/errors';
import { tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';

async function documentedTable(): Promise<Record<string, number>> {
  const text = await readFile(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  const rows = [...text.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm)];
  return Object.fromEntries(rows.map((row) => [row[1]!, Number(row[2])]));
}

describe('the documented error table', () => {
  it('is exactly the codes the gateway answers, with their statuses', async () => {
    expect(await documentedTable()).toEqual(ERROR_STATUS);
  });
});

describe('each error a request can cause', () => {
  let t: TestGateway;
  let readOnly: string;
  beforeAll(async () => {
    t = await startTestGateway();
    readOnly = await tokenFor(t, 'johndoe', ['items:read']);
  });
  afterAll(() => t.close());

  const post = (body: unknown, token?: string) =>
    t.request('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), token });

  const cases: Array<{ name: string; send: () => Promise<Response>; code: keyof typeof ERROR_STATUS; field?: string }> = [
    { name: 'a syntax error', send: () => post({ query: '{ items { ' }), code: 'GRAPHQL_PARSE_FAILED' },
    { name: 'an unknown field', send: () => post({ query: '{ nope }' }), code: 'GRAPHQL_VALIDATION_FAILED' },
    { name: 'no query', send: () => post({}), code: 'BAD_REQUEST' },
    { name: 'a garbage cursor', send: () => post({ query: '{ items(after: "garbage") { totalCount } }' }), code: 'BAD_USER_INPUT', field: 'after' },
    {
      name: 'a variable of the wrong type',
      send: () => post({ query: 'query($n: Int) { items(first: $n) { totalCount } }', variables: { n: 'x' } }),
      code: 'BAD_USER_INPUT',
      field: 'n',
    },
    { name: 'a refused credential', send: () => post({ query: '{ items { totalCount } }' }, 'mpg_pat_garbage'), code: 'UNAUTHENTICATED' },
    { name: 'a missing scope', send: () => post({ query: '{ stats { purchases } }' }, readOnly), code: 'FORBIDDEN' },
  ];

  for (const { name, send, code, field } of cases) {
    it(`${name}: ${code}, HTTP ${ERROR_STATUS[code]}, with a correlation id`, async () => {
      const response = await send();
      const body = (await response.json()) as { errors: Array<{ extensions: Record<string, unknown> }> };
      expect(response.status).toBe(ERROR_STATUS[code]);
      expect(body.errors[0]!.extensions).toMatchObject({ code, correlationId: response.headers.get('x-request-id') });
      if (field) expect(body.errors[0]!.extensions.field).toBe(field);
    });
  }

  it('register with three bad fields names all three at once, and creates nothing', async () => {
    const response = await post({
      query: 'mutation($input: RegisterInput!) { register(input: $input) { account { username } } }',
      variables: { input: { email: 'not-an-email', username: 'x', password: 'password', firstName: 'fine' } },
    });
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string; fields: Array<{ field: string }> } }> };
    expect(response.status).toBe(400);
    expect(body.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0]!.extensions.fields.map(({ field }) => field).sort()).toEqual(['email', 'password', 'username']);
    expect(await t.db.prisma.account.count({ where: { email: 'not-an-email' } })).toBe(0);
  });

  it('a wrong method: BAD_REQUEST with 405', async () => {
    const response = await t.request('/graphql', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(405);
    expect(((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('BAD_REQUEST');
  });
});
