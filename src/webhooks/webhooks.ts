// Webhooks as an account manages them, for the API layer to call: checking input (every
// problem named at once, by field), creating one with a secret that is returned once and
// stored only encrypted, setting a new secret, and a test send (POST /webhooks/{id}/test)
// that goes out at once with the same signing, address rules and bounds as the worker.
import { randomUUID } from 'node:crypto';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import { DEFAULT_WEBHOOKS_PER_ACCOUNT } from '../config';
import { conflict } from '../graphql/errors';
import { deliveryHeaders } from './dispatch';
import { checkEventList, TEST_EVENT_TYPE, type WebhookEventBody } from './events';
import { checkCallerSecret, decryptSecret, encryptSecret, generateWebhookSecret } from './secret-box';
import { sendAttempt } from './send';
import { checkTargetUrl, type Resolver } from './target-url';
import { DEFAULT_WORKER_SETTINGS } from './worker';

type Db = Prisma.TransactionClient;

export const DESCRIPTION_MAX_LENGTH = 200;

/** One bad field, for `badInput(field, reason)`. */
export interface InputProblem {
  field: 'url' | 'events' | 'secret' | 'description';
  reason: string;
}

export interface WebhookInput {
  url?: string;
  events?: readonly string[];
  description?: string | null;
  /** A secret chosen by the caller; when absent on creation one is generated. */
  secret?: string;
}

export interface WebhookRules {
  allowPrivateTargets?: boolean;
  resolve?: Resolver;
}

/** Checks the fields present in `input` (creation and updates alike); empty when all are fine. */
export async function checkWebhookInput(input: WebhookInput, rules: WebhookRules = {}): Promise<InputProblem[]> {
  const problems: InputProblem[] = [];
  if (input.url !== undefined) {
    const target = await checkTargetUrl(input.url, rules);
    if (!target.ok) problems.push({ field: 'url', reason: target.reason });
  }
  if (input.events !== undefined) {
    const reason = checkEventList(input.events);
    if (reason) problems.push({ field: 'events', reason });
  }
  if (input.secret !== undefined) {
    const reason = checkCallerSecret(input.secret);
    if (reason) problems.push({ field: 'secret', reason });
  }
  if (input.description != null && (input.description.length > DESCRIPTION_MAX_LENGTH || /[\r\n]/.test(input.description))) {
    problems.push({ field: 'description', reason: `must be one line of at most ${DESCRIPTION_MAX_LENGTH} characters` });
  }
  return problems;
}

export type CreatedWebhook =
  | { ok: true; webhookId: number /** Show it to the caller now: it is never readable again. */; secret: string }
  | { ok: false; problems: InputProblem[] };

// Creations for one account take turns (a transaction-scoped advisory lock, the key's first
// half naming what is counted), so parallel requests on any number of instances cannot
// count the same free place twice. Nothing else waits on it: purchases lock account rows.
const WEBHOOK_COUNT_LOCK = 0x77_68_6b; // "whk"

/**
 * Creates a webhook for `accountId`; `url` and `events` are required. An account that
 * already keeps `perAccount` webhooks is refused with CONFLICT, and nothing is written.
 */
export async function createWebhook(
  db: Pick<PrismaClient, '$transaction'>,
  accountId: number,
  input: WebhookInput & { url: string; events: readonly string[] },
  deps: WebhookRules & { appSecret: string; perAccount?: number },
): Promise<CreatedWebhook> {
  const problems = await checkWebhookInput(input, deps);
  if (problems.length > 0) return { ok: false, problems };
  const secret = input.secret ?? generateWebhookSecret();
  const most = deps.perAccount ?? DEFAULT_WEBHOOKS_PER_ACCOUNT;
  const webhook = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${WEBHOOK_COUNT_LOCK}::int, ${accountId}::int)`;
    if ((await tx.webhook.count({ where: { accountId } })) >= most) {
      throw conflict(`You already have ${most} webhooks, the most an account may keep: delete one first`);
    }
    return tx.webhook.create({
      data: {
        accountId,
        url: input.url,
        events: [...input.events],
        description: input.description ?? null,
        secretCiphertext: encryptSecret(secret, deps.appSecret),
      },
      select: { id: true },
    });
  });
  return { ok: true, webhookId: webhook.id, secret };
}

export interface TestSendOptions extends WebhookRules {
  appSecret: string | readonly string[];
  timeoutMs?: number;
  clock?: () => Date;
}

export interface TestSendResult {
  eventId: string;
  delivered: boolean;
  responseStatus: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * Sends a `webhook.test` event to the webhook now (not through the queue, never retried)
 * and records it in the webhook's delivery log as DELIVERED or FAILED.
 */
export async function sendTest(
  db: Db,
  webhook: { id: number; url: string; secretCiphertext: string | null },
  options: TestSendOptions,
): Promise<TestSendResult> {
  const now = () => options.clock?.() ?? new Date();
  const startedAt = now();
  const eventId = randomUUID();
  const body: WebhookEventBody = {
    id: eventId,
    type: TEST_EVENT_TYPE,
    created_at: startedAt.toISOString(),
    data: { webhook_id: webhook.id, message: 'A test delivery: answer with any 2xx status.' },
  };
  const text = JSON.stringify(body);
  let outcome: { delivered: boolean; responseStatus: number | null; error: string | null; durationMs: number };
  if (!webhook.secretCiphertext) {
    outcome = { delivered: false, responseStatus: null, error: 'not sent: the webhook has no usable secret (set a new one)', durationMs: 0 };
  } else {
    const secret = decryptSecret(webhook.secretCiphertext, options.appSecret);
    outcome = await sendAttempt({
      url: webhook.url,
      body: text,
      headers: deliveryHeaders({ eventId, event: TEST_EVENT_TYPE, attempt: 1, body: text }, secret, now()),
      timeoutMs: options.timeoutMs ?? DEFAULT_WORKER_SETTINGS.timeoutMs,
      allowPrivateTargets: options.allowPrivateTargets ?? false,
      resolve: options.resolve,
    });
  }
  const entry = {
    attempt: 1,
    at: startedAt.toISOString(),
    response_status: outcome.responseStatus,
    error: outcome.error,
    duration_ms: outcome.durationMs,
  };
  await db.webhookDelivery.create({
    data: {
      webhookId: webhook.id,
      eventId,
      event: TEST_EVENT_TYPE,
      payload: body as unknown as Prisma.InputJsonObject,
      status: outcome.delivered ? 'DELIVERED' : 'FAILED',
      success: outcome.delivered,
      attempt: 1,
      responseStatus: outcome.responseStatus,
      error: outcome.error,
      durationMs: outcome.durationMs,
      deliveredAt: outcome.delivered ? now() : null,
      attemptLog: [entry],
      createdAt: startedAt,
    },
  });
  return { eventId, ...outcome };
}
