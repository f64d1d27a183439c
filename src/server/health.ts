// Liveness (the process answers) and readiness (the database answers too).
import type { Services } from '../graphql/context';

export function healthResponse(): Response {
  return Response.json({ status: 'ok' });
}

export async function readinessResponse(services: Services): Promise<Response> {
  try {
    await services.db.ping();
    return Response.json({ status: 'ok', database: services.db.kind });
  } catch (error) {
    services.logger.warn({ err: error }, 'readiness check failed');
    return Response.json({ status: 'unavailable', database: services.db.kind }, { status: 503 });
  }
}
