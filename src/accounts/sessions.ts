// Login sessions: a short-lived access token (a JWT signed with APP_SECRET) and a refresh
// token that rotates on every use. A refresh token used twice means it was stolen: the
// whole session (the token family) is revoked.
import { randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { Config } from '../config';
import type { PrismaClient } from '../generated/prisma/client';
import { conflict, unauthenticated } from '../graphql/errors';
import type { LoginThrottle } from './login-throttle';
import { hashPassword, verifyPassword } from './passwords';
import { hashSecret } from './secrets';

const ISSUER = 'marketplace-gateway';
const ACCESS = 'access';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  /** Seconds until the access token expires. */
  expiresIn: number;
  accountId: number;
}

export interface SessionDeps {
  prisma: PrismaClient;
  config: Pick<Config, 'APP_SECRET' | 'ACCESS_TOKEN_TTL' | 'REFRESH_TOKEN_TTL'>;
  now: () => Date;
  throttle: LoginThrottle;
}

const key = (config: SessionDeps['config']) => {
  if (!config.APP_SECRET) throw new Error('APP_SECRET is not set: resolveAppSecret() runs before the gateway starts');
  return new TextEncoder().encode(config.APP_SECRET);
};

async function issuePair(deps: SessionDeps, accountId: number, sessionId: number): Promise<TokenPair> {
  const now = deps.now();
  const issuedAt = Math.floor(now.getTime() / 1000);
  const accessToken = await new SignJWT({ sid: sessionId, typ: ACCESS })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setSubject(String(accountId))
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + deps.config.ACCESS_TOKEN_TTL)
    .sign(key(deps.config));
  // The refresh token is opaque: only its hash is stored.
  const refreshToken = `mpg_rt_${randomBytes(32).toString('base64url')}`;
  await deps.prisma.refreshToken.create({
    data: {
      sessionId,
      tokenHash: hashSecret(refreshToken),
      expiresAt: new Date(now.getTime() + deps.config.REFRESH_TOKEN_TTL * 1000),
    },
  });
  return { accessToken, refreshToken, tokenType: 'Bearer', expiresIn: deps.config.ACCESS_TOKEN_TTL, accountId };
}

/** Verifies an access token's signature and expiry; null when it is not one of ours. */
export async function verifyAccessToken(
  token: string,
  deps: Pick<SessionDeps, 'config' | 'now'>,
): Promise<{ accountId: number; sessionId: number } | null> {
  try {
    const { payload } = await jwtVerify(token, key(deps.config), {
      issuer: ISSUER,
      algorithms: ['HS256'],
      currentDate: deps.now(),
    });
    if (payload.typ !== ACCESS || typeof payload.sid !== 'number' || !payload.sub) return null;
    return { accountId: Number(payload.sub), sessionId: payload.sid };
  } catch {
    return null;
  }
}

export interface RegisterInput {
  email: string;
  username: string;
  password: string;
  firstName?: string | null;
  lastName?: string | null;
}

/** Creates the account and its first session; `input` was checked where it is declared (RegisterInput). */
export async function register(deps: SessionDeps, input: RegisterInput): Promise<TokenPair> {
  const { email, username } = input;
  const firstName = input.firstName ?? '';
  const lastName = input.lastName ?? '';
  const taken = await deps.prisma.account.findFirst({
    where: { OR: [{ email }, { username: { equals: username, mode: 'insensitive' } }] },
    select: { email: true },
  });
  if (taken) throw conflict(taken.email === email ? 'An account with this email exists' : 'This username is taken');
  const account = await deps.prisma.account
    .create({
      data: {
        email,
        username,
        firstName,
        lastName,
        passwordHash: await hashPassword(input.password),
      },
    })
    .catch((error: { code?: string }) => {
      // Two registrations racing for one name: the unique index decides.
      if (error.code === 'P2002') throw conflict('An account with this email or username exists');
      throw error;
    });
  const session = await deps.prisma.session.create({ data: { accountId: account.id } });
  return issuePair(deps, account.id, session.id);
}

// Compared against when the email is unknown, so both failures take as long.
let dummyHash: Promise<string> | undefined;

export async function login(deps: SessionDeps, email: string, password: string, clientAddress: string) {
  const normalized = email.trim().toLowerCase();
  // Charged before the password is checked: parallel guesses get no more checks than the budget.
  const attempt = await deps.throttle.reserve(normalized, clientAddress);

  const account = await deps.prisma.account.findUnique({
    where: { email: normalized },
    select: { id: true, passwordHash: true },
  });
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  const ok = await verifyPassword(password, account?.passwordHash ?? (await dummyHash));
  if (!account || !ok) throw unauthenticated('Invalid email or password');
  await attempt.succeeded();
  const session = await deps.prisma.session.create({ data: { accountId: account.id } });
  return issuePair(deps, account.id, session.id);
}

export async function refresh(deps: SessionDeps, refreshToken: string): Promise<TokenPair> {
  const now = deps.now();
  const stored = await deps.prisma.refreshToken.findUnique({
    where: { tokenHash: hashSecret(refreshToken) },
    include: { session: true },
  });
  const invalid = () => unauthenticated('Invalid or expired refresh token');
  if (!stored || stored.session.revokedAt) throw invalid();
  if (stored.usedAt) {
    await revokeSession(deps.prisma, stored.sessionId, now, 'refresh token reused');
    throw invalid();
  }
  if (stored.expiresAt <= now) throw invalid();
  // Only one of two concurrent refreshes with the same token may win.
  const claimed = await deps.prisma.refreshToken.updateMany({
    where: { id: stored.id, usedAt: null },
    data: { usedAt: now },
  });
  if (claimed.count !== 1) {
    await revokeSession(deps.prisma, stored.sessionId, now, 'refresh token reused');
    throw invalid();
  }
  return issuePair(deps, stored.session.accountId, stored.sessionId);
}

export async function revokeSession(prisma: PrismaClient, sessionId: number, now: Date, reason: string) {
  await prisma.session.updateMany({
    where: { id: sessionId, revokedAt: null },
    data: { revokedAt: now, revokedReason: reason },
  });
}
