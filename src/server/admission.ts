// Admission: the one step every API request that runs an operation or a route passes,
// before anything runs. It resolves the credential (a bad one is refused with 401, never
// downgraded to anonymous) and charges the caller's account-wide budget once. A refused
// credential is charged to the caller's address, like an anonymous request: guessing
// tokens costs budget too, and the answer still carries X-RateLimit-*.
//
// 001_… lists api_key among the parameters of POST /api/purchases/validation, so a legacy
// client may send its key in the form or JSON body. For such a request (a legacy path, a
// form or JSON body, no credential in the headers or query string) the HTTP layer reads
// the body first, within the body limit, and hands it here (`body`); the route then uses
// that parsed body rather than reading it again.
import { authenticateRequest, legacyKey } from '../accounts/authenticate';
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
  /** A legacy api key was sent (header, query string or body), accepted or not: answers carry its sunset. */
  legacyKey: boolean;
  /** The body, when it was read to look for a legacy key (see readsBodyForLegacyKey). */
  body?: ReadBody;
}

/** A body read once by the HTTP layer: the parsed object, or why it could not be parsed (raised by the route). */
export type ReadBody = { value: Record<string, unknown> } | { failure: unknown };

/** Paths of the legacy API (001_…), where a key may travel in the body. */
const LEGACY_PATH = /^\/api\/(account|items|purchases)(\/|$)/;

/**
 * Whether the body must be read before the credential is resolved: a POST to a legacy
 * path with a form or JSON body and no credential elsewhere (a header or query credential
 * wins, as it always did, and then the body is read by the route as usual).
 */
export function readsBodyForLegacyKey(request: Request, path: string): boolean {
  if (request.method !== 'POST' || !request.body || !LEGACY_PATH.test(path)) return false;
  const type = request.headers.get('content-type') ?? '';
  if (!type.includes('application/x-www-form-urlencoded') && !type.includes('application/json')) return false;
  return !request.headers.has('authorization') && legacyKey(request) === null;
}

/** Authors who may write items send files with publishItemVersion: they get the larger body limit. */
export function mayUpload(viewer: Viewer | null | undefined): boolean {
  return Boolean(viewer?.scopes.has('items:write') && (viewer.role === 'AUTHOR' || viewer.role === 'ADMIN'));
}

export async function admit(
  request: Request,
  services: Services,
  options: { clientAddress: string; allowLegacyKey: boolean; body?: ReadBody },
): Promise<Admission> {
  let viewer: Viewer | null = null;
  let refusal: Error | undefined;
  const bodyKey = options.body && 'value' in options.body ? options.body.value.api_key : undefined;
  const sentKey = legacyKey(request, bodyKey) !== null;
  try {
    viewer = await authenticateRequest(request, services, { allowLegacyKey: options.allowLegacyKey, bodyKey });
  } catch (error) {
    // A refused credential; anything else (the database is down) is not the caller's doing.
    if (!(error instanceof AppError)) throw error;
    refusal = error;
  }
  const rateLimit = await services.rateLimits.chargeRequest(viewer, options.clientAddress);
  if (rateLimit.limited) {
    refusal = rateLimited(rateLimit.retryAfter, `Rate limit exceeded: ${rateLimit.limit} requests per window`, rateLimit);
  }
  return { viewer, rateLimit, refusal, legacyKey: sentKey, body: options.body };
}
