// Secrets handed to clients: personal access tokens and legacy api keys. Their format is
// recognisable (a fixed prefix, so secret scanners can find leaks) and self-checking (a
// CRC32 checksum, so typos are refused without a database read), like GitHub's tokens.
// Only a SHA-256 of a secret is ever stored.
import { createHash, randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_LENGTH = 32;
const CHECKSUM_LENGTH = 6;

export const TOKEN_PREFIX = 'mpg_pat_';
export const LEGACY_KEY_PREFIX = 'mpg_key_';
/** How much of a secret is kept in clear to tell tokens apart in lists. */
export const VISIBLE_PREFIX_LENGTH = TOKEN_PREFIX.length + 4;

function base62(bytes: Buffer, length: number): string {
  // Rejection sampling keeps every character equally likely.
  let out = '';
  let pool = bytes;
  let index = 0;
  while (out.length < length) {
    if (index >= pool.length) {
      pool = randomBytes(length * 2);
      index = 0;
    }
    const byte = pool[index++]!;
    if (byte < 248) out += BASE62[byte % 62];
  }
  return out;
}

function encodeChecksum(value: number): string {
  let out = '';
  let rest = value >>> 0;
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text)) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function generateSecret(prefix: string): string {
  const body = base62(randomBytes(RANDOM_LENGTH * 2), RANDOM_LENGTH);
  return `${prefix}${body}${encodeChecksum(crc32(body))}`;
}

/** True when the secret has the prefix, length and a matching checksum. */
export function isWellFormedSecret(secret: string, prefix: string): boolean {
  if (!secret.startsWith(prefix) || secret.length !== prefix.length + RANDOM_LENGTH + CHECKSUM_LENGTH) return false;
  const body = secret.slice(prefix.length, prefix.length + RANDOM_LENGTH);
  const checksum = secret.slice(prefix.length + RANDOM_LENGTH);
  return /^[0-9A-Za-z]+$/.test(body) && encodeChecksum(crc32(body)) === checksum;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function visiblePrefix(secret: string): string {
  return secret.slice(0, VISIBLE_PREFIX_LENGTH);
}
