// Admission: the one step every API request that runs an operation or a route passes,
// before anything runs. It resolves the credential (a bad one is refused with 401, never
// downgraded to anonymous) and charges the caller's account-wide budget once. A refused
// credential is charged to the caller's address, like an anonymous request: guessing
// tokens costs budget too, and the answer still carries X-RateLimit-*.
import { authenticateRequest } from '../accounts/authenticate';
import type { Services, Viewer } from '../graphql/context';
import { AppError, rateLimited } from '../graphql/errors';
import type { BudgetState } from '../limits/budgets';

export interface Admission {
  /** The authenticated caller; null when anonymous or refused. */
  viewer: Viewer | null;
  /** The caller's account-wide budget after this request. */
  rateLimit: BudgetState;
  /** Why the request may not run (bad credential, spent budget), raised where its context is built. */
  refusal?: Error;
}

/** Authors who may write items send files with publishItemVersion: they get the larger body limit. */
export function mayUpload(viewer: Viewer | null | undefined): boolean {
  return Boolean(viewer?.scopes.has('items:write') && (viewer.role === 'AUTHOR' || viewer.role === 'ADMIN'));
}

export async function admit(request: Request, services: Services, options: { clientAddress: string; allowLegacyKey: boolean }): Promise<Admission> {
  let viewer: Viewer | null = null;
  let refusal: Error | undefined;
  try {
    viewer = await authenticateRequest(request, services, { allowLegacyKey: options.allowLegacyKey });
  } catch (error) {
    // A refused credential; anything else (the database is down) is not the caller's doing.
    if (!(error instanceof AppError)) throw error;
    refusal = error;
  }
  const rateLimit = await services.rateLimits.chargeRequest(viewer, options.clientAddress);
  if (rateLimit.limited) {
    refusal = rateLimited(rateLimit.retryAfter, `Rate limit exceeded: ${rateLimit.limit} requests per window`, rateLimit);
  }
  return { viewer, rateLimit, refusal };
}
