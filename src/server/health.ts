// Liveness (the process answers) and readiness (this instance should get traffic): the
// database answers within a short time, every committed migration is applied, and the
// instance is not shutting down. A load balancer takes a 503 as "send elsewhere".
import { setTimeout as sleep } from 'node:timers/promises';
import { pendingMigrations } from '../db/migration-check';
import type { Services } from '../graphql/context';

/** Readiness answers within this, whatever the database does. */
const READINESS_TIMEOUT_MS = 2000;

export function healthResponse(): Response {
  return Response.json({ status: 'ok' });
}

export interface Readiness {
  /** Set at SIGTERM: traffic should go elsewhere while in-flight requests finish. */
  draining: boolean;
  /** Once every migration was seen applied, it stays so (migrations are never un-applied). */
  migrated: boolean;
}

async function check(services: Services, readiness: Readiness): Promise<string | null> {
  await services.db.ping();
  if (!readiness.migrated) {
    const pending = await pendingMigrations(services.db);
    if (pending.length) return `migrations pending: ${pending.join(', ')}`;
    readiness.migrated = true;
  }
  return null;
}

export async function readinessResponse(services: Services, readiness: Readiness): Promise<Response> {
  const database = services.db.kind;
  if (readiness.draining) return Response.json({ status: 'draining', database }, { status: 503 });
  try {
    const timeout = sleep(READINESS_TIMEOUT_MS, 'timeout' as const, { ref: false });
    const checking = check(services, readiness);
    checking.catch(() => undefined); // a check that lost the race must not reject unheard
    const problem = await Promise.race([checking, timeout]);
    if (problem === 'timeout') return Response.json({ status: 'unavailable', database, reason: 'database did not answer in time' }, { status: 503 });
    if (problem) return Response.json({ status: 'unavailable', database, reason: problem }, { status: 503 });
    return Response.json({ status: 'ok', database });
  } catch (error) {
    services.logger.warn({ err: error }, 'readiness check failed');
    return Response.json({ status: 'unavailable', database, reason: 'database unreachable' }, { status: 503 });
  }
}
