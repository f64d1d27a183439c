// One claimed delivery, from the claim to its recorded outcome: open the secret, sign the
// body, send it (send.ts), then decide: delivered, try again later (backoff.ts), or give up
// after the last allowed attempt. Also the headers every delivery carries, shared with
// test sends (webhooks.ts).
import { retryDelayMs, type RetrySchedule } from './backoff';
import { recordAttempt, type AttemptRecord, type ClaimedDelivery, type SqlClient } from './deliveries';
import { decryptSecret } from './secret-box';
import { sendAttempt, USER_AGENT } from './send';
import { ATTEMPT_HEADER, EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signatureHeader } from './signing';
import type { Resolver } from './target-url';

/** What the worker writes its lines with (a pino logger fits). */
export interface WorkerLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface DispatchSettings {
  db: SqlClient;
  /** APP_SECRET; during a rotation the current one first, then the old ones. */
  appSecret: string | readonly string[];
  timeoutMs: number;
  maxAttempts: number;
  retry: RetrySchedule;
  allowPrivateTargets: boolean;
  maxResponseBytes: number;
  logger: WorkerLogger;
  clock?: () => Date;
  random?: () => number;
  resolve?: Resolver;
}

/** The headers of a delivery of `body`, signed now. */
export function deliveryHeaders(
  delivery: { eventId: string; event: string; attempt: number; body: string },
  secret: string,
  now: Date,
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    [SIGNATURE_HEADER]: signatureHeader(delivery.body, secret, Math.floor(now.getTime() / 1000)),
    [EVENT_ID_HEADER]: delivery.eventId,
    [EVENT_TYPE_HEADER]: delivery.event,
    [ATTEMPT_HEADER]: String(delivery.attempt),
  };
}

export type DispatchResult = 'delivered' | 'retry' | 'failed' | 'abandoned' | 'lease-lost';

/** Sends one claimed delivery and records what happened. Never throws for the receiver's faults. */
export async function dispatch(claim: ClaimedDelivery, settings: DispatchSettings, signal?: AbortSignal): Promise<DispatchResult> {
  const now = () => settings.clock?.() ?? new Date();
  const startedAt = now();
  const fields = { deliveryId: claim.id, webhookId: claim.webhookId, eventId: claim.eventId, event: claim.event, attempt: claim.attempt };
  const record = async (result: Omit<AttemptRecord, 'startedAt'>): Promise<DispatchResult> => {
    const kept = await recordAttempt(settings.db, claim, { ...result, startedAt }, settings.clock?.() ?? null);
    if (!kept) {
      settings.logger.warn(fields, 'webhook delivery: lease lost before the outcome was recorded (another worker took it over)');
      return 'lease-lost';
    }
    return result.outcome;
  };
  const giveUp = (error: string) => record({ outcome: 'failed', responseStatus: null, error, durationMs: 0 });

  if (claim.attempt > settings.maxAttempts) {
    return giveUp(`gave up: no attempts left (${settings.maxAttempts}) after an abandoned attempt`);
  }
  if (!claim.active) return giveUp('not sent: the webhook is disabled');
  if (!claim.secretCiphertext) return giveUp('not sent: the webhook has no usable secret (set a new one)');

  let outcome: Awaited<ReturnType<typeof sendAttempt>>;
  try {
    const secret = decryptSecret(claim.secretCiphertext, settings.appSecret);
    outcome = await sendAttempt({
      url: claim.url,
      body: claim.body,
      headers: deliveryHeaders(claim, secret, now()),
      timeoutMs: settings.timeoutMs,
      allowPrivateTargets: settings.allowPrivateTargets,
      resolve: settings.resolve,
      maxResponseBytes: settings.maxResponseBytes,
      signal,
    });
  } catch (error) {
    // An unreadable secret may be one instance's wrong APP_SECRET: retried like any failure.
    const message = `not sent: the secret could not be opened (${(error as Error).message})`;
    outcome = { delivered: false, responseStatus: null, error: message, timedOut: false, aborted: false, durationMs: 0, responseBody: '' };
  }
  if (outcome.aborted) {
    settings.logger.info(fields, 'webhook delivery: abandoned at shutdown; retried when its lease ends');
    return 'abandoned';
  }

  const base = { responseStatus: outcome.responseStatus, error: outcome.error, durationMs: outcome.durationMs };
  if (outcome.delivered) return record({ ...base, outcome: 'delivered' });
  if (claim.attempt >= settings.maxAttempts) {
    settings.logger.warn({ ...fields, error: outcome.error }, 'webhook delivery failed for good');
    return record({ ...base, outcome: 'failed' });
  }
  const retryInMs = retryDelayMs(claim.attempt, settings.retry, settings.random);
  settings.logger.debug({ ...fields, error: outcome.error, retryInMs }, 'webhook delivery failed; will retry');
  return record({ ...base, outcome: 'retry', retryInMs });
}
