// Shared by the webhook suites: an APP_SECRET, a sale event, an independent signature
// check (node:crypto here, not the gateway's helper), and waiting on the database.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { vi } from 'vitest';
import type { PrismaClient } from '../../src/generated/prisma/client';
import { createWebhook, recordEvent, type Resolver, type WebhookEventData, type WebhookWorkerOptions } from '../../src/webhooks';
import type { Receipt } from './receiver';

export const APP_SECRET = 'test-app-secret-0123456789abcdef-webhooks';

/** Worker settings for tests: quick polls and retries, bounds a busy machine cannot trip. */
export const QUICK: Partial<WebhookWorkerOptions> = {
  appSecret: APP_SECRET,
  pollIntervalMs: 50,
  batchSize: 10,
  timeoutMs: 5000,
  leaseMs: 15_000,
  maxAttempts: 5,
  retry: { baseMs: 100, capMs: 300 },
  allowPrivateTargets: true,
};

export function sale(code: string): WebhookEventData['purchase.created'] {
  return {
    purchase_code: code,
    license_type: 'regular',
    price: { cents: 2900, currency: 'USD' },
    author_earnings: { cents: 2030, currency: 'USD' },
    item: { id: 1, slug: 'nebula-admin-dashboard', name: 'Nebula Admin Dashboard' },
    buyer: { username: 'johndoe' },
    purchased_at: new Date().toISOString(),
  };
}

/** Records a purchase.created for `accountId` in a transaction of its own. */
export async function recordSale(prisma: PrismaClient, accountId: number, code = 'code-1'): Promise<string> {
  const { eventId } = await prisma.$transaction((tx) => recordEvent(tx, { accountId, type: 'purchase.created', data: sale(code) }));
  return eventId;
}

export async function hook(
  prisma: PrismaClient,
  accountId: number,
  url: string,
  events: string[] = ['purchase.created'],
  resolve?: Resolver,
): Promise<{ id: number; secret: string }> {
  const created = await createWebhook(prisma, accountId, { url, events }, { appSecret: APP_SECRET, allowPrivateTargets: true, resolve });
  if (!created.ok) throw new Error(JSON.stringify(created.problems));
  return { id: created.webhookId, secret: created.secret };
}

/** The receiver's check, written from the documented algorithm alone. */
export function signedBy(receipt: Receipt, secret: string, toleranceSeconds = 300): boolean {
  const header = String(receipt.headers['marketplace-signature'] ?? '');
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return false;
  const [, t, v1] = match as unknown as [string, string, string];
  if (Math.abs(Date.now() / 1000 - Number(t)) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${receipt.body}`).digest();
  return timingSafeEqual(Buffer.from(v1, 'hex'), expected);
}

export function deliveryOf(prisma: PrismaClient, webhookId: number, eventId: string) {
  return prisma.webhookDelivery.findUniqueOrThrow({ where: { webhookId_eventId: { webhookId, eventId } } });
}

/** Waits for the database to say so: events, not sleeps. */
export function eventually<T>(check: () => Promise<T>, timeout = 30_000): Promise<T> {
  return vi.waitFor(check, { timeout, interval: 50 });
}

/** Two authors without webhooks of the demo seed's (its first author has one). */
export async function authorsWithoutWebhooks(prisma: PrismaClient): Promise<[number, number]> {
  const authors = await prisma.account.findMany({
    where: { role: 'AUTHOR', webhooks: { none: {} } },
    orderBy: { id: 'asc' },
    take: 2,
    select: { id: true },
  });
  if (authors.length < 2) throw new Error('the demo seed has fewer authors than the tests need');
  return [authors[0]!.id, authors[1]!.id];
}

export type LogEntry = { attempt: number; at: string; response_status: number | null; error: string | null; duration_ms: number | null };
