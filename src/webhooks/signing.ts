// How a delivery proves where it came from: an HMAC-SHA256 of `${timestamp}.${body}` under
// the webhook's secret, sent as `Marketplace-Signature: t=<unix seconds>,v1=<hex>` (Stripe's
// scheme). The timestamp is signed too, so a receiver can refuse old (replayed) deliveries.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'Marketplace-Signature';
export const EVENT_ID_HEADER = 'Marketplace-Event-Id';
export const EVENT_TYPE_HEADER = 'Marketplace-Event-Type';
export const ATTEMPT_HEADER = 'Marketplace-Delivery-Attempt';

/** How old a signature receivers should accept by default (seconds), and what `verifySignature` uses. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** The hex HMAC-SHA256 of `${timestamp}.${body}` under `secret`. */
export function signPayload(body: string, secret: string, timestampSeconds: number): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
}

/** The value of the Marketplace-Signature header for `body` signed at `timestampSeconds`. */
export function signatureHeader(body: string, secret: string, timestampSeconds: number): string {
  return `t=${timestampSeconds},v1=${signPayload(body, secret, timestampSeconds)}`;
}

/** The timestamp and every v1 signature of a header (unknown schemes are ignored, as receivers should). */
export function parseSignatureHeader(header: string): { timestamp: number | null; signatures: string[] } {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  return { timestamp, signatures };
}

/**
 * What a receiver runs on each delivery: true when `header` carries a v1 signature of
 * `body` (the raw bytes received, as text) under `secret`, made at most `toleranceSeconds`
 * from now. Compares in constant time.
 */
export function verifySignature(
  header: string | null | undefined,
  body: string,
  secret: string,
  toleranceSeconds: number = DEFAULT_TOLERANCE_SECONDS,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): boolean {
  if (!header) return false;
  const { timestamp, signatures } = parseSignatureHeader(header);
  if (timestamp === null || signatures.length === 0) return false;
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signPayload(body, secret, timestamp), 'hex');
  return signatures.some((signature) => timingSafeEqual(Buffer.from(signature, 'hex'), expected));
}
