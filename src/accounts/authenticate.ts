// Resolves a request's credential to a Viewer. Accepted:
//   Authorization: Bearer <session access token | personal access token>
//   X-API-Key: <legacy key> or ?api_key=<legacy key>   (REST paths only, deprecated)
//   api_key=<legacy key> in the form or JSON body of a legacy POST (001_…; admission reads it)
// No credential gives an anonymous request (null); a bad one is refused with 401 at once,
// never downgraded to anonymous. Every check reads the database, so a revocation takes
// effect on the next request on every instance.
import type { Services, Viewer } from '../graphql/context';
import { unauthenticated } from '../graphql/errors';
import { ALL_SCOPES, type Scope, withImpliedScopes } from './scopes';
import { hashSecret, isWellFormedSecret, LEGACY_KEY_PREFIX, TOKEN_PREFIX } from './secrets';
import { verifyAccessToken } from './sessions';

/** What a legacy api key may do: the four capabilities of the legacy API. */
export const LEGACY_KEY_SCOPES: readonly Scope[] = ['user:account', 'items:read', 'purchase:verify', 'purchase:list'];

const ALL = new Set<Scope>(ALL_SCOPES);
/** Write last-used times at most this often per token: reads must not turn into writes. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface AuthenticateOptions {
  /** Accept the deprecated api_key / X-API-Key credentials (REST paths only). */
  allowLegacyKey?: boolean;
  /** The `api_key` field of the request's body, when admission read it (legacy POST paths). */
  bodyKey?: unknown;
}

export function bearerToken(request: Request): string | null {
  const header = request.headers.get('authorization');
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw unauthenticated('Authorization header must be "Bearer <token>"');
  return match[1]!;
}

/** The legacy key sent: X-API-Key, else ?api_key=, else the body's api_key (a non-string one is a bad key). */
export function legacyKey(request: Request, bodyKey?: unknown): string | null {
  const sent = request.headers.get('x-api-key') ?? new URL(request.url).searchParams.get('api_key');
  if (sent !== null || bodyKey === undefined || bodyKey === null) return sent;
  return typeof bodyKey === 'string' ? bodyKey : '';
}

export async function authenticateRequest(request: Request, services: Services, options: AuthenticateOptions = {}): Promise<Viewer | null> {
  const token = bearerToken(request);
  if (token) {
    if (token.startsWith(TOKEN_PREFIX)) return authenticatePersonalAccessToken(token, services);
    return authenticateSessionToken(token, services);
  }
  const key = legacyKey(request, options.bodyKey);
  if (key !== null) {
    if (!options.allowLegacyKey) throw unauthenticated('Legacy API keys are accepted on the REST API only; send a bearer token');
    if (!services.config.LEGACY_API_KEYS) throw unauthenticated('Legacy API keys are turned off; use a bearer token');
    return authenticateLegacyKey(key, services);
  }
  return null;
}

interface TokenRecord {
  id: number;
  scopes: string[];
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  accountId: number;
  role: Viewer['role'];
  plan: Viewer['plan'];
}

// TIMESTAMP(3) columns hold UTC (Prisma's convention): read as instants.
const TOKEN_BY_HASH = `SELECT "t0"."id", "t0"."scopes", "t0"."expires_at" AT TIME ZONE 'UTC' AS "expiresAt",
    "t0"."revoked_at" AT TIME ZONE 'UTC' AS "revokedAt", "t0"."last_used_at" AT TIME ZONE 'UTC' AS "lastUsedAt",
    "t1"."id" AS "accountId", "t1"."role"::text AS "role", "t1"."plan"::text AS "plan"
  FROM "public"."personal_access_tokens" AS "t0" JOIN "public"."accounts" AS "t1" ON "t1"."id" = "t0"."account_id"
  WHERE "t0"."token_hash" = $1`;

async function authenticatePersonalAccessToken(token: string, services: Services): Promise<Viewer> {
  // A mistyped or made-up token fails its checksum: refused without a database read.
  if (!isWellFormedSecret(token, TOKEN_PREFIX)) throw unauthenticated('Invalid token');
  // Every bearer request reads this: plain SQL through the driver, one indexed join
  // (Prisma's client cost more than the statement; docs/decisions.md, "Loading data").
  const [record] = await services.db.query<TokenRecord>(TOKEN_BY_HASH, [hashSecret(token)]);
  const now = services.now();
  if (!record || record.revokedAt) throw unauthenticated('Invalid or revoked token');
  if (record.expiresAt && record.expiresAt <= now) throw unauthenticated('Token expired');
  if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    // Bookkeeping only: the request does not wait for it, and a failure is just logged.
    services.db.prisma.personalAccessToken
      .update({ where: { id: record.id }, data: { lastUsedAt: now } })
      .catch((error: unknown) => services.logger.warn({ err: error }, 'could not record token use'));
  }
  return {
    accountId: record.accountId,
    role: record.role,
    plan: record.plan,
    credential: 'token',
    credentialId: record.id,
    // With the scopes they imply (000_…'s scopes reach every 000_… path); legacy keys keep exactly theirs.
    scopes: withImpliedScopes(record.scopes as Scope[]),
  };
}

async function authenticateSessionToken(token: string, services: Services): Promise<Viewer> {
  const claims = await verifyAccessToken(token, { config: services.config, now: services.now });
  if (!claims) throw unauthenticated('Invalid or expired access token');
  // Logout and refresh-token reuse revoke the session: its access tokens stop at once.
  const session = await services.db.prisma.session.findUnique({
    where: { id: claims.sessionId },
    select: { revokedAt: true, account: { select: { id: true, role: true, plan: true } } },
  });
  if (!session || session.revokedAt || session.account.id !== claims.accountId) {
    throw unauthenticated('Session ended; log in again');
  }
  return {
    accountId: session.account.id,
    role: session.account.role,
    plan: session.account.plan,
    credential: 'session',
    credentialId: claims.sessionId,
    scopes: ALL,
  };
}

async function authenticateLegacyKey(key: string, services: Services): Promise<Viewer> {
  if (!isWellFormedSecret(key, LEGACY_KEY_PREFIX)) throw unauthenticated('Invalid API key');
  const record = await services.db.prisma.legacyApiKey.findUnique({
    where: { keyHash: hashSecret(key) },
    select: { id: true, revokedAt: true, account: { select: { id: true, role: true, plan: true } } },
  });
  if (!record || record.revokedAt) throw unauthenticated('Invalid API key');
  return {
    accountId: record.account.id,
    role: record.account.role,
    plan: record.account.plan,
    credential: 'legacy-key',
    credentialId: record.id,
    scopes: new Set(LEGACY_KEY_SCOPES),
  };
}
