// Signed download links. A link is `/downloads/<grantId>?expires=<unix seconds>&signature=<sig>`
// where sig = base64url(HMAC-SHA256(APP_SECRET, "download-link.v1\n<grantId>\n<expires>")).
// The signature is the credential: the link works without a bearer token, for anyone who
// holds it, until it expires. The purpose prefix keeps these MACs from ever matching
// anything else APP_SECRET signs (session tokens).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const DOWNLOAD_PATH_PREFIX = '/downloads/';
const PURPOSE = 'download-link.v1';

export interface DownloadLinkParams {
  grantId: number;
  /** Unix time in seconds after which the link stops working. */
  expires: number;
}

function requireSecret(secret: string | undefined): string {
  if (!secret) throw new Error('APP_SECRET is not set: resolveAppSecret() runs before the gateway starts');
  return secret;
}

function mac(secret: string, { grantId, expires }: DownloadLinkParams): Buffer {
  return createHmac('sha256', requireSecret(secret)).update(`${PURPOSE}\n${grantId}\n${expires}`).digest();
}

export function signDownloadLink(secret: string | undefined, params: DownloadLinkParams): string {
  return mac(requireSecret(secret), params).toString('base64url');
}

/** The path and query of a link (the gateway's origin goes in front). */
export function downloadLinkPath(secret: string | undefined, params: DownloadLinkParams): string {
  const query = new URLSearchParams({ expires: String(params.expires), signature: signDownloadLink(secret, params) });
  return `${DOWNLOAD_PATH_PREFIX}${params.grantId}?${query}`;
}

export type ParsedDownloadLink = { ok: true; grantId: number; expires: number } | { ok: false; reason: 'malformed' | 'bad-signature' };

const POSITIVE_INT = /^[1-9]\d{0,15}$/;

/**
 * Reads a link's grant id and expiry and checks its signature (in constant time). Expiry is
 * the caller's job: it needs the gateway's clock.
 */
export function verifyDownloadLink(secret: string | undefined, url: URL): ParsedDownloadLink {
  const idText = url.pathname.slice(DOWNLOAD_PATH_PREFIX.length);
  const expiresText = url.searchParams.get('expires') ?? '';
  const signature = url.searchParams.get('signature') ?? '';
  if (!POSITIVE_INT.test(idText) || !POSITIVE_INT.test(expiresText) || !/^[A-Za-z0-9_-]{1,128}$/.test(signature)) {
    return { ok: false, reason: 'malformed' };
  }
  const params = { grantId: Number(idText), expires: Number(expiresText) };
  if (!Number.isSafeInteger(params.grantId) || !Number.isSafeInteger(params.expires)) return { ok: false, reason: 'malformed' };
  // Compare the encoded text, not decoded bytes: base64 decoding ignores the spare bits of the
  // last character, so two different strings could decode to the same MAC.
  const expected = Buffer.from(signDownloadLink(secret, params), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  // timingSafeEqual needs equal lengths; the length of a MAC is no secret.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
  return { ok: true, ...params };
}
