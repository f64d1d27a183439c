// The delivery rows and the three statements that move them: recording an event (inside
// the transaction of what caused it, so a delivery exists exactly when the event does),
// claiming due deliveries under a lease (FOR UPDATE SKIP LOCKED: several instances on one
// database never take the same row), and recording an attempt's outcome (only by the
// claim that holds the lease, so a worker whose lease expired cannot overwrite the result
// of the one that took over). No transaction stays open while a delivery is sent.
//
// Times: columns are `timestamp` in UTC (Prisma's convention). The database's clock is
// used unless a clock is given (tests), so every instance agrees on when a lease ends.
import { randomUUID } from 'node:crypto';
import { Prisma } from '../generated/prisma/client';
import { isWebhookEvent, type WebhookEventBody, type WebhookEventData, type WebhookEventType } from './events';

/** A Prisma client or an interactive transaction's client. */
export type SqlClient = Pick<Prisma.TransactionClient, '$queryRaw' | '$executeRaw'>;

const at = (now: Date | null | undefined) => (now ? Prisma.sql`${now}::timestamp` : Prisma.sql`(now() AT TIME ZONE 'UTC')`);
const plusMs = (now: Date | null | undefined, ms: number) =>
  Prisma.sql`(${at(now)} + ${Math.max(0, Math.round(ms))}::double precision * interval '1 millisecond')`;

export interface RecordEventInput<T extends WebhookEventType> {
  /** Whose webhooks receive it (see the descriptions in events.ts). */
  accountId: number;
  type: T;
  data: WebhookEventData[T];
  /** When it happened; defaults to now. */
  occurredAt?: Date;
}

/**
 * Writes one pending delivery per active webhook of the account subscribed to the event,
 * in one INSERT … SELECT. Call it with the transaction of the change it reports: if that
 * rolls back, no delivery exists. The body (and so every attempt's bytes) is fixed here.
 */
export async function recordEvent<T extends WebhookEventType>(
  tx: SqlClient,
  input: RecordEventInput<T>,
): Promise<{ eventId: string; deliveries: number }> {
  if (!isWebhookEvent(input.type)) throw new Error(`Unknown webhook event ${JSON.stringify(input.type)}`);
  const eventId = randomUUID();
  const body: WebhookEventBody<T, WebhookEventData[T]> = {
    id: eventId,
    type: input.type,
    created_at: (input.occurredAt ?? new Date()).toISOString(),
    data: input.data,
  };
  const deliveries = await tx.$executeRaw`
    INSERT INTO webhook_deliveries (webhook_id, event_id, event, payload, status, attempt, next_attempt_at, created_at)
    SELECT w.id, ${eventId}::uuid, ${input.type}, ${JSON.stringify(body)}::jsonb, 'PENDING', 0, ${at(null)}, ${at(null)}
      FROM webhooks w
     WHERE w.account_id = ${input.accountId} AND w.active AND ${input.type} = ANY (w.events)`;
  return { eventId, deliveries };
}

/** A delivery a worker holds until `lockedUntil`, with what it needs to send it. */
export interface ClaimedDelivery {
  id: number;
  lockToken: string;
  /** This attempt's number (1 = the first). */
  attempt: number;
  lockedUntil: Date;
  eventId: string;
  event: string;
  /** The exact bytes to send (the payload as PostgreSQL prints it: the same on every attempt). */
  body: string;
  webhookId: number;
  url: string;
  secretCiphertext: string | null;
  active: boolean;
}

const ABANDONED = 'abandoned: the lease expired before the attempt was recorded (the worker stopped or crashed)';

/**
 * Takes up to `batchSize` due deliveries for `leaseMs`, oldest due first, counting the
 * attempt now (so a delivery whose attempts keep killing the worker still runs out of
 * them). A delivery whose earlier lease expired unrecorded gets that noted in its log.
 */
export async function claimDeliveries(db: SqlClient, options: { batchSize: number; leaseMs: number; now?: Date | null }): Promise<ClaimedDelivery[]> {
  const now = at(options.now);
  return db.$queryRaw<ClaimedDelivery[]>`
    WITH due AS (
      SELECT id FROM webhook_deliveries
       WHERE status = 'PENDING' AND next_attempt_at <= ${now} AND event_id IS NOT NULL
         AND (locked_until IS NULL OR locked_until <= ${now})
       ORDER BY next_attempt_at, id
       LIMIT ${options.batchSize}
       FOR UPDATE SKIP LOCKED
    )
    UPDATE webhook_deliveries d
       SET attempt = d.attempt + 1,
           locked_until = ${plusMs(options.now, options.leaseMs)},
           lock_token = gen_random_uuid(),
           attempt_log = CASE WHEN d.locked_until IS NULL THEN d.attempt_log
             ELSE d.attempt_log || jsonb_build_array(jsonb_build_object(
               'attempt', d.attempt, 'at', to_char(d.locked_until, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
               'response_status', NULL, 'error', ${ABANDONED}::text, 'duration_ms', NULL)) END
      FROM due, webhooks w
     WHERE d.id = due.id AND w.id = d.webhook_id
    RETURNING d.id, d.lock_token::text AS "lockToken", d.attempt, d.locked_until AS "lockedUntil",
              d.event_id::text AS "eventId", d.event, d.payload::text AS body,
              w.id AS "webhookId", w.url, w.secret_ciphertext AS "secretCiphertext", w.active`;
}

export interface AttemptRecord {
  /** delivered: a 2xx; retry: failed, try again in `retryInMs`; failed: failed, give up. */
  outcome: 'delivered' | 'retry' | 'failed';
  responseStatus: number | null;
  error: string | null;
  durationMs: number;
  /** When the attempt started (the log's `at`). */
  startedAt: Date;
  retryInMs?: number;
}

/**
 * Records the outcome of the attempt `claim` made and releases the lease. Returns false
 * (and changes nothing) when the lease was lost: another worker took the delivery over.
 */
export async function recordAttempt(
  db: SqlClient,
  claim: Pick<ClaimedDelivery, 'id' | 'lockToken' | 'attempt'>,
  record: AttemptRecord,
  now?: Date | null,
): Promise<boolean> {
  const delivered = record.outcome === 'delivered';
  const status = delivered ? 'DELIVERED' : record.outcome === 'retry' ? 'PENDING' : 'FAILED';
  const nextAttemptAt = record.outcome === 'retry' ? plusMs(now, record.retryInMs ?? 0) : Prisma.sql`NULL`;
  const entry = {
    attempt: claim.attempt,
    at: record.startedAt.toISOString(),
    response_status: record.responseStatus,
    error: record.error,
    duration_ms: record.durationMs,
  };
  const changed = await db.$executeRaw`
    UPDATE webhook_deliveries
       SET status = ${status}::"WebhookDeliveryStatus",
           success = ${delivered},
           response_status = ${record.responseStatus}::int,
           error = ${record.error}::text,
           duration_ms = ${record.durationMs}::int,
           delivered_at = ${delivered ? at(now) : Prisma.sql`NULL`},
           next_attempt_at = ${nextAttemptAt},
           locked_until = NULL,
           lock_token = NULL,
           attempt_log = attempt_log || jsonb_build_array(${JSON.stringify(entry)}::jsonb)
     WHERE id = ${claim.id} AND lock_token = ${claim.lockToken}::uuid AND status = 'PENDING'`;
  return changed === 1;
}
