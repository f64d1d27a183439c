// The most webhooks an account may keep (WEBHOOKS_PER_ACCOUNT, its default here): every
// event is sent to each of them, so an account cannot make one event cost without bound.
// Twice the limit is asked for at once, through both surfaces on two instances sharing
// one PostgreSQL database: exactly the limit is created, every other answer is the
// documented CONFLICT, and another account is not affected. Runs on the local PostgreSQL
// server whatever TEST_DATABASE says: the embedded database has one connection, so it
// could not show two creations racing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPersonalAccessToken } from '../../src/accounts/tokens';
import { DEFAULT_WEBHOOKS_PER_ACCOUNT } from '../../src/config';
import { type InstancePair, startInstancePairOnServer } from '../support/instances';

const CREATE = 'mutation Create($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }';

let pair: InstancePair;
let server: InstancePair['server'];
let instances: InstancePair['instances'];

beforeAll(async () => {
  pair = await startInstancePairOnServer({
    WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true',
    RATE_LIMIT_FREE: '1000000',
    RATE_LIMIT_PRO: '1000000',
    RATE_LIMIT_ENTERPRISE: '1000000',
  });
  ({ server, instances } = pair);
});

afterAll(async () => {
  await pair?.close();
});

async function managerToken(username: string): Promise<{ id: number; token: string }> {
  const prisma = server.db.prisma;
  const { id } = await prisma.account.findUniqueOrThrow({ where: { username }, select: { id: true } });
  const { token } = await createPersonalAccessToken(prisma, id, { name: 'webhooks', scopes: ['webhooks:manage'] }, { now: new Date() });
  return { id, token };
}

type Outcome = { surface: 'graphql' | 'rest'; status: number; created: boolean; code?: string; message?: string };

/** One creation: even indexes through GraphQL, odd ones through REST, alternating instances. */
async function create(token: string, index: number): Promise<Outcome> {
  const base = instances[index % 2]!.url;
  const url = `http://127.0.0.1:9/hook-${index}`;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  if (index % 4 < 2) {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: CREATE, variables: { input: { url, events: ['purchase.created'] } } }),
    });
    const body = (await response.json()) as { data?: { createWebhook: unknown }; errors?: Array<{ message: string; extensions: { code: string } }> };
    const error = body.errors?.[0];
    return {
      surface: 'graphql',
      status: response.status,
      created: Boolean(body.data?.createWebhook),
      code: error?.extensions.code,
      message: error?.message,
    };
  }
  const response = await fetch(`${base}/api/v1/webhooks`, { method: 'POST', headers, body: JSON.stringify({ url, events: ['purchase.created'] }) });
  const body = (await response.json()) as { status: string; msg?: string; error?: string };
  return { surface: 'rest', status: response.status, created: response.status === 201, code: body.error, message: body.msg };
}

describe('webhooks per account', () => {
  it('admits exactly the limit of twice as many creations at once, on both surfaces and two instances', async () => {
    const { id, token } = await managerToken('johndoe');
    const prisma = server.db.prisma;
    const before = await prisma.webhook.count({ where: { accountId: id } });
    const free = DEFAULT_WEBHOOKS_PER_ACCOUNT - before;
    expect(free).toBeGreaterThan(2);

    const outcomes = await Promise.all(Array.from({ length: 2 * DEFAULT_WEBHOOKS_PER_ACCOUNT }, (_, index) => create(token, index)));

    expect(outcomes.filter((outcome) => outcome.created)).toHaveLength(free);
    expect(await prisma.webhook.count({ where: { accountId: id } })).toBe(DEFAULT_WEBHOOKS_PER_ACCOUNT);
    const refused = outcomes.filter((outcome) => !outcome.created);
    expect(refused.length).toBe(2 * DEFAULT_WEBHOOKS_PER_ACCOUNT - free);
    for (const outcome of refused) {
      expect(outcome.status, JSON.stringify(outcome)).toBe(409);
      expect(outcome.message).toContain(`${DEFAULT_WEBHOOKS_PER_ACCOUNT} webhooks`);
      // 004_… names no code for 409: a 4xx it does not name is its class's (docs/rest.md).
      expect(outcome.code).toBe(outcome.surface === 'graphql' ? 'CONFLICT' : 'invalid_request');
    }
    // Both surfaces were refused somewhere, and both created somewhere.
    expect(new Set(refused.map((outcome) => outcome.surface))).toEqual(new Set(['graphql', 'rest']));
    expect(new Set(outcomes.filter((outcome) => outcome.created).map((outcome) => outcome.surface))).toEqual(new Set(['graphql', 'rest']));
  });

  it('frees a place when one is deleted, and counts each account on its own', async () => {
    const { id, token } = await managerToken('johndoe');
    const prisma = server.db.prisma;
    expect((await create(token, 1)).status).toBe(409);
    const oldest = await prisma.webhook.findFirstOrThrow({ where: { accountId: id }, orderBy: { id: 'asc' } });
    const deleted = await fetch(`${instances[0]!.url}/api/v1/webhooks/${oldest.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(deleted.status).toBe(204);
    expect((await create(token, 2)).created).toBe(true);

    const author = await managerToken('pixelforge');
    expect(await create(author.token, 3)).toMatchObject({ created: true, status: 201 });
  });
});
