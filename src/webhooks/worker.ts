// The delivery worker every gateway process runs: it claims due deliveries (deliveries.ts),
// sends each batch in parallel (dispatch.ts), and polls again at once while there is a
// backlog, else after the poll interval. Any number of workers may share one database.
// Deliveries are at least once: a worker that sent but could not record (a crash, the
// database gone) leaves the delivery to be sent again when its lease ends, so receivers
// deduplicate by event id (docs/webhooks.md).
import { DEFAULT_RETRY_SCHEDULE, type RetrySchedule } from './backoff';
import { claimDeliveries, type SqlClient } from './deliveries';
import { dispatch, type DispatchSettings, type WorkerLogger } from './dispatch';
import { DEFAULT_MAX_RESPONSE_BYTES } from './send';
import type { Resolver } from './target-url';

/** Defaults, and the environment variables proposed for them (docs/webhooks.md#operating-the-worker). */
export const DEFAULT_WORKER_SETTINGS = {
  /** WEBHOOKS_POLL_INTERVAL_MS */
  pollIntervalMs: 1000,
  /** WEBHOOKS_BATCH_SIZE: deliveries claimed, and sent in parallel, at a time. */
  batchSize: 10,
  /** WEBHOOKS_LEASE_MS: how long a claim holds a delivery; at least the timeout plus LEASE_MARGIN_MS. */
  leaseMs: 60_000,
  /** WEBHOOKS_TIMEOUT_MS: one attempt, from the name lookup to the last byte read. */
  timeoutMs: 10_000,
  /** WEBHOOKS_MAX_ATTEMPTS */
  maxAttempts: 12,
  /** WEBHOOKS_RETRY_BASE_MS / WEBHOOKS_RETRY_MAX_DELAY_MS */
  retry: DEFAULT_RETRY_SCHEDULE,
  /** WEBHOOKS_ALLOW_PRIVATE_TARGETS */
  allowPrivateTargets: false,
  maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
} as const;

/** What a lease must leave beyond the attempt's timeout for recording its outcome. */
export const LEASE_MARGIN_MS = 5000;

export interface WebhookWorkerOptions {
  /** A Prisma client (PGlite or PostgreSQL). */
  prisma: SqlClient;
  /** APP_SECRET (or several while it rotates, the current one first): opens the webhooks' secrets. */
  appSecret: string | readonly string[];
  logger?: WorkerLogger;
  pollIntervalMs?: number;
  batchSize?: number;
  leaseMs?: number;
  timeoutMs?: number;
  maxAttempts?: number;
  retry?: RetrySchedule;
  allowPrivateTargets?: boolean;
  maxResponseBytes?: number;
  /** Tests: the time used for leases, due times and signatures. Default: the database's clock (signatures: the process's). */
  clock?: () => Date;
  random?: () => number;
  resolve?: Resolver;
}

export interface WebhookWorker {
  /** Polls now instead of at the end of the interval (e.g. right after recording an event). */
  wake(): void;
  /**
   * Stops polling and resolves when the worker is idle. In-flight sends finish (each is
   * bounded by the timeout) and are recorded; with `abandonInFlight` they are cut off
   * instead, and their deliveries are sent again once their leases end.
   */
  stop(options?: { abandonInFlight?: boolean }): Promise<void>;
}

const SILENT: WorkerLogger = { debug() {}, info() {}, warn() {}, error() {} };

type WorkerSettings = DispatchSettings & { batchSize: number; leaseMs: number; pollIntervalMs: number };

function settingsOf(options: WebhookWorkerOptions): WorkerSettings {
  const d = DEFAULT_WORKER_SETTINGS;
  const settings: WorkerSettings = {
    db: options.prisma,
    appSecret: options.appSecret,
    logger: options.logger ?? SILENT,
    pollIntervalMs: options.pollIntervalMs ?? d.pollIntervalMs,
    batchSize: options.batchSize ?? d.batchSize,
    leaseMs: options.leaseMs ?? d.leaseMs,
    timeoutMs: options.timeoutMs ?? d.timeoutMs,
    maxAttempts: options.maxAttempts ?? d.maxAttempts,
    retry: options.retry ?? d.retry,
    allowPrivateTargets: options.allowPrivateTargets ?? d.allowPrivateTargets,
    maxResponseBytes: options.maxResponseBytes ?? d.maxResponseBytes,
    clock: options.clock,
    random: options.random,
    resolve: options.resolve,
  };
  for (const name of ['pollIntervalMs', 'batchSize', 'leaseMs', 'timeoutMs', 'maxAttempts', 'maxResponseBytes'] as const) {
    const value = settings[name];
    if (!Number.isInteger(value) || value < 1) throw new Error(`webhook worker: ${name} must be a positive integer (got ${value})`);
  }
  if (settings.leaseMs < settings.timeoutMs + LEASE_MARGIN_MS) {
    throw new Error(
      `webhook worker: leaseMs (${settings.leaseMs}) must be at least timeoutMs + ${LEASE_MARGIN_MS} (${settings.timeoutMs + LEASE_MARGIN_MS})`,
    );
  }
  return settings;
}

async function runBatch(settings: WorkerSettings, signal?: AbortSignal): Promise<number> {
  const claims = await claimDeliveries(settings.db, {
    batchSize: settings.batchSize,
    leaseMs: settings.leaseMs,
    now: settings.clock?.() ?? null,
  });
  await Promise.all(
    claims.map((claim) =>
      dispatch(claim, settings, signal).catch((error: unknown) => {
        // The outcome could not be recorded (the database): the lease brings it back later.
        settings.logger.warn({ err: error, deliveryId: claim.id }, 'webhook delivery: outcome not recorded; retried after the lease');
      }),
    ),
  );
  return claims.length;
}

/** Starts polling at once. */
export function startWebhookWorker(options: WebhookWorkerOptions): WebhookWorker {
  const settings = settingsOf(options);
  const inFlight = new AbortController();
  let stopping = false;
  let wake: () => void = () => {};
  let failing = false;

  const loop = (async () => {
    while (!stopping) {
      let claimed = 0;
      try {
        claimed = await runBatch(settings, inFlight.signal);
        if (failing) settings.logger.info({}, 'webhook worker: the database answers again');
        failing = false;
      } catch (error) {
        // Once per outage, not once per poll.
        if (!failing) settings.logger.warn({ err: error }, 'webhook worker: claiming deliveries failed; retrying every poll');
        failing = true;
      }
      if (stopping) break;
      if (claimed < settings.batchSize) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, settings.pollIntervalMs);
          timer.unref();
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = () => {};
      }
    }
  })();

  return {
    wake: () => wake(),
    async stop({ abandonInFlight = false } = {}) {
      stopping = true;
      if (abandonInFlight) inFlight.abort();
      wake();
      await loop;
    },
  };
}
