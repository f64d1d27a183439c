// Two gateway processes' workers (two engines, two Prisma clients with their own pools) on
// one PostgreSQL database, racing for the same deliveries: every delivery is sent exactly
// once. Runs on the local PostgreSQL server whatever TEST_DATABASE says, and is skipped
// when the server cannot be reached.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client';
import { recordEvent, startWebhookWorker, type Resolver, type WebhookWorker } from '../../src/webhooks';
import { openServerTestDatabase, SERVER_URL, type TestDatabase } from '../support/databases';
import { answerWith, startReceiver, type Receiver } from './receiver';
import { APP_SECRET, authorsWithoutWebhooks, eventually, hook, QUICK, sale } from './support';

async function serverReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const reachable = await serverReachable();

const EVENTS = 120;
const WEBHOOKS_PER_AUTHOR = 2;

describe.skipIf(!reachable)('two workers on one PostgreSQL database', () => {
  let server: TestDatabase & { url: string };
  let other: Database;
  let receiver: Receiver;
  const workers: WebhookWorker[] = [];

  beforeAll(async () => {
    server = await openServerTestDatabase();
    other = await openDatabase({ databaseUrl: server.url, poolSize: 5 });
    // A little latency, so the workers' batches overlap in time.
    receiver = await startReceiver((_receipt, response) => void setTimeout(() => answerWith(200)(_receipt, response), Math.random() * 15));
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop({ abandonInFlight: true })));
    await receiver?.close();
    await other?.close();
    await server?.close();
  });

  it('never deliver one event to one webhook twice', async () => {
    const prisma = server.db.prisma;
    const authors = await authorsWithoutWebhooks(prisma);
    const toReceiver: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];
    for (const author of authors) {
      for (let n = 0; n < WEBHOOKS_PER_AUTHOR; n++) {
        await hook(prisma, author, `http://receiver.test:${receiver.port}/author-${author}/hook-${n}`, ['purchase.created'], toReceiver);
      }
    }

    // Which worker sent what: each has its own resolver, called once per attempt.
    const sentBy = [0, 0];
    for (const [index, prismaClient] of [server.db.prisma, other.prisma].entries()) {
      workers.push(
        startWebhookWorker({
          ...QUICK,
          prisma: prismaClient,
          appSecret: APP_SECRET,
          batchSize: 4,
          pollIntervalMs: 20,
          resolve: async (host) => {
            sentBy[index]!++;
            return toReceiver(host);
          },
        }),
      );
    }

    // Events arrive while both workers poll: ten per transaction, alternating authors.
    for (let batch = 0; batch < EVENTS / 10; batch++) {
      await prisma.$transaction(async (tx) => {
        for (let i = 0; i < 10; i++) {
          const n = batch * 10 + i;
          await recordEvent(tx, { accountId: authors[n % 2]!, type: 'purchase.created', data: sale(`race-${n}`) });
        }
      });
    }

    const expected = EVENTS * WEBHOOKS_PER_AUTHOR;
    await eventually(async () => {
      expect(
        await prisma.webhookDelivery.count({
          where: { status: 'DELIVERED', event: 'purchase.created', webhook: { secretCiphertext: { not: null } } },
        }),
      ).toBe(expected);
    }, 90_000);

    const keys = receiver.receipts.map((r) => `${r.headers['marketplace-event-id']} ${r.path}`);
    expect(keys).toHaveLength(expected);
    expect(new Set(keys).size).toBe(expected);
    expect(new Set(receiver.receipts.map((r) => r.headers['marketplace-event-id'])).size).toBe(EVENTS);
    const attempts = await prisma.webhookDelivery.groupBy({
      by: ['attempt'],
      where: { webhook: { secretCiphertext: { not: null } } },
      _count: true,
    });
    expect(attempts).toEqual([{ attempt: 1, _count: expected }]);
    // Both took part (each claimed batches of 4 out of 240).
    expect(sentBy[0]! + sentBy[1]!).toBe(expected);
    expect(sentBy[0]).toBeGreaterThan(0);
    expect(sentBy[1]).toBeGreaterThan(0);
  });
});
