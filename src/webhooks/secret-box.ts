// Webhook secrets at rest. The worker needs a secret in clear to sign, so it cannot be
// hashed like a token; it is stored encrypted instead: AES-256-GCM under a key derived from
// APP_SECRET with HKDF-SHA256 and a purpose label (so no other use of APP_SECRET shares the
// key). The stored text says its format and which key made it:
//
//   v1:<key id>:<iv, base64url>:<ciphertext + GCM tag, base64url>
//
// The key id (HKDF of APP_SECRET under another label; it reveals nothing of the key) lets
// `decryptSecret` take several APP_SECRETs while they rotate, and `needsReencryption` find
// the rows still under an old one.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const FORMAT = 'v1';
const SALT = 'marketplace-gateway';
const KEY_LABEL = 'webhook-secret/aes-256-gcm/v1';
const KEY_ID_LABEL = 'webhook-secret/key-id/v1';
/** Binds a ciphertext to its purpose: it cannot be passed off as another kind of sealed value. */
const AAD = Buffer.from('webhook-secret');
const IV_BYTES = 12;
const TAG_BYTES = 16;

export const WEBHOOK_SECRET_PREFIX = 'whsec_';
export const CALLER_SECRET_MIN_LENGTH = 16;
export const CALLER_SECRET_MAX_LENGTH = 128;

export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

interface Key {
  id: string;
  key: Buffer;
}

const keys = new Map<string, Key>();

function keyOf(appSecret: string): Key {
  let key = keys.get(appSecret);
  if (!key) {
    if (appSecret.length < 32) throw new SecretBoxError('APP_SECRET must be at least 32 characters');
    key = {
      id: Buffer.from(hkdfSync('sha256', appSecret, SALT, KEY_ID_LABEL, 6)).toString('base64url'),
      key: Buffer.from(hkdfSync('sha256', appSecret, SALT, KEY_LABEL, 32)),
    };
    keys.set(appSecret, key);
  }
  return key;
}

/** A new signing secret: `whsec_` and 32 random bytes (base64url). */
export function generateWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** Why a secret chosen by the caller is refused (for a BAD_USER_INPUT naming `secret`), or null. */
export function checkCallerSecret(secret: string): string | null {
  if (secret.length < CALLER_SECRET_MIN_LENGTH || secret.length > CALLER_SECRET_MAX_LENGTH) {
    return `must be ${CALLER_SECRET_MIN_LENGTH} to ${CALLER_SECRET_MAX_LENGTH} characters`;
  }
  if (!/^[\x21-\x7e]+$/.test(secret)) return 'must be printable ASCII without spaces';
  return null;
}

/** Seals `secret` under the key derived from `appSecret`. */
export function encryptSecret(secret: string, appSecret: string): string {
  const { id, key } = keyOf(appSecret);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(AAD);
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${FORMAT}:${id}:${iv.toString('base64url')}:${sealed.toString('base64url')}`;
}

/**
 * Opens a stored secret. `appSecrets` may list several (the current APP_SECRET first, then
 * those being retired): the one whose key id the text names is used. Throws a
 * SecretBoxError when the text is not a sealed secret, no key matches, or it was altered.
 */
export function decryptSecret(stored: string, appSecrets: string | readonly string[]): string {
  const parts = stored.split(':');
  if (parts.length !== 4 || parts[0] !== FORMAT) throw new SecretBoxError('not a sealed webhook secret');
  const [, keyId, ivText, sealedText] = parts as [string, string, string, string];
  const key = (typeof appSecrets === 'string' ? [appSecrets] : appSecrets).map(keyOf).find((k) => k.id === keyId);
  if (!key) throw new SecretBoxError('sealed under another APP_SECRET');
  const iv = Buffer.from(ivText, 'base64url');
  const sealed = Buffer.from(sealedText, 'base64url');
  if (iv.length !== IV_BYTES || sealed.length < TAG_BYTES) throw new SecretBoxError('not a sealed webhook secret');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, iv).setAAD(AAD);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretBoxError('the sealed secret was altered');
  }
}

/** True when `stored` was not sealed under `appSecret` (re-encrypt it after a rotation). */
export function needsReencryption(stored: string, appSecret: string): boolean {
  return stored.split(':')[1] !== keyOf(appSecret).id;
}
